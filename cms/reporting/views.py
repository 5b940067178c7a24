"""The statistics screen in the admin, its CSV downloads and the yearly report button.

Every number comes from ``sources.sections_for``, trimmed to the viewer; a
municipality the viewer may not read answers 404, whatever is typed.
"""

import csv
import io

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from idelabbet.reporting.spreadsheet import spreadsheet_safe

from .charts import chart_for
from .periods import PeriodForm
from .services import annual_report_create
from .sources import municipalities_for_user, municipality_for_user, sections_for


def figure_csv(figure) -> str:
    """One figure's table as CSV text, formula-leading cells neutralised."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([spreadsheet_safe(str(c)) for c in figure.columns])
    for row in figure.rows:
        writer.writerow([spreadsheet_safe(v if isinstance(v, str) else str(v)) for v in row])
    return out.getvalue()


class StatisticsView(WagtailAdminTemplateMixin, TemplateView):
    page_title = gettext_lazy("Statistik")
    header_icon = "table"
    template_name = "cms/reporting/statistics.html"

    def dispatch(self, request, *args, **kwargs):
        self.municipalities = municipalities_for_user(user=request.user)
        if not self.municipalities:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def get(self, request, *args, **kwargs):
        site_id = request.GET.get("kommun") or self.municipalities[0].site.pk
        self.municipality = municipality_for_user(user=request.user, site_id=site_id)
        self.form = PeriodForm(request.GET)
        self.period = self.form.chosen()
        self.sections = sections_for(
            user=request.user, municipality=self.municipality, period=self.period
        )
        wanted = request.GET.get("csv")
        if wanted:
            return self.csv_response(wanted)
        return super().get(request, *args, **kwargs)

    def csv_response(self, wanted: str) -> HttpResponse:
        for section in self.sections:
            for figure in section.figures:
                if f"{section.id}-{figure.key}" == wanted:
                    response = HttpResponse(
                        "\ufeff" + figure_csv(figure), content_type="text/csv; charset=utf-8"
                    )
                    name = slugify(f"{self.municipality.name}-{figure.key}-{self.period.label}")
                    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
                    return response
        raise Http404

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sections = [
            {
                "id": section.id,
                "title": section.title,
                "figures": [
                    {
                        "figure": figure,
                        "id": f"{section.id}-{figure.key}",
                        "chart": chart_for(figure, prefix=f"{section.id}-"),
                        "csv_url": f"?kommun={self.municipality.site.pk}&{self.form.query()}"
                        f"&csv={section.id}-{figure.key}",
                    }
                    for figure in section.figures
                ],
            }
            for section in self.sections
        ]
        context.update(
            form=self.form,
            period=self.period,
            municipality=self.municipality,
            municipalities=self.municipalities,
            sections=sections,
            query=self.form.query(),
            report_year=self.period.start.year,
        )
        return context


class AnnualReportCreateView(View):
    """Produce (or refresh) the yearly report of a municipality as a draft page."""

    def post(self, request):
        municipality = municipality_for_user(user=request.user, site_id=request.POST.get("kommun"))
        try:
            year = int(request.POST.get("year", ""))
        except ValueError:
            year = None
        form = PeriodForm({"period": "ar", "year": year})
        if year is None or not form.is_valid():
            messages.error(request, _("Välj ett giltigt år för årsrapporten."))
            return redirect(reverse("cms_statistics") + f"?kommun={municipality.site.pk}")
        page = annual_report_create(user=request.user, municipality=municipality, year=year)
        messages.success(
            request,
            _("Årsrapporten för %(year)s är skapad som utkast. Skriv ett förord och publicera.")
            % {"year": year},
        )
        return redirect("wagtailadmin_pages:edit", page.pk)
