"""The forum's public pages: the index and one page per meeting."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
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


class ForumPageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Imported here: Wagtail's rich text admin needs the app registry ready.
        from ..widgets import label_rich_text_fields

        label_rich_text_fields(self)


class ForumIndexPage(RoutablePageMixin, Page):
    intro = models.TextField(_("ingress"), blank=True)
    body = RichTextField(_("text"), blank=True, features=["bold", "italic", "link", "ol", "ul"])
    # Chosen as data: the plugin knows no municipality's groups.
    lead_group = models.ForeignKey(
        "auth.Group",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("ansvariga för uppföljningen"),
        help_text=_(
            "Gruppen som får veta när återkopplingen till ett mötes deltagare inte har "
            "skickats inom en vecka."
        ),
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    settings_panels = Page.settings_panels + [FieldPanel("lead_group")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    base_form_class = ForumPageForm
    subpage_types = ["forum.MeetingPage"]
    max_count_per_parent = 1
    # For a host's page cache: the proposals list's filters (forslag/?status=…)
    # are part of what it may keep; any other query string is not.
    page_cache_query_params = ("meeting", "status", "principle")

    class Meta:
        verbose_name = _("forumstartsida")
        verbose_name_plural = _("forumstartsidor")

    @path("")
    def index_route(self, request):
        from ..selectors import changes_at, meetings_for_index

        upcoming, past_groups = meetings_for_index(index=self)
        if upcoming:
            changes_at(request, upcoming[0].start)
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

    @path("avanmalan/<str:token>/", name="cancel_registration")
    def cancel_registration_route(self, request, token):
        from ..views import registration_cancel_view

        return registration_cancel_view(request, index=self, token=token)

    @path("flode/", name="feed")
    def feed_route(self, request):
        from ..feeds import ProposalFeed

        return ProposalFeed(index=self)(request)

    def page_cache_tags(self) -> set[str]:
        """Read by a host's page cache (cms.pagecache): the proposals list (forslag/)
        shows the meetings' children, so a proposal coming, going or changing refreshes it."""
        paths = MeetingPage.objects.child_of(self).values_list("path", flat=True)
        return {f"{family}:{path}" for path in paths for family in ("children", "filtered")}

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["forum_index"] = self
        return context


class MeetingPageForm(ForumPageForm):
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


class MeetingPage(RoutablePageMixin, Page):
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

    @property
    def original(self) -> "MeetingPage":
        """The page in the source language (Swedish) that this page translates, or itself.

        Registrations belong to it whichever language they are made in, so the
        organisers see one list and the cap counts everybody.
        """
        if self.locale.language_code == settings.LANGUAGE_CODE:
            return self
        return (
            MeetingPage.objects.filter(
                translation_key=self.translation_key, locale__language_code=settings.LANGUAGE_CODE
            ).first()
            or self
        )

    @path("")
    def meeting_route(self, request):
        if request.method == "POST":
            # A registration form rendered on this page before it moved to a
            # page of its own (a tab left open): registered all the same.
            from ..views import meeting_registration_view

            return meeting_registration_view(request, meeting=self)
        return self.render(request)

    @path("anmalan/", name="register")
    def registration_route(self, request):
        """The registration form, on a page of its own.

        The meeting page carries no form and no per-visitor token, so a host's
        page cache can keep it; this page sets the CSRF cookie and is never kept.
        """
        from ..views import meeting_registration_view

        return meeting_registration_view(request, meeting=self)

    def page_cache_tags(self) -> set[str]:
        """Read by a host's page cache (cms.pagecache): a translation shows the places left
        of its Swedish original, so a registration there must refresh it too."""
        original = self.original
        return {f"page:{original.pk}"} if original.pk != self.pk else set()

    def get_context(self, request, *args, **kwargs):
        from ..links import url_in_active_language
        from ..selectors import changes_at, meeting_registration_state, proposals_for_meeting

        context = super().get_context(request, *args, **kwargs)
        context["forum_index"] = self.get_parent()
        context["proposals"] = proposals_for_meeting(meeting=self)
        registration = meeting_registration_state(meeting=self.original)
        context["registration"] = registration
        if registration.changes_at is not None:
            # Registration closing or the meeting starting changes the page.
            changes_at(request, registration.changes_at)
        # In the language the visitor reads (/ar/… on an untranslated meeting too).
        context["meeting_url"] = url_in_active_language(self, request=request)
        context["registration_url"] = url_in_active_language(
            self, self.reverse_subpage("register"), request=request
        )
        return context

    def serve_preview(self, request, mode_name):
        # Preview renders the form too; a POST there would try to register.
        if request.method == "POST":
            return redirect(self.url or "/")
        return super().serve_preview(request, mode_name)
