"""Forms of the coaches' case screens."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.rich_text import get_rich_text_editor_widget

from .forms import ALLOWED_NOTE_ATTACHMENTS, AttachmentsField
from .models import IdeaIndexPage, NoteVisibility, Organisation
from .selectors import idea_indexes_for_user
from .services.notes import NOTE_FEATURES
from .workflow import NOTE_READERS, GrantDecision, Outcome, Role, Transition

# How the readers of a note are named beside its visibility.
READER_LABELS = {
    Role.ASSIGNED: _("ärendets coacher"),
    Role.COACH: _("kommunens coacher"),
    Role.LEAD: _("processledaren"),
    Role.MODERATOR: _("moderatorerna"),
    Role.CITIZEN: _("idébäraren"),
}


class VersionedForm(forms.Form):
    # The version of the case the user saw: a concurrent change is detected.
    version = forms.IntegerField(widget=forms.HiddenInput)


class NextStepForm(VersionedForm):
    """The "next step" panel: one comment field shared by every transition allowed now.

    Each button posts this form to its own transition. The fields a transition
    needs (``Transition.requires``/``optional``) are added when one of the
    transitions shown needs them; whether they are filled in is the service's
    rule (``case_transition``), whose messages land next to these fields.
    """

    comment = forms.CharField(
        label=_("Kommentar (syns bara för coacherna)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, transitions: list[Transition], case, **kwargs):
        super().__init__(*args, **kwargs)
        self.transitions = transitions
        # Shown beside each button: why the guard would refuse it right now.
        self.blocked = {t.name: t.blocked_reason(case) for t in transitions}
        needs = {n for t in transitions for n in (*t.requires, *t.optional)}
        if "grant" in needs:
            self.fields["grant_decision"] = forms.ChoiceField(
                label=_("Beslut"),
                choices=GrantDecision.choices,
                required=False,
                widget=forms.RadioSelect,
            )
            self.fields["grant_amount"] = forms.IntegerField(
                label=_("Beviljat belopp i kronor"),
                required=False,
                min_value=1,
                error_messages={"invalid": _("Skriv beloppet i hela kronor, bara siffror.")},
            )
        if "reason" in needs or "grant" in needs:
            self.fields["reason"] = forms.CharField(
                label=_("Skäl till idébäraren (vid avböjt eller avslag; skickas med e-post)"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        if "outcome" in needs:
            self.fields["outcome"] = forms.ChoiceField(
                label=_("Utfall (när ärendet avslutas)"),
                choices=[("", _("Välj utfall"))] + list(Outcome.choices),
                required=False,
            )
        if "organisation" in needs:
            self.fields["organisation"] = forms.ModelChoiceField(
                label=_("Organisation (vid hänvisning)"),
                queryset=Organisation.objects.filter(index_id=case.index_id),
                required=False,
            )

    def buttons(self):
        return [(t, self.blocked[t.name]) for t in self.transitions]


class FollowUpForm(forms.Form):
    def __init__(self, *args, **kwargs):
        # Its own ids: the next-step form on the same page has a "reason" too.
        kwargs.setdefault("auto_id", "uppfoljning-%s")
        super().__init__(*args, **kwargs)

    due_on = forms.DateField(
        label=_("Datum"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": _("Välj ett datum."),
            "invalid": _("Skriv datumet som ÅÅÅÅ-MM-DD."),
        },
    )
    reason = forms.CharField(
        label=_("Varför (t.ex. avtalat samtal)"),
        max_length=300,
        error_messages={"required": _("Skriv varför: det står i påminnelsen.")},
    )


class AssignForm(VersionedForm):
    coaches = forms.ModelMultipleChoiceField(
        label=_("Coacher"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, assignable, **kwargs):
        # Its own ids: the case page holds several forms with a "version" field.
        kwargs.setdefault("auto_id", "team-%s")
        super().__init__(*args, **kwargs)
        self.fields["coaches"].queryset = assignable
        self.fields["coaches"].label_from_instance = lambda u: u.get_full_name() or u.get_username()


class NoteForm(forms.Form):
    body = forms.CharField(
        label=_("Anteckning"),
        widget=get_rich_text_editor_widget(features=NOTE_FEATURES),
        error_messages={"required": _("Skriv något i anteckningen.")},
    )
    visibility = forms.ChoiceField(
        label=_("Vem ser anteckningen?"),
        choices=NoteVisibility.choices,
        initial=NoteVisibility.TEAM,
        widget=forms.RadioSelect,
        help_text=_("Delad med idébäraren visas på idébärarens statussida och skickas med e-post."),
    )
    attachments = AttachmentsField(
        allowed=ALLOWED_NOTE_ATTACHMENTS,
        label=_("Bilagor (PDF, Word, OpenDocument, RTF, text, JPG eller PNG)"),
        help_text=_("Bilagor syns för samma personer som anteckningen, aldrig för idébäraren."),
    )

    class Media:
        js = ["idelabbet/js/note_form.js"]

    def visibility_options(self):
        """Each radio with who reads a note of that visibility (from ``workflow.NOTE_READERS``)."""
        for radio in self["visibility"]:
            readers = [
                str(READER_LABELS[r]) for r in Role if r in NOTE_READERS[radio.data["value"]]
            ]
            yield radio, ", ".join([str(_("du")), *readers])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Draftail types into its own editable area, not the hidden input the
        # <label> points at: name that area by the label's id. (A new dict: the
        # widget's options are shared between copies of the form.)
        widget = self.fields["body"].widget
        widget.options = {**widget.options, "ariaLabelledBy": f"{self['body'].id_for_label}-label"}


class OrganisationForm(WagtailAdminModelForm):
    """An entry of the directory, always in a municipality the user works in.

    A new entry goes to the user's own municipality (a choice among theirs only
    if they work in several); an existing one stays where it is, since its
    referrals belong to that municipality's cases.
    """

    class Meta:
        model = Organisation
        fields = ["index", "name", "kind", "themes", "contact", "website", "is_public"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["index"]
            return
        user = self.for_user
        indexes = (
            list(idea_indexes_for_user(user=user).order_by("path"))
            if user is not None
            else list(IdeaIndexPage.objects.none())
        )
        if len(indexes) == 1:
            self.instance.index = indexes[0]
            del self.fields["index"]
        else:
            self.fields["index"].queryset = IdeaIndexPage.objects.filter(
                pk__in=[index.pk for index in indexes]
            )
