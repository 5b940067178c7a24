"""The host site's admin screens: the scheduled jobs report ("Schemalagda jobb")."""

from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from .models import JobRun
from .permissions import job_run_policy
from .selectors import clock_state, schedule_overview

RECENT_RUNS = 50


class ScheduleReportView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """Each scheduled job: its interval and rule, last run and result, next run, last error.

    For site administrators and the coach lead: whoever holds ``cms.view_jobrun``
    (``cms.municipalities`` grants it to those groups).
    """

    permission_policy = job_run_policy
    permission_required = "view"
    page_title = _("Schemalagda jobb")
    header_icon = "time"
    template_name = "cms/admin/schedule_report.html"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["jobs"] = schedule_overview()
        context["clock"] = clock_state()
        context["recent_runs"] = JobRun.objects.order_by("-enqueued_at", "-pk")[:RECENT_RUNS]
        return context
