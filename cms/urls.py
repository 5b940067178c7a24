from django.conf import settings
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

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("sitemap.xml", sitemap),
    path("halsa/", views.health, name="health"),
    path("tema.css", views.theme_css, name="theme_css"),
    path(
        "tillganglighet/<int:page_id>/synpunkt/",
        views.accessibility_feedback,
        name="accessibility_feedback",
    ),
    path("favicon.ico", views.favicon),
    path("csp-rapport/", csp_report, name="csp-report"),
    path("idelabbet/", include("idelabbet.urls")),
    path("sok/", include("search.urls")),
    path("api/v2/", api_router.urls),
    path("dcat/katalog.<str:fmt>", catalogue_view, name="dcat_catalogue"),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]

handler404 = "cms.views.page_not_found"
handler500 = "cms.views.server_error"
