from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import SearchSynonym
from .views import FILE_TEXT_PERMISSION, AdminSearchView, FileTextReportView


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("katalogsok/", AdminSearchView.as_view(), name="search_catalog"),
        path("katalogsok/filer/", FileTextReportView.as_view(), name="search_file_texts"),
    ]


class FileTextMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(FILE_TEXT_PERMISSION)


@hooks.register("register_reports_menu_item")
def register_file_text_report():
    return FileTextMenuItem(
        _("Text i filer"), reverse("search_file_texts"), icon_name="doc-full", order=900
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
