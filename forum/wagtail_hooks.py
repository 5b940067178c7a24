"""Wires the forum into the Wagtail admin: snippets, the meeting screen, the dashboard."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.widgets import Button
from wagtail.models import WorkflowPage
from wagtail.snippets.models import register_snippet

from . import views
from .models import ForumIndexPage, MeetingPage
from .permissions import MeetingPermissionPolicy, ReviewPolicy
from .selectors import meetings_feedback_due
from .viewsets import ForumSnippetGroup

register_snippet(ForumSnippetGroup)


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
    tasks = inherited.tasks.specific() if inherited is not None else []
    groups = {group for task in tasks if hasattr(task, "groups") for group in task.groups.all()}
    if groups:
        from .services import forum_workflow_ensure

        forum_workflow_ensure(index=page, groups=list(groups))


@hooks.register("construct_page_action_menu")
def hide_direct_publish_on_forum_pages(menu_items, request, context):
    page = context.get("page")
    target = page if page is not None and page.pk else context.get("parent_page")
    if target is not None and ReviewPolicy(request.user).must_submit_for_review(target):
        menu_items[:] = [item for item in menu_items if item.name != "action-publish"]


@hooks.register("before_publish_page")
def refuse_direct_publish_on_forum_pages(request, page):
    # The revision is already saved as a draft, so nothing typed is lost.
    if ReviewPolicy(request.user).must_submit_for_review(page):
        messages.error(
            request,
            _(
                "Forumets sidor publiceras när en annan arrangör har granskat dem. "
                "Ändringarna är sparade som utkast – skicka dem till granskning."
            ),
        )
        return redirect("wagtailadmin_pages:edit", page.pk)


@hooks.register("before_edit_page", order=-10)
def refuse_direct_publish_of_a_forum_translation(request, page):
    # A translation is edited in wagtail-localize's editor, which publishes from
    # its own POST (action=publish) without Wagtail's before_publish_page: the
    # same review rule is applied here, before that editor runs (order=-10).
    if (
        request.method == "POST"
        and request.POST.get("action") == "publish"
        and ReviewPolicy(request.user).must_submit_for_review(page)
    ):
        messages.error(
            request,
            _(
                "Forumets sidor publiceras när en annan arrangör har granskat dem. "
                "Skicka översättningen till granskning."
            ),
        )
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None


@hooks.register("before_bulk_action")
def refuse_bulk_publish_on_forum_pages(request, action_type, objects, action_class_instance):
    if action_type != "publish":
        return None
    policy = ReviewPolicy(request.user)
    if any(policy.must_submit_for_review(obj) for obj in objects if hasattr(obj, "get_workflow")):
        messages.error(
            request, _("Forumets sidor publiceras när en annan arrangör har granskat dem.")
        )
        return redirect("wagtailadmin_home")
    return None
