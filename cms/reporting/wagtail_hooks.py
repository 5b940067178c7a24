"""Wiring only: the statistics screen in the admin menu, and its URLs."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .sources import municipalities_for_user
from .views import AnnualReportCreateView, StatisticsView


class StatisticsMenuItem(MenuItem):
    def is_shown(self, request):
        return bool(municipalities_for_user(user=request.user))


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("statistik/", StatisticsView.as_view(), name="cms_statistics"),
        path(
            "statistik/arsrapport/",
            AnnualReportCreateView.as_view(),
            name="cms_annual_report_create",
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_statistics_menu_item():
    return StatisticsMenuItem(
        _("Statistik"), reverse("cms_statistics"), icon_name="table", order=450
    )
