"""The accessibility statement (tillgänglighetsredogörelse) and the feedback it collects.

The Swedish law on accessibility of digital public services (DOS-lagen,
2018:1937) requires each public site to publish a statement: how far it
complies, its known shortcomings, when it was last reviewed, a way to report
inaccessible content, and a link to the supervisory authority (DIGG).
"""

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from .site_settings import SiteContact


def default_language() -> str:
    """Reports made before languages were recorded were made in Swedish."""
    return settings.LANGUAGE_CODE


# DIGG's form for reporting a public site that does not comply (its own short link).
DIGG_REPORT_URL = "https://www.digg.se/tdosanmalan"


class Compliance(models.TextChoices):
    FULL = "full", _("helt förenlig")
    PARTIAL = "partial", _("delvis förenlig")
    NONE = "none", _("inte förenlig")


class AccessibilityStatementPage(Page):
    # The page cache (cms/pagecache): it quotes the site's contact details.
    page_cache_site_tags = ("contact",)
    intro = models.TextField(_("ingress"), blank=True)
    compliance = models.CharField(
        _("förenlighet med lagen"),
        max_length=10,
        choices=Compliance.choices,
        default=Compliance.PARTIAL,
    )
    shortcomings = RichTextField(
        _("kända brister"),
        blank=True,
        features=["bold", "italic", "link", "ol", "ul", "h3"],
        help_text=_("Innehåll som inte är tillgängligt, varför, och vad man kan göra i stället."),
    )
    method = RichTextField(
        _("hur vi har testat"), blank=True, features=["bold", "italic", "link", "ul"]
    )
    last_reviewed = models.DateField(_("senast granskad"))
    feedback_email = models.EmailField(
        _("e-post för synpunkter"),
        blank=True,
        help_text=_(
            "Hit skickas synpunkter från formuläret. "
            "Tomt: webbplatsens e-post i kontaktuppgifterna."
        ),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("compliance"), FieldPanel("last_reviewed")], heading=_("Status")
        ),
        FieldPanel("shortcomings"),
        FieldPanel("method"),
        FieldPanel("feedback_email"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("shortcomings"),
    ]
    parent_page_types = ["cms.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1
    template = "cms/accessibility_statement_page.html"

    class Meta:
        verbose_name = _("tillgänglighetsredogörelse")
        verbose_name_plural = _("tillgänglighetsredogörelser")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["digg_report_url"] = DIGG_REPORT_URL
        return context

    def feedback_recipients(self) -> list[str]:
        """Who gets the feedback by email: the page's address, else the site's contact email."""
        if self.feedback_email:
            return [self.feedback_email]
        site = self.get_site()
        contact = SiteContact.for_site(site) if site else None
        return [contact.email] if contact and contact.email else []


class AccessibilityFeedback(models.Model):
    """A visitor's report of inaccessible content, for the site's administrators."""

    statement = models.ForeignKey(
        AccessibilityStatementPage,
        on_delete=models.CASCADE,
        related_name="feedback",
        verbose_name=_("tillgänglighetsredogörelse"),
    )
    page_address = models.CharField(
        _("sidan det gäller"), max_length=500, blank=True, help_text=_("Adress eller rubrik.")
    )
    description = models.TextField(_("vad fungerar inte"))
    name = models.CharField(_("namn"), max_length=200, blank=True)
    email = models.EmailField(_("e-post"), blank=True)
    created_at = models.DateTimeField(_("inkommen"), auto_now_add=True)
    emailed_at = models.DateTimeField(_("skickad med e-post"), null=True, blank=True)
    # The page's language when the visitor wrote: the administrators see it.
    language = models.CharField(_("språk"), max_length=15, default=default_language, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("synpunkt på tillgängligheten")
        verbose_name_plural = _("synpunkter på tillgängligheten")

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d} {self.description[:60]}"

    def get_language_display(self) -> str:
        """The visitor's language in the reader's ("Arabiska"), so the reply can be in it."""
        try:
            return str(translation.get_language_info(self.language)["name_translated"])
        except KeyError:
            return self.language
