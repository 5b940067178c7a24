"""Forms of the coaches' case screens."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.rich_text import get_rich_text_editor_widget

from .forms import ALLOWED_NOTE_ATTACHMENTS, AttachmentsField
from .models import IdeaIndexPage, NoteVisibility, Organisation
from .selectors import idea_indexes_for_user
from .services.notes import NOTE_FEATURES
from .workflow import Outcome, Transition


class VersionedForm(forms.Form):
    # The version of the case the user saw: a concurrent change is detected.
    version = forms.IntegerField(widget=forms.HiddenInput)


class TransitionForm(VersionedForm):
    comment = forms.CharField(
        label=_("Kommentar (syns bara för coacherna)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, transition: Transition, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.transition = transition
        # Shown beside the button: why the guard would refuse it right now.
        self.blocked_reason = transition.blocked_reason(case)
        prefix = transition.name
        self.prefix = prefix
        if "reason" in transition.requires:
            self.fields["reason"] = forms.CharField(
                label=_("Skäl (skickas till idébäraren)"),
                widget=forms.Textarea(attrs={"rows": 3}),
                error_messages={"required": _("Skriv ett skäl. Det skickas till idébäraren.")},
            )
        if "outcome" in transition.requires:
            self.fields["outcome"] = forms.ChoiceField(
                label=_("Utfall"),
                choices=[("", _("Välj utfall"))] + list(Outcome.choices),
                error_messages={"required": _("Välj ett utfall för att avsluta ärendet.")},
            )
        if "organisation" in transition.optional:
            self.fields["organisation"] = forms.ModelChoiceField(
                label=_("Organisation"),
                queryset=Organisation.objects.filter(index_id=case.index_id),
                required=False,
            )


class AssignForm(VersionedForm):
    coaches = forms.ModelMultipleChoiceField(
        label=_("Coacher"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, assignable, **kwargs):
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
