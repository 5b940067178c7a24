"""Admin screens of the host site: the accessibility feedback inbox."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from .models import AccessibilityFeedback


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
        "emailed_at",
    ]
    form_fields = ["description"]

    def get_queryset(self, request):
        # Only the feedback of statements the user may edit: an Ekerö moderator
        # never sees Jönköping's reports.
        editable = PagePermissionPolicy().instances_user_has_any_permission_for(
            request.user, ["change"]
        )
        return AccessibilityFeedback.objects.filter(
            statement__in=Page.objects.filter(pk__in=editable.values("pk"))
        ).select_related("statement")
