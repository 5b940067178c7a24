"""Admin screens: the moderation queue and Snabb slant completion."""

from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from ..models import IdeaAttachment, SnabbSlantApplication
from ..permissions import snabb_slant_policy, submission_policy
from ..selectors import ideas_awaiting_moderation
from ..services.audit import personal_data_read_log
from ..services.grants import snabb_slant_mark_complete


class ModerationQueueView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    permission_policy = submission_policy
    permission_required = "moderate"
    page_title = gettext_lazy("Idéer att granska")
    header_icon = "tasks"
    template_name = "idelabbet/admin/moderation_queue.html"
    paginate_by = 50

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        paginator = Paginator(ideas_awaiting_moderation(user=self.request.user), self.paginate_by)
        page_obj = paginator.get_page(self.request.GET.get("p"))
        context["page_obj"] = page_obj
        context["elided_page_range"] = paginator.get_elided_page_range(page_obj.number)
        return context


class SnabbSlantCompleteView(PermissionCheckedMixin, View):
    permission_policy = snabb_slant_policy
    permission_required = "change"
    http_method_names = ["post"]
    index_url_name = None

    def post(self, request, pk):
        application = get_object_or_404(SnabbSlantApplication, pk=pk)
        application = snabb_slant_mark_complete(application=application, user=request.user)
        messages.success(
            request,
            _("Ansökan är markerad som fullständig. Beslut senast %(date)s.")
            % {"date": f"{application.decision_due_at:%Y-%m-%d}"},
        )
        return redirect(self.index_url_name, quote(pk))


def attachment_download(request, pk):
    """Serve a private attachment to those who may see the submission's case; logged.

    Another case's or municipality's attachment answers 404, as one that does
    not exist, so ids cannot be probed.
    """
    if not submission_policy.user_has_permission(request.user, "view"):
        raise PermissionDenied
    attachment = get_object_or_404(IdeaAttachment.objects.select_related("submission"), pk=pk)
    submission = attachment.submission
    if not submission_policy.user_has_permission_for_instance(request.user, "view", submission):
        raise Http404
    personal_data_read_log(
        submission=submission, user=request.user, what="attachment", detail=attachment.original_name
    )
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    return FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type or "application/octet-stream",
    )
