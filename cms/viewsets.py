"""Admin screens of the host site: the accessibility feedback inbox."""

from django.contrib.admin.utils import unquote
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.generic import models as generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.pages import PagePermissionPolicy

from .models import AccessibilityFeedback


def feedback_for_user(user):
    """The reports of the statements the user may edit: an Ekerö moderator never sees
    Jönköping's. Who may open the inbox at all is the model permission (groups)."""
    editable = PagePermissionPolicy().instances_user_has_any_permission_for(user, ["change"])
    return AccessibilityFeedback.objects.filter(
        statement_id__in=editable.values("pk")
    ).select_related("statement")


class FeedbackIndexView(generic.IndexView):
    def get_base_queryset(self):
        return feedback_for_user(self.request.user)


class FeedbackInspectView(generic.InspectView):
    def get_object(self, queryset=None):
        return get_object_or_404(feedback_for_user(self.request.user), pk=unquote(str(self.pk)))


class FeedbackDeleteView(generic.DeleteView):
    def get_queryset(self):
        return feedback_for_user(self.request.user)


class AccessibilityFeedbackViewSet(ModelViewSet):
    """Reports from the statements' forms, each site's only to those who edit that site.

    Read-only apart from deleting: what a visitor wrote is kept as written.
    """

    model = AccessibilityFeedback
    icon = "help"
    menu_label = _("Synpunkter på tillgängligheten")
    add_to_admin_menu = True
    menu_order = 900
    url_prefix = "tillganglighet"
    url_namespace = "accessibility_feedback"
    index_view_class = FeedbackIndexView
    inspect_view_class = FeedbackInspectView
    delete_view_class = FeedbackDeleteView
    inspect_view_enabled = True
    list_display = ["created_at", "description", "page_address", "statement", "emailed_at"]
    list_filter = ["statement"]
    inspect_view_fields = [
        "created_at",
        "statement",
        "page_address",
        "description",
        "name",
        "email",
        "language",
        "emailed_at",
    ]
    form_fields = ["description"]
