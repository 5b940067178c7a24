// The note editor (Draftail) copies what was typed into its hidden input a
// quarter of a second after the last keystroke. A coach who saves at once
// would lose the last words: on submit, ask every editor in the form to save
// its state now, before the browser reads the form's values.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-note-form")) {
    return;
  }
  form.querySelectorAll("[data-draftail-input]").forEach((input) => {
    const editor = input.draftailEditor;
    if (editor && typeof editor.saveState === "function") {
      editor.saveState();
    }
  });
}, true);
