/* The public sites' only script (a static file: the Content-Security-Policy allows no inline script).
 * After a failed submission the error summary takes focus, as in the GOV.UK Design System:
 * a keyboard or screen reader user starts at the list of what to correct. */
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
    // A link in the summary moves focus to its field, not only the scroll position.
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      if (!link) { return; }
      var target = document.getElementById(link.getAttribute("href").slice(1));
      if (!target) { return; }
      event.preventDefault();
      var field = target.matches("input, select, textarea") ? target : target.querySelector("input, select, textarea");
      (field || target).focus();
      var label = field && field.id ? document.querySelector("label[for='" + field.id + "']") : null;
      (label || field || target).scrollIntoView({ block: "start" });
    });
  } else {
    // A confirmation after a redirect (registration, feedback) is read out:
    // role="status" alone is not announced when it is already there on page load.
    var confirmation = document.querySelector(".confirmation[role='status']");
    if (confirmation) {
      confirmation.setAttribute("tabindex", "-1");
      confirmation.focus();
    }
  }
})();
