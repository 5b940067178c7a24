"""The host site's own pages.

Each municipality is a Wagtail Site whose root is a ``HomePage``; the plugins'
index pages live below it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from ..blocks import BodyBlock


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
