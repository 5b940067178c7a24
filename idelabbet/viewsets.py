"""Admin screens, configured by attributes (Wagtail ViewSets)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic import CreateView, InspectView
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from .models import IdeaSubmission, ParticipationOffer, SharedMessage, SnabbSlantApplication
from .permissions import snabb_slant_policy, submission_policy
from .services.submissions import shared_message_add
from .views.admin import ModerationQueueView, SnabbSlantCompleteView


class ModerationQueueMenuItem(MenuItem):
    def is_shown(self, request):
        return submission_policy.user_has_permission(request.user, "moderate")


class ModerationQueueViewSet(ViewSet):
    name = "idelabbet-granskning"
    icon = "tasks"
    menu_label = _("Granska idéer")
    menu_item_class = ModerationQueueMenuItem

    def get_urlpatterns(self):
        return [path("", ModerationQueueView.as_view(), name="index")]


class IdeaSubmissionViewSet(ModelViewSet):
    model = IdeaSubmission
    icon = "user"
    menu_label = _("Inskickade idéer")
    url_prefix = "idelabbet/inskickade"
    name = "idelabbet-inskickade"
    list_display = ["__str__", "name", "email", "moderation_state", "submitted_at"]
    list_filter = ["moderation_state"]
    search_fields = ["name", "email"]
    ordering = ["-submitted_at"]
    form_fields = ["name", "email", "phone"]
    inspect_view_enabled = True
    inspect_template_name = "idelabbet/admin/submission_inspect.html"
    inspect_view_fields = [
        "idea",
        "submitted_at",
        "moderation_state",
        "rejection_reason",
        "withdrawn_at",
        "name",
        "email",
        "phone",
        "consent_at",
    ]


class ParticipationOfferViewSet(ModelViewSet):
    model = ParticipationOffer
    icon = "group"
    menu_label = _("Vill vara med")
    url_prefix = "idelabbet/vill-vara-med"
    name = "idelabbet-vill-vara-med"
    list_display = ["name", "email", "idea", "created_at"]
    ordering = ["-created_at"]
    form_fields = ["name", "email", "contribution"]
    inspect_view_enabled = True
    inspect_view_fields = ["idea", "name", "email", "contribution", "created_at"]


class SharedMessageCreateView(CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        return shared_message_add(
            submission=data["submission"], author=self.request.user, body=data["body"]
        )


class SharedMessageViewSet(ModelViewSet):
    model = SharedMessage
    icon = "mail"
    menu_label = _("Meddelanden till idébärare")
    url_prefix = "idelabbet/meddelanden"
    name = "idelabbet-meddelanden"
    add_view_class = SharedMessageCreateView
    list_display = ["__str__", "submission", "author", "created_at"]
    ordering = ["-created_at"]
    form_fields = ["submission", "body"]
    inspect_view_enabled = True


class SnabbSlantInspectView(InspectView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_complete"] = snabb_slant_policy.user_has_permission(
            self.request.user, "change"
        )
        context["complete_url_name"] = "idelabbet-snabb-slant:complete"
        return context


class SnabbSlantViewSet(ModelViewSet):
    model = SnabbSlantApplication
    icon = "tag"
    menu_label = _("Snabb slant")
    url_prefix = "idelabbet/snabb-slant"
    name = "idelabbet-snabb-slant"
    list_display = ["__str__", "submission", "submitted_at", "completed_at", "decision_due_at"]
    ordering = ["submitted_at"]
    form_fields = ["activity_what", "activity_when", "activity_where", "activity_for_whom"]
    inspect_view_enabled = True
    inspect_view_class = SnabbSlantInspectView
    inspect_template_name = "idelabbet/admin/snabb_slant_inspect.html"
    inspect_view_fields = [
        "submission",
        "activity_what",
        "activity_when",
        "activity_where",
        "activity_for_whom",
        "contacted_idelabbet",
        "submitted_at",
        "completed_at",
        "completed_by",
    ]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path(
                "<str:pk>/fullstandig/",
                SnabbSlantCompleteView.as_view(index_url_name=self.get_url_name("inspect")),
                name="complete",
            )
        ]


class IdelabbetViewSetGroup(ViewSetGroup):
    menu_label = _("Idélabbet")
    menu_icon = "help"
    items = (
        ModerationQueueViewSet,
        IdeaSubmissionViewSet,
        ParticipationOfferViewSet,
        SharedMessageViewSet,
        SnabbSlantViewSet,
    )
