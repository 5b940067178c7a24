"""The yearly report as PDF, rendered from HTML by WeasyPrint.

WeasyPrint may fetch nothing: the stylesheet is read from the static files
here and the charts are inline SVG, so the fetcher allows only ``data:`` URLs
(no network at run time, and no way for content to make the server fetch).
"""

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher

STYLESHEET = "cms/css/report-print.css"


def annual_report_pdf(*, page) -> bytes:
    """The PDF of a yearly report page, in Swedish (the council's language)."""
    with translation.override("sv"):
        html = render_to_string(
            "cms/reporting/annual_report_pdf.html",
            {"page": page, "figure_sections": page.figure_sections()},
        )
    fetcher = URLFetcher(allowed_protocols={"data"})
    return HTML(string=html, url_fetcher=fetcher, base_url=None).write_pdf(
        stylesheets=[CSS(filename=finders.find(STYLESHEET), url_fetcher=fetcher)]
    )
