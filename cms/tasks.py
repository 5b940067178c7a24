"""Background work of the host site."""

from datetime import datetime

from django.contrib.auth import get_user_model
from django_tasks import task
from wagtail.models import TaskState

from .models import WorkflowEmail
from .taskqueue import tasks_reclaim_stale
from .workflow_emails import (
    workflow_email_claim,
    workflow_email_record,
    workflow_emails_requeue,
)


def _send(row: WorkflowEmail) -> bool:
    """Have Wagtail's own notifier build and send the messages, from the state as it is now."""
    from .signal_handlers import NOTIFICATIONS

    _signal, model, notifier = NOTIFICATIONS[row.notification]
    instance = model.objects.filter(pk=row.object_pk).first()
    if instance is None:
        return True  # the task or workflow state is gone: nothing to tell
    if isinstance(instance, TaskState):
        # Wagtail sends its signal with the specific task state.
        instance = instance.specific
    user = get_user_model().objects.filter(pk=row.user_id).first() if row.user_id else None
    return bool(notifier()(instance=instance, user=user))


def workflow_email_enqueue(email_id: int, *, run_after: datetime | None = None) -> None:
    runner = workflow_email_send
    if run_after is not None and runner.get_backend().supports_defer:
        runner = runner.using(run_after=run_after)
    runner.enqueue(email_id=email_id)


@task(queue_name="email")
def workflow_email_send(*, email_id: int) -> str:
    """Send one of Wagtail's workflow emails (submitted, approved, rejected) from its outbox row."""
    row = workflow_email_claim(email_id=email_id)
    if row is None:
        return "redan hanterat"
    try:
        # Wagtail logs and swallows a failed recipient, and says False.
        error = "" if _send(row) else "inte alla mottagare fick mejlet (se loggen)"
    except Exception as exc:  # noqa: BLE001 - recorded and retried
        error = f"{type(exc).__name__}: {exc}"
    retry_at = workflow_email_record(row=row, error=error)
    if retry_at is not None:
        workflow_email_enqueue(row.pk, run_after=retry_at)
        return "försöker igen"
    return "skickat" if not error else "gav upp"


@task()
def tasks_reclaim() -> str:
    """The host's recovery sweep (every minute, by the clock).

    Puts the tasks of dead workers back in the queue, and queues again the
    workflow emails whose task was lost.
    """
    reclaimed = tasks_reclaim_stale()
    requeued = workflow_emails_requeue(enqueue=workflow_email_enqueue)
    return f"{reclaimed} uppgifter tillbaka i kön, {requeued} arbetsflödesmejl köade igen"
