from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token
from wagtail.models import Site


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
