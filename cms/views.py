from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, requires_csrf_token
from django.views.i18n import set_language as django_set_language
from wagtail.models import Site


@never_cache
def health(request):
    """For the load balancer: answers 200 when the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


# The language switch is on every public page. With a CSRF token in it, every
# page would set the visitor's CSRF cookie and no page could be shared by the
# page cache. All another site can do with this form is switch a visitor's
# display language (a cookie, and only to a language we offer; `next` is still
# checked to stay on this host), so it takes no token.
set_language = csrf_exempt(django_set_language)


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
