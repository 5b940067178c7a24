"""Background work of the host site: Wagtail's workflow emails, recovery and the scheduled jobs."""

import dataclasses
import logging
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task
from django_tasks.base import Task
from wagtail.models import TaskState

from .models import JobRun, WorkflowEmail
from .notifications import accessibility_feedback_deliver
from .schedule import JOBS
from .taskqueue import tasks_reclaim_stale
from .workflow_emails import (
    workflow_email_claim,
    workflow_email_record,
    workflow_emails_requeue,
)

logger = logging.getLogger(__name__)

RETRY_AFTER = timedelta(minutes=1)


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


class JobReportedError(Exception):
    """A job returned a report with an error instead of raising (e.g. the search engine down)."""


def job_counts(value) -> dict:
    """What a job returned, for the report: ``{"antal": 3}``, its own counts, or its sentence."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        value = dataclasses.asdict(value)
    if isinstance(value, dict):
        error = value.get("error")
        if error:
            raise JobReportedError(str(error))
        return {str(k): v for k, v in value.items() if isinstance(v, int | float)}
    if isinstance(value, bool) or value is None:
        return {}
    if isinstance(value, int | float):
        return {"antal": value}
    return {"resultat": str(value)[:500]}


def _job_callable(path: str):
    target = import_string(path)
    # A django-task runs here, inside this run's task: its function is called.
    return target.call if isinstance(target, Task) else target


def _retry(run: JobRun) -> None:
    runner = scheduled_job_run
    if runner.get_backend().supports_defer:
        delay = RETRY_AFTER * (4 ** (run.attempts - 1))
        runner = runner.using(run_after=timezone.now() + delay)
    runner.enqueue(run_id=run.pk)


@task()
def scheduled_job_run(*, run_id: int) -> str:
    """Run one scheduled job (enqueued by the clock) and record what it did.

    The job's function comes from ``cms.schedule``. On an error the run keeps
    the error and is tried again after 1 and then 4 minutes; after the job's
    ``max_attempts`` it is marked failed, and the report shows the error. A
    failure never touches other jobs' runs: each is its own task.
    """
    run = JobRun.objects.filter(pk=run_id).first()
    if run is None:
        return "borttagen"
    if run.status in (JobRun.Status.DONE, JobRun.Status.FAILED):
        return "redan körd"
    job = JOBS.get(run.job)
    now = timezone.now()
    JobRun.objects.filter(pk=run.pk).update(
        status=JobRun.Status.RUNNING, started_at=now, attempts=F("attempts") + 1
    )
    run.refresh_from_db()
    try:
        if job is None:
            raise LookupError(f"Okänt jobb: {run.job}")
        counts = job_counts(_job_callable(job.func)(**job.kwargs))
    except Exception as error:  # noqa: BLE001 - recorded, retried, then reported
        logger.exception("Schemalagt jobb %s misslyckades (försök %s)", run.job, run.attempts)
        run.last_error = f"{type(error).__name__}: {error}"[:4000]
        retry = job is not None and run.attempts < job.max_attempts
        run.status = JobRun.Status.RETRYING if retry else JobRun.Status.FAILED
        run.finished_at = None if retry else timezone.now()
        run.save(update_fields=["last_error", "status", "finished_at"])
        if retry:
            _retry(run)
        return run.status
    run.result = counts
    run.status = JobRun.Status.DONE
    run.finished_at = timezone.now()
    run.save(update_fields=["result", "status", "finished_at"])
    return run.status


@task(queue_name="email")
def accessibility_feedback_email(*, feedback_id: int) -> int:
    """Email a visitor's accessibility report to the site's administrators."""
    return accessibility_feedback_deliver(feedback_id=feedback_id)
