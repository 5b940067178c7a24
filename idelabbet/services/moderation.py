"""Writes of the moderators' side: rejection with a reason, publication."""

from django.db import transaction
from wagtail.models import Page, TaskState, Workflow, WorkflowPage, WorkflowTask

from ..models import IdeaModerationTask, IdeaSubmission, ModerationState, OutgoingEmail
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
