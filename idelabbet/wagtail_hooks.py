"""Wiring only: admin menus and views, and the publish signal."""

from django.db import transaction
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.permissions import register_permission_policy
from wagtail.signals import page_published

from . import (
    outbox_admin,  # noqa: F401 - registers the dead-letter admin and its dashboard panel
    permissions,
)
from .models import (
    Case,
    IdeaIndexPage,
    IdeaPage,
    IdeaSubmission,
    Note,
    Organisation,
    ParticipationOffer,
    SnabbSlantApplication,
)
from .reporting.exports import CaseExportViewSet
from .selectors import idea_is_withdrawn, ideas_awaiting_moderation
from .selectors.board import case_dashboard
from .services import audit
from .services.access import may_transfer_notes
from .services.moderation import idea_mark_published
from .tasks.cases import cases_permissions_resync_run
from .views.admin import attachment_download
from .views.transfer import NotesTransferView
from .viewsets import IdelabbetViewSetGroup

register_permission_policy(IdeaSubmission, permissions.submission_policy)
register_permission_policy(ParticipationOffer, permissions.participation_policy)
register_permission_policy(SnabbSlantApplication, permissions.snabb_slant_policy)
register_permission_policy(Case, permissions.case_policy)
register_permission_policy(Note, permissions.note_policy)
register_permission_policy(Organisation, permissions.organisation_policy)


@hooks.register("register_log_actions")
def register_log_actions(actions):
    for action, label, message in audit.ACTIONS:
        actions.register_action(action, label, message)


@hooks.register("register_admin_viewset")
def register_viewsets():
    return IdelabbetViewSetGroup()


def _idea_published(sender, instance, **kwargs):
    idea_mark_published(idea_id=instance.pk)


page_published.connect(_idea_published, sender=IdeaPage, dispatch_uid="idelabbet-published")


def _index_published(sender, instance, **kwargs):
    # The index names the role groups: its cases are re-granted by the worker
    # after commit, not inside the editor's publish request.
    index_id = instance.pk
    transaction.on_commit(lambda: cases_permissions_resync_run.enqueue(index_id=index_id))


page_published.connect(
    _index_published, sender=IdeaIndexPage, dispatch_uid="idelabbet-index-published"
)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path(
            "idelabbet/bilagor/<int:pk>/",
            attachment_download,
            name="idelabbet_attachment",
        ),
        path(
            "idelabbet/overfor-anteckningar/",
            NotesTransferView.as_view(),
            name="idelabbet_notes_transfer",
        ),
    ]


class NotesTransferMenuItem(MenuItem):
    def is_shown(self, request):
        return may_transfer_notes(request.user)


@hooks.register("register_settings_menu_item")
def register_notes_transfer_menu_item():
    return NotesTransferMenuItem(
        gettext_lazy("Överför anteckningar"),
        reverse("idelabbet_notes_transfer"),
        icon_name="user",
        order=900,
    )


@hooks.register("before_publish_page")
def refuse_to_publish_withdrawn_ideas(request, page):
    # The citizen withdrew it: publishing it again would go against their wish.
    if page.specific_class is IdeaPage and idea_is_withdrawn(idea_id=page.pk):
        messages.error(
            request,
            _("Idén är återkallad av den som skickade in den och kan inte publiceras."),
        )
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None


class CaseWorkPanel(Component):
    """A coach's day on the dashboard: my deadlines this week, new unassigned cases,
    and others' overdue cases (the lead sees them all)."""

    name = "idelabbet_cases"
    order = 90
    template_name = "idelabbet/admin/deadlines_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        return {"dashboard": case_dashboard(user=self.user)}


class ModerationPanel(Component):
    """The moderator's queue on the dashboard: the oldest waiting ideas first."""

    name = "idelabbet_moderation"
    order = 95
    template_name = "idelabbet/admin/moderation_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        queue = ideas_awaiting_moderation(user=self.user)
        return {"waiting": queue[:5], "count": queue.count()}


@hooks.register("construct_homepage_panels")
def add_work_panels(request, panels):
    if permissions.case_policy.user_has_permission(request.user, "access"):
        panels.append(CaseWorkPanel(request.user))
    if permissions.submission_policy.user_has_permission(request.user, "moderate"):
        panels.append(ModerationPanel(request.user))


@hooks.register("register_admin_viewset")
def register_case_export():
    # The staff export of cases (CSV/XLSX), idelabbet.reporting.exports.
    return CaseExportViewSet()
