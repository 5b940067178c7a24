from django.conf import settings
from django.contrib import messages
from django.db import connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template import loader
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_GET
from django_ratelimit.core import is_ratelimited
from wagtail.models import Locale, Site

from .branding import DEFAULT_ACCENT, HEX_COLOUR
from .forms import AccessibilityFeedbackForm
from .models import AccessibilityStatementPage, SiteIdentity
from .services import accessibility_feedback_submit


@never_cache
def health(request):
    """For the load balancer: answers 200 when the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def _site_context(request):
    try:
        site = Site.find_for_request(request)
    except Exception:  # noqa: BLE001 - an error page must render whatever broke
        site = None
    return {"site_root": site.root_page.specific if site else None, "site": site}


@requires_csrf_token
def page_not_found(request, exception=None):
    template = loader.get_template("404.html")
    return HttpResponse(
        template.render({**_site_context(request), "request_path": request.path}, request),
        status=404,
    )


@requires_csrf_token
def server_error(request):
    # No request context: the database or a context processor may be what broke.
    template = loader.get_template("500.html")
    return HttpResponse(template.render({}), status=500)


@require_GET
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page links: send them to the SVG."""
    return redirect(static("cms/favicon.svg"), permanent=True)


@require_GET
def theme_css(request):
    """The site's accent colour as a CSS custom property (no inline styles: CSP).

    Linked with the colour in the query string, so a changed colour is a new
    URL and the old one may be cached for a long time.
    """
    site = Site.find_for_request(request)
    colour = SiteIdentity.for_site(site).accent_colour if site else DEFAULT_ACCENT
    if not HEX_COLOUR.match(colour):
        colour = DEFAULT_ACCENT
    response = HttpResponse(f":root {{ --brand: {colour}; }}\n", content_type="text/css")
    patch_cache_control(response, public=True, max_age=86400)
    return response


# Stops bulk spam, not people (ACCESSIBILITY_FEEDBACK_RATE, django-ratelimit).
FEEDBACK_RATE = "10/h"


def _feedback_rate_limited(request) -> bool:
    """Count one report from this address; True past the limit (fails open, as configured)."""
    rate = getattr(settings, "ACCESSIBILITY_FEEDBACK_RATE", FEEDBACK_RATE)
    return is_ratelimited(
        request,
        group="cms.accessibility_feedback",
        key="ip",
        rate=rate,
        method="POST",
        increment=True,
    )


@never_cache
def accessibility_feedback(request, page_id: int):
    """The statement's feedback form, on a page of its own: kept in the admin and emailed.

    The statement itself carries no form and no per-visitor token, so the page
    cache keeps it; this page sets the CSRF cookie and is never kept. Errors
    show the form again with what was typed; works without JavaScript.
    """
    site = Site.find_for_request(request)
    statement = get_object_or_404(AccessibilityStatementPage.objects.live().public(), pk=page_id)
    # The statement in any of the site's languages (each below its home page's translation).
    roots = () if site is None else tuple(p.path for p in site.root_page.get_translations(True))
    if not statement.path.startswith(roots):
        raise Http404
    form = AccessibilityFeedbackForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            if _feedback_rate_limited(request):
                status = 429  # the form again, as typed
                form.add_error(
                    None, _("Många synpunkter har skickats härifrån. Försök igen senare.")
                )
            else:
                # Kept with the Swedish statement, where the site's administrators read it.
                source = statement.get_translation_or_none(Locale.get_default()) or statement
                accessibility_feedback_submit(statement=source, **form.cleaned_data)
                messages.success(
                    request,
                    _("Tack! Din synpunkt har skickats till webbplatsens administratörer."),
                )
                return redirect(statement.get_url(request) + "#tack")
    return TemplateResponse(
        request,
        "cms/accessibility_feedback.html",
        {"page": statement, "statement": statement, "form": form},
        status=status,
    )
