"""Dead letters of the email outbox in the admin: listed with their error, sent again, counted.

Wired from ``wagtail_hooks`` (importing this module registers its hooks).
Who may see and resend them is the model permission on ``OutgoingEmail``
(view, change): site administrators, not moderators or coaches.
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views import View
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from .models import OutgoingEmail
from .services.delivery import emails_dead, emails_send_again
from .tasks.emails import outgoing_email_send

outbox_policy = ModelPermissionPolicy(OutgoingEmail)
register_permission_policy(OutgoingEmail, outbox_policy)


def _enqueue(email_id: int) -> None:
    outgoing_email_send.enqueue(email_id=email_id)


class DeadLetterIndexView(IndexView):
    page_title = _("E-post som inte kom fram")

    def get_add_url(self):
        return None  # rows come from the services, never from this screen

    def get_base_queryset(self):
        return emails_dead().select_related("submission").order_by("-failed_at")


class SendAgainView(PermissionCheckedMixin, View):
    permission_policy = outbox_policy
    permission_required = "change"
    http_method_names = ["post"]

    def post(self, request, pk):
        if emails_send_again(email_ids=[int(pk)], enqueue=_enqueue):
            messages.success(request, _("E-posten skickas igen."))
        else:
            messages.warning(request, _("E-posten är redan skickad eller köad."))
        return redirect("idelabbet-outbox:index")


class DeadLetterViewSet(ModelViewSet):
    model = OutgoingEmail
    icon = "warning"
    menu_label = _("E-post som inte kom fram")
    url_prefix = "idelabbet/e-post-fel"
    name = "idelabbet-outbox"
    add_to_admin_menu = False
    index_view_class = DeadLetterIndexView
    list_display = ["__str__", "submission", "attempts", "failed_at", "last_error"]
    ordering = ["-failed_at"]
    form_fields = ["last_error"]
    inspect_view_enabled = True
    inspect_template_name = "idelabbet/admin/dead_letter_inspect.html"
    inspect_view_fields = [
        "submission",
        "kind",
        "created_at",
        "attempts",
        "failed_at",
        "last_error",
    ]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<str:pk>/skicka-igen/", SendAgainView.as_view(), name="send_again"),
        ]


class DeadLettersPanel(Component):
    """The dashboard's count of dead letters, with a link to them."""

    name = "idelabbet_dead_letters"
    order = 80
    template_name = "idelabbet/admin/dead_letters_panel.html"

    def __init__(self, count: int):
        self.count = count

    def get_context_data(self, parent_context):
        return {"count": self.count, "url": reverse("idelabbet-outbox:index")}


@hooks.register("register_admin_viewset")
def register_dead_letters():
    return DeadLetterViewSet()


@hooks.register("construct_homepage_panels")
def add_dead_letters_panel(request, panels):
    if outbox_policy.user_has_permission(request.user, "view"):
        count = emails_dead().count()
        if count:
            panels.append(DeadLettersPanel(count))
