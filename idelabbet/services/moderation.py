"""Writes of the moderators' side: rejection with a reason, publication."""

from django.db import transaction
from wagtail.models import Page, TaskState, Workflow, WorkflowPage, WorkflowTask

from ..models import (
    IdeaIndexPage,
    IdeaModerationTask,
    IdeaSubmission,
    ModerationState,
    OutgoingEmail,
)
from .emails import email_queue


@transaction.atomic
def idea_reject(*, task_state: TaskState, user, reason: str) -> IdeaSubmission | None:
    """Reject an idea in moderation and email the reason to whoever submitted it.

    The page stays an unpublished draft. The reason is kept on the private
    submission (and in the task's comment, for Wagtail's history).
    """
    task_state.reject(user=user, comment=reason)
    idea_id = int(task_state.workflow_state.object_id)
    submission = IdeaSubmission.objects.filter(idea_id=idea_id).first()
    if submission is None or submission.is_withdrawn:
        return submission
    submission.moderation_state = ModerationState.REJECTED
    submission.rejection_reason = reason
    submission.save(update_fields=["moderation_state", "rejection_reason"])
    email_queue(submission=submission, kind=OutgoingEmail.Kind.REJECTED)
    return submission


@transaction.atomic
def idea_mark_published(*, idea_id: int) -> IdeaSubmission | None:
    """Note that an idea went public (by workflow approval or a direct publish).

    Idempotent: only a submission waiting (or rejected earlier, then edited and
    approved after all) changes, and only then is the citizen emailed.
    """
    submission = (
        IdeaSubmission.objects.select_for_update()
        .filter(
            idea_id=idea_id,
            moderation_state__in=[ModerationState.PENDING, ModerationState.REJECTED],
        )
        .first()
    )
    if submission is None:
        return None
    submission.moderation_state = ModerationState.APPROVED
    submission.save(update_fields=["moderation_state"])
    email_queue(submission=submission, kind=OutgoingEmail.Kind.PUBLISHED)
    return submission


@transaction.atomic
def ideas_workflow_setup(*, index: Page, groups, name: str = "") -> Workflow:
    """Give an ideas index its own moderation workflow, approved by ``groups``.

    Idempotent. The workflow has one ``IdeaModerationTask`` (reject needs a
    reason); assigning it to the index overrides any workflow of the site's
    home page for the ideas below it.
    """
    existing = WorkflowPage.objects.filter(page=index).select_related("workflow").first()
    if existing is not None:
        return existing.workflow
    workflow = Workflow.objects.create(name=name or f"Granskning av idéer – {index.title}")
    task = IdeaModerationTask.objects.create(name=f"Granskning av idéer – {index.title}")
    task.groups.set(groups)
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(page=index, workflow=workflow)
    return workflow


@transaction.atomic
def ideas_index_ensure(
    *, home: Page, coach_group, lead_group, moderator_group, privacy_page: Page | None = None
):
    """The ideas index of a municipality's site, with its role groups and moderation workflow.

    Creates, once, the index page below ``home`` (its form, list and case board
    then work) and gives it the groups that hold the case pipeline's roles;
    a group an administrator chose later is left alone. Idempotent.
    """
    index = IdeaIndexPage.objects.child_of(home).first()
    if index is None:
        index = home.add_child(
            instance=IdeaIndexPage(
                # Content, not interface: in the site's language, editable after.
                title="Idéer",
                slug="ideer",
                intro="Här är idéer som invånare har skickat in till Idélabbet. "
                "Vill du vara med? Öppna en idé och hör av dig.",
                privacy_page=privacy_page,
                show_in_menus=True,
                coach_group=coach_group,
                lead_group=lead_group,
                moderator_group=moderator_group,
            )
        )
        index.save_revision().publish()
    else:
        missing = {
            name: group
            for name, group in (
                ("coach_group", coach_group),
                ("lead_group", lead_group),
                ("moderator_group", moderator_group),
            )
            if getattr(index, f"{name}_id") is None
        }
        if missing:
            for name, group in missing.items():
                setattr(index, name, group)
            index.save(update_fields=list(missing))
    ideas_workflow_setup(index=index, groups=[moderator_group])
    return index
