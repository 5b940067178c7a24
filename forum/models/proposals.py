"""Proposals: one page per proposal, a child of the meeting that produced it.

As a page a proposal gets a stable URL, revisions, the review workflow and
search indexing from Wagtail; its status timeline is an inline list edited
(and reviewed) with the page.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.models import Orderable, Page
from wagtail.search import index


class ProposalStatus(models.TextChoices):
    NEW = "new", _("Nytt")
    PREPARING = "preparing", _("Bereds")
    DECIDED = "decided", _("Beslutat")
    IN_PROGRESS = "in_progress", _("Pågår")
    # Not the meeting's "Genomfört" (held): a proposal is carried out.
    DONE = "done", pgettext_lazy("förslag", "Genomfört")
    NOT_PURSUED = "not_pursued", _("Går inte vidare")


class ProposalPageForm(WagtailAdminPageForm):
    """Checks the timeline as a whole: dates after the meeting, not in the future."""

    def clean(self):
        cleaned = super().clean()
        formset = self.formsets.get("status_updates")
        if formset is None or not formset.is_valid():
            return cleaned
        meeting = self.parent_page if self.instance.pk is None else self.instance.get_parent()
        meeting = meeting.specific if meeting else None
        meeting_day = timezone.localtime(meeting.start).date() if meeting else None
        today = timezone.localdate()
        for form in formset.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if not data or data.get("DELETE"):
                continue
            on = data.get("date")
            if on and meeting_day and on < meeting_day:
                form.add_error(
                    "date",
                    _("En uppdatering kan inte vara daterad före mötet där förslaget kom (%(d)s).")
                    % {"d": meeting_day.isoformat()},
                )
            elif on and on > today:
                form.add_error("date", _("En uppdatering kan inte vara daterad i framtiden."))
        return cleaned


class ProposalPage(Page):
    description = models.TextField(_("beskrivning"))
    responsible = models.CharField(
        _("ansvarig"), max_length=255, blank=True, help_text=_("Vem som driver förslaget vidare.")
    )
    principles = ParentalManyToManyField(
        "forum.GuidingPrinciple",
        blank=True,
        related_name="proposals",
        verbose_name=_("vägledande principer"),
    )
    # Follows the latest entry in the timeline; stored for filtering.
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ProposalStatus.choices,
        default=ProposalStatus.NEW,
        editable=False,
    )

    content_panels = Page.content_panels + [
        FieldPanel("description"),
        FieldPanel("responsible"),
        FieldPanel("principles", widget=forms.CheckboxSelectMultiple),
        InlinePanel(
            "status_updates",
            heading=_("Uppföljning"),
            label=_("Statusuppdatering"),
            help_text=_("Förslagets status är den senaste uppdateringens status."),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("description"),
        index.SearchField("responsible"),
        index.FilterField("status"),
        index.RelatedFields("status_updates", [index.SearchField("note")]),
    ]
    base_form_class = ProposalPageForm
    parent_page_types = ["forum.MeetingPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("förslag")
        verbose_name_plural = _("förslag")

    def serve(self, request, *args, **kwargs):
        # Wagtail routes through unpublished parents; a proposal of an
        # unpublished meeting must not be reachable on its own.
        if not self.get_parent().live:
            raise Http404
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        meeting = self.get_parent()
        context["meeting"] = meeting
        context["forum_index"] = meeting.get_parent() if meeting else None
        return context

    def timeline(self) -> list["ProposalStatusUpdate"]:
        return sorted(self.status_updates.all(), key=lambda u: (u.date, u.sort_order or 0))

    def current_status(self) -> str:
        timeline = self.timeline()
        return timeline[-1].status if timeline else ProposalStatus.NEW

    @property
    def not_pursued_reason(self) -> str:
        if self.status != ProposalStatus.NOT_PURSUED:
            return ""
        return self.timeline()[-1].note

    def full_clean(self, *args, **kwargs):
        self.status = self.current_status()
        super().full_clean(*args, **kwargs)

    def save(self, *args, **kwargs):
        self.status = self.current_status()
        return super().save(*args, **kwargs)


class ProposalStatusUpdate(Orderable):
    page = ParentalKey(ProposalPage, on_delete=models.CASCADE, related_name="status_updates")
    date = models.DateField(_("datum"))
    status = models.CharField(_("status"), max_length=20, choices=ProposalStatus.choices)
    note = models.TextField(
        _("vad har hänt"),
        blank=True,
        help_text=_("Obligatoriskt när förslaget inte går vidare: skriv skälet."),
    )

    panels = [FieldRowPanel([FieldPanel("date"), FieldPanel("status")]), FieldPanel("note")]

    class Meta(Orderable.Meta):
        verbose_name = _("statusuppdatering")
        verbose_name_plural = _("statusuppdateringar")

    def clean(self):
        if self.status == ProposalStatus.NOT_PURSUED and not self.note.strip():
            raise ValidationError(
                {"note": _("Skriv varför förslaget inte går vidare – skälet visas öppet.")}
            )
