from django.contrib.auth.models import Permission
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.search import SearchArea
from wagtail.admin.ui.components import Component

from idelabbet.selectors.workflow_tasks import group_approval_checks_prefill

from .admin_views import ScheduleReportView
from .municipality_admin import MunicipalityViewSet
from .pagecache import mark_wagtail_page
from .permissions import job_run_policy
from .selectors import clock_state
from .slugs import page_slug_normalise
from .twofactor import TwoFactorSetupView, TwoFactorVerifyView
from .viewsets import AccessibilityFeedbackViewSet

# Innermost of the serve chain (the highest order wraps first): the page is
# marked only when its own serve runs, after Wagtail's view restriction check.
hooks.register("on_serve_page", mark_wagtail_page, order=1000)


@hooks.register("register_admin_search_area")
def catalog_search_area():
    # The sidebar's search box uses the first search area: here the catalog,
    # which finds everything the user may see (cases, notes, pages, documents),
    # not only one kind.
    return SearchArea(
        _("Katalogen"), reverse("search_catalog"), name="katalog", icon_name="search", order=-100
    )


@hooks.register("construct_homepage_summary_items", order=1000)
def hide_empty_summary_items(request, items):
    # "0 Dokument" tells a coach nothing: the summary lists what there is.
    def count(item) -> int | None:
        totals = [
            value
            for key, value in item.get_context_data({"request": request}).items()
            if key.startswith("total_") and isinstance(value, int)
        ]
        return sum(totals) if totals else None

    items[:] = [item for item in items if count(item) != 0]


@hooks.register("register_admin_viewset")
def register_municipalities():
    return MunicipalityViewSet("municipalities")


@hooks.register("register_admin_viewset")
def register_accessibility_feedback():
    return AccessibilityFeedbackViewSet("accessibility_feedback")


for _hook in ("before_create_page", "before_edit_page", "before_copy_page"):
    hooks.register(_hook, page_slug_normalise)


@hooks.register("register_admin_urls")
def register_two_factor_urls():
    return [
        path("tvastegs/", TwoFactorSetupView.as_view(), name="cms_twofactor_setup"),
        path("tvastegs/verifiera/", TwoFactorVerifyView.as_view(), name="cms_twofactor_verify"),
    ]


@hooks.register("register_admin_menu_item")
def register_two_factor_menu_item():
    return MenuItem(
        _("Tvåstegsverifiering"), reverse("cms_twofactor_setup"), icon_name="lock", order=10000
    )


@hooks.register("register_permissions")
def register_two_factor_permission():
    # Shown in a group's settings: a site administrator requires two-factor sign-in per group.
    return Permission.objects.filter(content_type__app_label="cms", codename="require_two_factor")


@hooks.register("register_admin_urls")
def schedule_admin_urls():
    return [
        path("schemalagda-jobb/", ScheduleReportView.as_view(), name="cms_schedule_report"),
    ]


class ScheduleMenuItem(MenuItem):
    def is_shown(self, request):
        return job_run_policy.user_has_permission(request.user, "view")


@hooks.register("register_reports_menu_item")
def schedule_report_menu_item():
    return ScheduleMenuItem(
        _("Schemalagda jobb"),
        reverse("cms_schedule_report"),
        name="schemalagda-jobb",
        icon_name="time",
        order=1000,
    )


class ClockPanel(Component):
    """Warns on the dashboard when the clock has stopped: it must never be silent."""

    name = "cms_clock"
    order = 50
    template_name = "cms/admin/clock_panel.html"

    def __init__(self, state):
        self.state = state

    def get_context_data(self, parent_context):
        return {"clock": self.state}


@hooks.register("construct_homepage_panels")
def approval_checks_at_once(request, panels):
    # Wagtail's "awaiting your review" panel asks each approval task in turn
    # (one per municipality and practice): answered for all of them at once.
    group_approval_checks_prefill(user=request.user)


@hooks.register("construct_homepage_panels")
def clock_panel(request, panels):
    if not job_run_policy.user_has_permission(request.user, "view"):
        return
    state = clock_state()
    if state.stale:
        panels.append(ClockPanel(state))


# The follow-up's admin screens (statistics, yearly report).
from .languages import wagtail_hooks as language_hooks  # noqa: E402, F401
from .reporting import wagtail_hooks as reporting_hooks  # noqa: E402, F401
