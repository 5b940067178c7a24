"""The product's URLs plus the bare baseline view (benchmarks only)."""

from django.http import HttpResponse
from django.urls import path

from cms.urls import handler404, handler500  # noqa: F401
from cms.urls import urlpatterns as product_urlpatterns


def bare(request):
    """The baseline: a Django view that returns a short response, through the same middleware."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare), *product_urlpatterns]
