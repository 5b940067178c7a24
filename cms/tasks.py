"""Background work of the host site: Wagtail's workflow emails and the scheduled jobs."""

import dataclasses
import logging
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task
from wagtail.models import TaskState

from .models import JobRun
from .schedule import JOBS

logger = logging.getLogger(__name__)

RETRY_AFTER = timedelta(minutes=1)


@task(queue_name="email")
def workflow_email_send(*, notification: str, pk: int, user_id: int | None) -> str:
    """Send one of Wagtail's workflow emails (submitted, approved, rejected) after commit.

    Wagtail's own notifier builds and sends the messages, from the task or
    workflow state as it is now, so the recipients and texts are Wagtail's.
    """
    from .signal_handlers import NOTIFICATIONS

    _signal, model, notifier = NOTIFICATIONS[notification]
    instance = model.objects.filter(pk=pk).first()
    if instance is None:
        return "borttaget"
    if isinstance(instance, TaskState):
        # Wagtail sends its signal with the specific task state.
        instance = instance.specific
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    return "skickat" if notifier()(instance=instance, user=user) else "inte skickat"


class JobReportedError(Exception):
    """A job returned a report with an error instead of raising (e.g. the search engine down)."""


def job_counts(value) -> dict:
    """What a job returned, as counts for the report: ``{"antal": 3}`` or its own keys."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        value = dataclasses.asdict(value)
    if isinstance(value, dict):
        error = value.get("error")
        if error:
            raise JobReportedError(str(error))
        return {str(k): v for k, v in value.items() if isinstance(v, int | float)}
    if isinstance(value, int | float):
        return {"antal": value}
    return {}


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
        counts = job_counts(import_string(job.func)(**job.kwargs))
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
