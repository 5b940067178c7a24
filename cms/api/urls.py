"""The read API's router: ``/api/v2/<endpoint>/``."""

from wagtail.api.v2.router import WagtailAPIRouter

from .views import ENDPOINTS

api_router = WagtailAPIRouter("cms_api")
for endpoint in ENDPOINTS:
    api_router.register_endpoint(endpoint.name, endpoint)
