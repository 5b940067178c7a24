"""The forum's public pages: the index, one page per meeting, one per proposal.

A proposal is a child page of the meeting that produced it: it gets a stable
URL, revisions, the review workflow and search indexing from Wagtail, and its
status timeline is an inline list edited (and reviewed) with the page.
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from ..blocks import DocumentationBlock

FEEDBACK_DUE_AFTER = datetime.timedelta(days=7)


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planerat")
    HELD = "held", _("Genomfört")
    CANCELLED = "cancelled", _("Inställt")


class Season(models.TextChoices):
    SPRING = "var", _("Våren")
    AUTUMN = "host", _("Hösten")


class ProposalStatus(models.TextChoices):
    NEW = "new", _("Nytt")
    PREPARING = "preparing", _("Bereds")
    DECIDED = "decided", _("Beslutat")
    IN_PROGRESS = "in_progress", _("Pågår")
    DONE = "done", _("Genomfört")
    NOT_PURSUED = "not_pursued", _("Går inte vidare")


class ForumIndexPage(RoutablePageMixin, Page):
    intro = models.TextField(_("ingress"), blank=True)
    body = RichTextField(_("text"), blank=True, features=["bold", "italic", "link", "ol", "ul"])

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    subpage_types = ["forum.MeetingPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("forumstartsida")
        verbose_name_plural = _("forumstartsidor")

    @path("")
    def index_route(self, request):
        from ..selectors import meetings_for_index

        upcoming, past_groups = meetings_for_index(index=self)
        return self.render(
            request, context_overrides={"upcoming": upcoming, "past_groups": past_groups}
        )

    @path("forslag/", name="proposals")
    def proposals_route(self, request):
        from ..views import proposals_list

        return proposals_list(request, index=self)

    @path("principer/", name="principles")
    def principles_route(self, request):
        from ..selectors import principles_list

        return self.render(
            request,
            context_overrides={"principles": principles_list()},
            template="forum/principles_page.html",
        )

    @path("samordningsgruppen/", name="coordination")
    def coordination_route(self, request):
        from ..selectors import coordination_members

        return self.render(
            request,
            context_overrides={"members": coordination_members()},
            template="forum/coordination_page.html",
        )

    @path("csam/", name="csam")
    def csam_route(self, request):
        from ..selectors import csam_organisations

        return self.render(
            request,
            context_overrides={"organisations": csam_organisations()},
            template="forum/csam_page.html",
        )

    @path("flode/", name="feed")
    def feed_route(self, request):
        from ..feeds import ProposalFeed

        return ProposalFeed(index=self)(request)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["forum_index"] = self
        return context


class MeetingPageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned = super().clean()
        start = cleaned.get("start")
        closes = cleaned.get("registration_closes")
        if start and closes and closes > start:
            self.add_error(
                "registration_closes",
                _("Anmälan måste stänga senast när mötet börjar."),
            )
        return cleaned


class MeetingPage(Page):
    start = models.DateTimeField(_("datum och tid"))
    end_time = models.TimeField(_("slutar"), null=True, blank=True)
    theme = models.CharField(_("tema"), max_length=255)
    status = models.CharField(
        _("status"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    place = models.CharField(_("plats"), max_length=255, blank=True)
    accessibility = models.TextField(
        _("tillgänglighet"),
        blank=True,
        help_text=_("Hur man tar sig dit, hörslinga, rullstolsplatser, tolkning …"),
    )
    invitation = RichTextField(
        _("inbjudan"), blank=True, features=["bold", "italic", "link", "ol", "ul"]
    )
    registration_closes = models.DateTimeField(
        _("sista anmälningsdag"),
        null=True,
        blank=True,
        help_text=_("Tomt betyder att anmälan är öppen tills mötet börjar."),
    )
    registration_cap = models.PositiveIntegerField(
        _("max antal deltagare"), null=True, blank=True, help_text=_("Tomt betyder inget tak.")
    )
    summary = models.TextField(
        _("sammanfattning"),
        blank=True,
        help_text=_("Kort sammanfattning av mötet; används också i återkopplingen."),
    )
    documentation = StreamField(DocumentationBlock(), blank=True, verbose_name=_("dokumentation"))

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start"), FieldPanel("end_time")]),
                FieldPanel("status"),
                FieldPanel("theme"),
                FieldPanel("place"),
                FieldPanel("accessibility"),
            ],
            heading=_("Mötet"),
        ),
        FieldPanel("invitation"),
        MultiFieldPanel(
            [FieldPanel("registration_closes"), FieldPanel("registration_cap")],
            heading=_("Anmälan"),
        ),
        FieldPanel("summary"),
        FieldPanel("documentation"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("theme"),
        index.SearchField("summary"),
        index.SearchField("invitation"),
        index.SearchField("place"),
        index.SearchField("documentation"),
        index.FilterField("start"),
        index.FilterField("status"),
    ]
    base_form_class = MeetingPageForm
    parent_page_types = ["forum.ForumIndexPage"]
    subpage_types = ["forum.ProposalPage"]

    class Meta:
        verbose_name = _("forummöte")
        verbose_name_plural = _("forummöten")

    def clean(self):
        super().clean()
        errors = {}
        now = timezone.now()
        if self.status == MeetingStatus.HELD and self.start and self.start > now:
            errors["status"] = _(
                "Mötet kan inte markeras som genomfört före mötesdagen (%(date)s)."
            ) % {"date": date_format(timezone.localtime(self.start), "j F Y")}
        if len(self.documentation or []) and self.status != MeetingStatus.HELD:
            errors["documentation"] = _(
                "Dokumentation kan bara läggas in för ett möte som har genomförts. "
                "Markera mötet som genomfört efter mötesdagen först."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def season(self) -> str:
        local = timezone.localtime(self.start)
        return Season.SPRING if local.month <= 6 else Season.AUTUMN

    @property
    def season_label(self) -> str:
        return f"{Season(self.season).label} {timezone.localtime(self.start).year}"

    @property
    def year(self) -> int:
        return timezone.localtime(self.start).year

    @property
    def feedback_due_on(self) -> datetime.date | None:
        if self.status != MeetingStatus.HELD:
            return None
        return timezone.localtime(self.start).date() + FEEDBACK_DUE_AFTER

    def serve(self, request, *args, **kwargs):
        if request.method == "POST":
            from ..views import meeting_register

            return meeting_register(request, meeting=self)
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from ..forms import RegistrationForm
        from ..selectors import meeting_registration_state, proposals_for_meeting

        context = super().get_context(request, *args, **kwargs)
        context["forum_index"] = self.get_parent()
        context["proposals"] = proposals_for_meeting(meeting=self)
        context["registration"] = meeting_registration_state(meeting=self)
        context.setdefault("form", RegistrationForm())
        return context

    def serve_preview(self, request, mode_name):
        # Preview renders the form too; a POST there would try to register.
        if request.method == "POST":
            return redirect(self.url or "/")
        return super().serve_preview(request, mode_name)


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
