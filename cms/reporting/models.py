"""The yearly report (årsrapport) of a municipality, published as a page.

Its numbers are a snapshot taken when the lead produces it (``services``):
the published report says what was true when it was handed to the council,
and later edits of cases do not change it. The snapshot is taken with the
small-numbers rule applied (``figures.SMALL_NUMBER_LIMIT``) and holds only
published page fields, so the page, its PDF and its search entry can be
public as they are. The lead adds a foreword and publishes it.
"""

from django.db import models
from django.http import HttpResponse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from .charts import chart_for
from .figures import Figure
from .pdf import annual_report_pdf


class AnnualReportPage(RoutablePageMixin, Page):
    year = models.PositiveSmallIntegerField(_("år"))
    foreword = RichTextField(
        _("förord"), blank=True, features=["bold", "italic", "link", "ol", "ul", "h2", "h3"]
    )
    summary = models.TextField(
        _("sammanfattning"),
        blank=True,
        help_text=_("Skrivs när rapporten skapas; du kan ändra den. Skriv aldrig ut namn."),
    )
    # The snapshot (see the module docstring): figures as sections, and the
    # public lists. Written only by ``annual_report_create``.
    sections = models.JSONField(_("statistik"), default=list, editable=False)
    realised_ideas = models.JSONField(_("genomförda idéer"), default=list, editable=False)
    proposals = models.JSONField(_("förslag"), default=list, editable=False)
    generated_at = models.DateTimeField(_("siffrorna hämtade"), null=True, editable=False)

    content_panels = Page.content_panels + [
        FieldPanel("foreword"),
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("year", read_only=True)],
            heading=_("Rapporten"),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("foreword"),
        index.SearchField("summary"),
        index.FilterField("year"),
    ]
    parent_page_types = ["cms.HomePage"]
    subpage_types: list[str] = []
    # Produced from the statistics screen (it takes the snapshot), not added by hand.
    is_creatable = False
    template = "cms/reporting/annual_report_page.html"

    class Meta:
        verbose_name = _("årsrapport")
        verbose_name_plural = _("årsrapporter")

    @staticmethod
    def slug_for(year: int) -> str:
        return slugify(f"arsrapport-{year}")

    def figure_sections(self) -> list[dict]:
        """The snapshot as sections of figures, each with its chart."""
        result = []
        for section in self.sections:
            figures = []
            for data in section["figures"]:
                figure = Figure(**data)
                figures.append(
                    {"figure": figure, "chart": chart_for(figure, prefix=f"{section['id']}-")}
                )
            result.append({"id": section["id"], "title": section["title"], "figures": figures})
        return result

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["figure_sections"] = self.figure_sections()
        return context

    @path("")
    def report_route(self, request):
        return self.render(request)

    @path("pdf/", name="pdf")
    def pdf_route(self, request):
        response = HttpResponse(annual_report_pdf(page=self), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{self.slug}.pdf"'
        return response
