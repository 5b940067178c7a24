"""The public side: an ideas index and the idea pages below it.

An ``IdeaPage`` holds only what may be public. Whoever submitted it is kept in
``IdeaSubmission`` (see ``submissions``), never on the page, so the page can be
published, indexed and syndicated without care.
"""

from django import forms
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Page
from wagtail.search import index

from .choices import HelpWanted, PublicStatus, Theme

IDEAS_PER_PAGE = 12


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
        paginator = Paginator(ideas, IDEAS_PER_PAGE)
        try:
            page_obj = paginator.page(request.GET.get("sida", 1))
        except PageNotAnInteger:
            page_obj = paginator.page(1)
        except EmptyPage:
            page_obj = paginator.page(paginator.num_pages)
        query = {k: v for k, v in (("tema", theme), ("status", status)) if v}
        context.update(
            ideas=page_obj.object_list,
            page_obj=page_obj,
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

    def get_help_wanted_display(self) -> list[str]:
        labels = dict(HelpWanted.choices)
        return [str(labels[value]) for value in self.help_wanted if value in labels]

    def get_context(self, request, *args, **kwargs):
        from ..forms import ParticipationForm

        context = super().get_context(request, *args, **kwargs)
        context.setdefault("participation_form", ParticipationForm(prefix="med"))
        return context

    def serve(self, request, *args, **kwargs):
        # The "Vill du vara med?" form posts to the page itself, as Wagtail's
        # form pages do; the view keeps the page model free of form handling.
        from ..views.participation import serve_idea_page

        return serve_idea_page(self, request, *args, **kwargs)

    def serve_page(self, request, *args, **kwargs):
        return super().serve(request, *args, **kwargs)
