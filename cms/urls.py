from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from . import views
from .api.dcat import catalogue_view
from .api.urls import api_router
from .csp import csp_report
from .languages.views import not_translated

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("sitemap.xml", sitemap),
    path("halsa/", views.health, name="health"),
    path("tema.css", views.theme_css, name="theme_css"),
    path("favicon.ico", views.favicon),
    path("csp-rapport/", csp_report, name="csp-report"),
    path("api/v2/", api_router.urls),
    path("dcat/katalog.<str:fmt>", catalogue_view, name="dcat_catalogue"),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# What a citizen reads and fills in carries its language: Swedish without a
# prefix, every other language under /<code>/ (cms.languages.middleware; a
# language the municipality does not offer is a 404).
urlpatterns += i18n_patterns(
    path(
        "tillganglighet/<int:page_id>/synpunkt/",
        views.accessibility_feedback,
        name="accessibility_feedback",
    ),
    path("idelabbet/", include("idelabbet.urls")),
    path("sok/", include("search.urls")),
    path("ej-oversatt/<int:page_id>/", not_translated, name="not_translated"),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

handler404 = "cms.views.page_not_found"
handler500 = "cms.views.server_error"
