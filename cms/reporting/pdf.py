"""The yearly report as PDF, rendered from HTML by WeasyPrint.

WeasyPrint may fetch nothing: the stylesheet is read from the static files
here and the charts are inline SVG, so the fetcher allows only ``data:`` URLs
(no network at run time, and no way for content to make the server fetch).

WeasyPrint needs Pango from the system (``make system-deps``). It is loaded
when a PDF is made, not when the site starts, so a host without Pango still
serves everything else; the system check ``cms.W201`` says what is missing.
"""

from django.contrib.staticfiles import finders
from django.core import checks
from django.template.loader import render_to_string
from django.utils import translation

STYLESHEET = "cms/css/report-print.css"


def _weasyprint():
    # Loaded on use (see the module docstring): importing it needs Pango.
    import weasyprint
    from weasyprint.urls import URLFetcher

    return weasyprint, URLFetcher


def annual_report_pdf(*, page) -> bytes:
    """The PDF of a yearly report page, in Swedish (the council's language)."""
    weasyprint, URLFetcher = _weasyprint()
    with translation.override("sv"):
        html = render_to_string(
            "cms/reporting/annual_report_pdf.html",
            {"page": page, "figure_sections": page.figure_sections()},
        )
    fetcher = URLFetcher(allowed_protocols={"data"})
    return weasyprint.HTML(string=html, url_fetcher=fetcher, base_url=None).write_pdf(
        stylesheets=[weasyprint.CSS(filename=finders.find(STYLESHEET), url_fetcher=fetcher)]
    )


@checks.register()
def weasyprint_check(app_configs, **kwargs):
    try:
        _weasyprint()
    except (ImportError, OSError) as error:
        return [
            checks.Warning(
                f"WeasyPrint cannot load ({error}): yearly reports cannot be rendered as PDF.",
                hint="Install Pango from the system: `make system-deps` (Debian packages).",
                id="cms.W201",
            )
        ]
    return []
