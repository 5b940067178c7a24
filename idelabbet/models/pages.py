"""The public side: an ideas index and the idea pages below it.

An ``IdeaPage`` holds only what may be public. Whoever submitted it is kept in
``IdeaSubmission`` (see ``submissions``), never on the page, so the page can be
published, indexed and syndicated without care.
"""

from dataclasses import dataclass

from django import forms
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import Q
from django.utils.formats import number_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Page
from wagtail.search import index

from .choices import HelpWanted, PublicStatus, Theme

IDEAS_PER_PAGE = 12
# The listing counts at most this many ideas ("fler än 1000"): a count over
# every published idea would grow with the municipality's history.
IDEAS_COUNT_LIMIT = 1000


@dataclass
class IdeasWindow:
    """One screen of the ideas index, found by keyset (no OFFSET, no full count)."""

    items: list
    count: int  # at most IDEAS_COUNT_LIMIT + 1
    next_after: int | None = None
    previous_before: int | None = None

    @property
    def count_exceeds_limit(self) -> bool:
        return self.count > IDEAS_COUNT_LIMIT

    @property
    def count_limit(self) -> str:
        # "1 000" in Swedish, "1,000" in English.
        return number_format(IDEAS_COUNT_LIMIT, force_grouping=True)


def _cursor(ideas, raw):
    """The (first_published_at, pk) of the idea a cursor names, or None."""
    try:
        pk = int(raw)
    except (TypeError, ValueError):
        return None
    return ideas.filter(pk=pk).values_list("first_published_at", "pk").first()


def ideas_window(ideas, *, after=None, before=None, per_page: int = IDEAS_PER_PAGE) -> IdeasWindow:
    """The ideas after (older than) or before (newer than) a cursor, newest first.

    Each screen costs the same few queries however many ideas there are: the
    cursor's row, one keyset slice of ``per_page + 1`` and a count bounded by
    ``IDEAS_COUNT_LIMIT``. A cursor that no longer names a listed idea (it was
    unpublished) starts from the newest.
    """
    count = ideas.order_by()[: IDEAS_COUNT_LIMIT + 1].count()
    newest_first = ideas.order_by("-first_published_at", "-pk")
    older = _cursor(ideas, after) if after else None
    newer = _cursor(ideas, before) if before and not older else None
    if newer is not None:
        stamp, pk = newer
        rows = list(
            ideas.filter(
                Q(first_published_at__gt=stamp) | Q(first_published_at=stamp, pk__gt=pk)
            ).order_by("first_published_at", "pk")[: per_page + 1]
        )
        has_newer = len(rows) > per_page
        items = list(reversed(rows[:per_page]))
        return IdeasWindow(
            items=items,
            count=count,
            next_after=items[-1].pk if items else None,
            previous_before=items[0].pk if has_newer and items else None,
        )
    if older is not None:
        stamp, pk = older
        newest_first = newest_first.filter(
            Q(first_published_at__lt=stamp) | Q(first_published_at=stamp, pk__lt=pk)
        )
    rows = list(newest_first[: per_page + 1])
    items = rows[:per_page]
    return IdeasWindow(
        items=items,
        count=count,
        next_after=items[-1].pk if len(rows) > per_page else None,
        previous_before=items[0].pk if older is not None and items else None,
    )


class ChoiceListField(models.JSONField):
    """A list of choice values stored as JSON, edited as checkboxes.

    Portable between SQLite and PostgreSQL (no ArrayField) and simple to index.
    """

    def __init__(self, *args, option_choices=(), **kwargs):
        self.option_choices = list(option_choices)
        kwargs.setdefault("default", list)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["option_choices"] = self.option_choices
        return name, path, args, kwargs

    def formfield(self, **kwargs):
        return forms.MultipleChoiceField(
            choices=self.option_choices,
            required=not self.blank,
            label=capfirst(self.verbose_name),
            help_text=self.help_text,
            widget=forms.CheckboxSelectMultiple,
        )


class IdeaIndexPage(Page):
    intro = models.TextField(_("ingress"), blank=True)
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("sida om personuppgifter"),
        help_text=_("Länkas från samtycket i formuläret för att skicka in en idé."),
    )

    # The roles of the case pipeline, chosen as data: the plugin knows no
    # municipality, the host site says which of its groups hold each role.
    coach_group = models.ForeignKey(
        "auth.Group",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("coacher"),
        help_text=_("Gruppen vars medlemmar är kommunens coacher."),
    )
    lead_group = models.ForeignKey(
        "auth.Group",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("processledare"),
    )
    moderator_group = models.ForeignKey(
        "auth.Group",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("moderatorer"),
    )
    first_contact_days = models.PositiveSmallIntegerField(
        _("dagar till första kontakt"),
        default=5,
        help_text=_("Så många dagar efter att en idé kommit in ska en coach ha tagit kontakt."),
    )
    anonymise_after_months = models.PositiveSmallIntegerField(
        _("månader innan personuppgifter raderas"),
        default=24,
        help_text=_("Räknat från att ärendet avslutades."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("privacy_page")]
    settings_panels = Page.settings_panels + [
        MultiFieldPanel(
            [
                FieldPanel("coach_group"),
                FieldPanel("lead_group"),
                FieldPanel("moderator_group"),
                FieldPanel("first_contact_days"),
                FieldPanel("anonymise_after_months"),
            ],
            heading=_("Ärenden"),
        )
    ]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    subpage_types = ["idelabbet.IdeaPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("idésamling")
        verbose_name_plural = _("idésamlingar")

    def ideas(self):
        return IdeaPage.objects.child_of(self).live().order_by("-first_published_at", "-pk")

    # The filters and the position in the list: the page cache keeps each
    # combination as its own page (cms/pagecache); anything else is not cached.
    page_cache_query_params = ("tema", "status", "efter", "fore")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        ideas = self.ideas()
        theme = request.GET.get("tema", "")
        status = request.GET.get("status", "")
        if theme in Theme.values:
            ideas = ideas.filter(theme=theme)
        else:
            theme = ""
        if status in PublicStatus.values:
            ideas = ideas.filter(public_status=status)
        else:
            status = ""
        window = ideas_window(ideas, after=request.GET.get("efter"), before=request.GET.get("fore"))
        query = {k: v for k, v in (("tema", theme), ("status", status)) if v}
        # For a host's page cache: which ideas this screen shows, and whether a
        # status change of any idea can change it (a status filter).
        request.page_cache_listing = {
            "listed": [idea.pk for idea in window.items],
            "filtered": bool(status),
        }
        context.update(
            ideas=window.items,
            window=window,
            themes=Theme.choices,
            statuses=PublicStatus.choices,
            selected_theme=theme,
            selected_status=status,
            filter_query="&".join(f"{k}={v}" for k, v in query.items()),
        )
        return context


class IdeaPage(Page):
    summary = models.TextField(
        _("vad är idén och vem har nytta av den?"),
        help_text=_("Visas publikt. Ta bort personuppgifter innan idén godkänns."),
    )
    theme = models.CharField(_("tema"), max_length=20, choices=Theme.choices)
    help_wanted = ChoiceListField(_("önskad hjälp"), option_choices=HelpWanted.choices, blank=True)
    for_young_people = models.BooleanField(_("av eller för unga"), default=False)
    public_status = models.CharField(
        _("status"),
        max_length=20,
        choices=PublicStatus.choices,
        default=PublicStatus.RECEIVED,
        help_text=_("Visas på idésidan. Följer ärendets läge."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("theme"),
                FieldPanel("help_wanted"),
                FieldPanel("for_young_people"),
                # The case sets it: its state decides what the public sees.
                FieldPanel("public_status", read_only=True),
            ],
            heading=_("Om idén"),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.FilterField("theme"),
        index.FilterField("public_status"),
        index.FilterField("for_young_people"),
    ]
    parent_page_types = ["idelabbet.IdeaIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("idé")
        verbose_name_plural = _("idéer")

    def with_content_json(self, content):
        # The public status belongs to the case, not to a revision: Wagtail's
        # documented hook for page-wide fields keeps the page's current value
        # when a revision is published or opened, so an old revision never
        # puts an old status back.
        page = super().with_content_json(content)
        page.public_status = self.public_status
        return page

    @property
    def written_language(self) -> str:
        """The language of the idea's own text: the citizen's when they sent it, else the page's.

        An idea written in Arabic sits in the Swedish tree; its title and
        summary are marked up with this language so they are read (and laid
        out, right to left) as what they are.
        """
        try:
            return self.submission.language
        except ObjectDoesNotExist:
            return self.locale.language_code

    def get_help_wanted_display(self) -> list[str]:
        labels = dict(HelpWanted.choices)
        return [str(labels[value]) for value in self.help_wanted if value in labels]
