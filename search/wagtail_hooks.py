from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .views import AdminSearchView


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("katalogsok/", AdminSearchView.as_view(), name="search_catalog")]


@hooks.register("register_admin_menu_item")
def register_menu_item():
    return MenuItem(_("Sök i katalogen"), reverse("search_catalog"), icon_name="search", order=150)
