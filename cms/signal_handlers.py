"""Wagtail's workflow emails go out from the background worker, not the request.

Wagtail renders and sends them (SMTP included) inside the transaction that
starts or ends a workflow: for a citizen's idea, while the ideas index is
locked, so every other submission waits for the mail server. Here each
notification is written to the outbox (``WorkflowEmail``, in the same
transaction), queued after commit and sent by ``tasks.workflow_email_send``
(see ``workflow_emails`` for the guarantee).
"""

from django.db import transaction
from wagtail.models import TaskState, WorkflowState
from wagtail.signals import task_submitted, workflow_approved, workflow_rejected, workflow_submitted

from .models import WorkflowEmail


def _notifier(name: str):
    def get():
        from wagtail.admin import signal_handlers

        return getattr(signal_handlers, name)

    return get


# Wagtail's dispatch uids (wagtail.admin.signal_handlers) → its signal, sender
# and notifier.
NOTIFICATIONS = {
    "group_approval_task_submitted_email_notification": (
        task_submitted,
        TaskState,
        _notifier("task_submission_email_notifier"),
    ),
    "workflow_state_submitted_email_notification": (
        workflow_submitted,
        WorkflowState,
        _notifier("workflow_submission_email_notifier"),
    ),
    "workflow_state_rejected_email_notification": (
        workflow_rejected,
        WorkflowState,
        _notifier("workflow_rejection_email_notifier"),
    ),
    "workflow_state_approved_email_notification": (
        workflow_approved,
        WorkflowState,
        _notifier("workflow_approval_email_notifier"),
    ),
}


def _queue(notification: str):
    def receiver(sender, instance, user=None, **kwargs):
        from .tasks import workflow_email_enqueue

        row = WorkflowEmail.objects.create(
            notification=notification, object_pk=instance.pk, user_id=getattr(user, "pk", None)
        )
        # robust: a queue failing after commit must not turn a stored change into
        # an error page; the row stays and tasks_reclaim queues it again.
        transaction.on_commit(lambda: workflow_email_enqueue(row.pk), robust=True)

    return receiver


def register_signal_handlers() -> None:
    """Connect the queueing receivers under Wagtail's own dispatch uids.

    ``cms`` comes before ``wagtail.admin`` in INSTALLED_APPS, so this runs
    first; Django ignores a second receiver with the same uid and sender,
    so Wagtail's synchronous ones are never connected.
    """
    for notification, (signal, sender, _notifier_of) in NOTIFICATIONS.items():
        signal.connect(_queue(notification), sender=sender, weak=False, dispatch_uid=notification)
