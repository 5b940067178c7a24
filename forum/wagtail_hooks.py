"""Wires the forum into the Wagtail admin: snippets, the meeting screen, the dashboard."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.widgets import Button
from wagtail.models import WorkflowPage
from wagtail.snippets.models import register_snippet

from . import views
from .models import ForumIndexPage, MeetingPage
from .permissions import MeetingPermissionPolicy
from .selectors import meetings_feedback_due
from .viewsets import CoordinationMemberViewSet, CsamOrganisationViewSet, GuidingPrincipleViewSet

register_snippet(CoordinationMemberViewSet)
register_snippet(GuidingPrincipleViewSet)
register_snippet(CsamOrganisationViewSet)


@hooks.register("register_admin_urls")
def forum_admin_urls():
    return [
        path("forum/moten/<int:page_id>/", views.meeting_admin, name="forum_meeting_admin"),
    ]


@hooks.register("register_page_header_buttons")
def meeting_header_button(page, user, view_name, next_url=None):
    if isinstance(page.specific_deferred, MeetingPage) and MeetingPermissionPolicy(
        user
    ).can_view_registrations(page):
        yield Button(
            _("Anmälningar och återkoppling"),
            reverse("forum_meeting_admin", args=[page.pk]),
            icon_name="mail",
            priority=40,
        )


class FeedbackDuePanel(Component):
    name = "forum_feedback_due"
    template_name = "forum/admin/feedback_due_panel.html"
    order = 105

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        return {"rows": meetings_feedback_due(user=self.user)}


@hooks.register("construct_homepage_panels")
def feedback_due_panel(request, panels):
    if request.user.has_perm("forum.add_feedbackdispatch"):
        panels.append(FeedbackDuePanel(request.user))


@hooks.register("after_create_page")
def forum_index_gets_review_by_another_organiser(request, page):
    """A new forum index copies the review groups of the workflow it would inherit."""
    if not isinstance(page.specific, ForumIndexPage):
        return
    if WorkflowPage.objects.filter(page=page).exists():
        return
    inherited = page.get_workflow()
    groups = set()
    if inherited is not None:
        for task in inherited.tasks.specific():
            groups.update(getattr(task, "groups", None).all() if hasattr(task, "groups") else [])
    if groups:
        from .services import forum_workflow_ensure

        forum_workflow_ensure(index=page, groups=list(groups))
