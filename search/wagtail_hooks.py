from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import SearchSynonym
from .views import (
    FILE_TEXT_PERMISSION,
    AdminSearchView,
    FileTextReportView,
    SearchTermsReportView,
    search_term_policy,
)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("katalogsok/", AdminSearchView.as_view(), name="search_catalog"),
        path("katalogsok/filer/", FileTextReportView.as_view(), name="search_file_texts"),
        path("katalogsok/soktermer/", SearchTermsReportView.as_view(), name="search_terms"),
    ]


class FileTextMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(FILE_TEXT_PERMISSION)


@hooks.register("register_reports_menu_item")
def register_file_text_report():
    return FileTextMenuItem(
        _("Text i filer"), reverse("search_file_texts"), icon_name="doc-full", order=900
    )


class SearchTermsMenuItem(MenuItem):
    def is_shown(self, request):
        return search_term_policy.user_has_permission(request.user, "view")


@hooks.register("register_reports_menu_item")
def register_search_terms_report():
    return SearchTermsMenuItem(
        _("Söktermer"), reverse("search_terms"), icon_name="search", order=910
    )


@hooks.register("register_admin_menu_item")
def register_menu_item():
    return MenuItem(_("Sök i katalogen"), reverse("search_catalog"), icon_name="search", order=150)


class SearchSynonymViewSet(SnippetViewSet):
    model = SearchSynonym
    icon = "search"
    menu_label = _("Synonymer i sökningen")
    add_to_admin_menu = False
    list_display = ["terms", "site"]
    list_filter = ["site"]
    search_fields = ["terms"]


register_snippet(SearchSynonymViewSet)


@hooks.register("construct_reports_menu")
def hide_wagtails_search_terms(request, menu_items):
    # Wagtail's own "Search terms" report counts Wagtail's search, which the
    # catalog search replaces; "Söktermer" above is the catalog's.
    menu_items[:] = [item for item in menu_items if item.name != "search-terms"]
