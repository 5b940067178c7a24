"""The host site's own pages and per-site settings.

Each municipality is a Wagtail Site whose root is a ``HomePage``; the plugins'
index pages live below it. Footer contact details ("en väg in") are a site
setting so each municipality edits its own.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import BodyBlock


class HomePage(Page):
    intro = models.CharField(_("ingress"), max_length=400, blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("innehåll"))

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
    ]
    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("startsida")
        verbose_name_plural = _("startsidor")


class StandardPage(Page):
    intro = models.CharField(_("ingress"), max_length=400, blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("innehåll"))

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
    ]
    parent_page_types = ["cms.HomePage", "cms.StandardPage"]

    class Meta:
        verbose_name = _("standardsida")
        verbose_name_plural = _("standardsidor")


@register_setting(icon="site")
class SiteContact(BaseSiteSetting):
    """The municipality's "en väg in": one way in for every question."""

    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    email = models.EmailField(_("e-post"), blank=True)
    phone = models.CharField(_("telefon"), max_length=40, blank=True)
    address = models.TextField(_("besöksadress"), blank=True)
    opening_hours = models.CharField(_("öppettider"), max_length=200, blank=True)
    footer_text = RichTextField(
        _("text i sidfoten"), blank=True, features=["bold", "italic", "link"]
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("sida om personuppgifter"),
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("organisation"),
                FieldPanel("email"),
                FieldPanel("phone"),
                FieldPanel("address"),
                FieldPanel("opening_hours"),
            ],
            heading=_("En väg in"),
        ),
        FieldPanel("footer_text"),
        FieldPanel("privacy_page"),
    ]

    class Meta:
        verbose_name = _("kontaktuppgifter")


# The yearly report's page type lives with the rest of the follow-up.
from .reporting.models import AnnualReportPage  # noqa: E402, F401
