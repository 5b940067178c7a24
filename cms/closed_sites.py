"""A deactivated municipality's site answers one clear page, in Swedish and English.

Its pages, ideas and documents are kept; nobody outside sees them until a site
administrator reactivates it. The admin (on any host name) and static files
still answer, so the site administrators can reach "Kommuner".
"""

from django.conf import settings
from django.http import HttpResponse
from django.http.request import split_domain_port
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail.models import Site

from .selectors import inactive_hosts

# Paths that answer on a closed site too.
OPEN_PREFIXES = ("/admin/", "/django-admin/", "/static/", "/media/", "/__")


def closed_site_response(request, site: Site) -> HttpResponse:
    texts = []
    for code in ("sv", "en"):
        with translation.override(code):
            texts.append(
                {
                    "lang": code,
                    "heading": _("Webbplatsen är stängd"),
                    "text": _(
                        "%(site)s har stängts av kommunen. Innehållet finns kvar men visas "
                        "inte längre här. Kontakta kommunen om du har frågor."
                    )
                    % {"site": site.site_name or site.hostname},
                }
            )
    html = render_to_string("cms/closed_site.html", {"texts": texts})
    return HttpResponse(html, status=410)


class ClosedSiteMiddleware:
    """Answers 410 Gone for every public path of a deactivated municipality's site.

    Costs no query while the cache holds the (usually empty) set of closed hosts.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.open_prefixes = OPEN_PREFIXES + tuple(
            p for p in (settings.STATIC_URL, settings.MEDIA_URL) if p and p.startswith("/")
        )

    def __call__(self, request):
        closed = inactive_hosts()
        if closed and not request.path.startswith(self.open_prefixes):
            hostname = split_domain_port(request._get_raw_host())[0]
            if any(host == hostname for host, _port in closed):
                site = Site.find_for_request(request)
                if site is not None and (site.hostname, site.port) in closed:
                    return closed_site_response(request, site)
        return self.get_response(request)
