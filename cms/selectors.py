"""Reads of the host site: the scheduled jobs as the report and ``schedule_status`` show them,
and which municipalities' sites are closed."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.cache import cache
from django.db.models import Max
from django.utils import timezone

from .models import ClockHeartbeat, JobRun, Municipality
from .schedule import SCHEDULE, Job, shortest_interval

# A tick may start a little after its minute and take a moment.
CLOCK_GRACE = timedelta(minutes=1)

INACTIVE_HOSTS_CACHE_KEY = "cms:inactive-municipality-hosts"
# Each process may keep its own (local memory) cache: a change reaches the
# others within this many seconds; the service that changes it clears its own.
INACTIVE_HOSTS_SECONDS = 30


def inactive_hosts() -> frozenset[tuple[str, int]]:
    """The (hostname, port) of every deactivated municipality's site; cached, so the
    check every request makes costs no query while the cache holds it."""
    hosts = cache.get(INACTIVE_HOSTS_CACHE_KEY)
    if hosts is None:
        hosts = frozenset(
            Municipality.objects.filter(is_active=False).values_list("site__hostname", "site__port")
        )
        cache.set(INACTIVE_HOSTS_CACHE_KEY, hosts, INACTIVE_HOSTS_SECONDS)
    return hosts


@dataclass(frozen=True)
class JobStatus:
    job: Job
    last_run: JobRun | None
    # The latest run that finished (done or failed): what the job last did.
    last_finished: JobRun | None
    last_error_run: JobRun | None
    next_run: datetime | None

    @property
    def result_text(self) -> str:
        run = self.last_finished
        if run is None or not run.result:
            return ""
        if set(run.result) == {"antal"}:
            return f"{self.job.result_label}: {run.result['antal']}"
        if set(run.result) == {"resultat"}:
            return str(run.result["resultat"])
        return ", ".join(f"{key}: {value}" for key, value in run.result.items())


def _latest_by_job(queryset) -> dict[str, JobRun]:
    latest = queryset.values("job").annotate(at=Max("scheduled_for"))
    wanted = {(row["job"], row["at"]) for row in latest}
    runs = {}
    for run in queryset.filter(scheduled_for__in={at for _job, at in wanted}):
        if (run.job, run.scheduled_for) in wanted:
            runs[run.job] = run
    return runs


def schedule_overview(*, now: datetime | None = None) -> list[JobStatus]:
    """Each scheduled job with its last run, last result, last error and next run."""
    now = now or timezone.now()
    runs = JobRun.objects.all()
    last = _latest_by_job(runs)
    finished = _latest_by_job(runs.filter(status__in=[JobRun.Status.DONE, JobRun.Status.FAILED]))
    errors = _latest_by_job(runs.exclude(last_error=""))
    return [
        JobStatus(
            job=job,
            last_run=last.get(job.name),
            last_finished=finished.get(job.name),
            last_error_run=errors.get(job.name),
            next_run=job.trigger().get_next_fire_time(None, timezone.localtime(now)),
        )
        for job in SCHEDULE
    ]


@dataclass(frozen=True)
class ClockState:
    last_beat: datetime | None
    allowed_gap: timedelta
    stale: bool


def clock_state(*, now: datetime | None = None) -> ClockState:
    """Whether a clock has ticked within the schedule's shortest interval.

    The dashboard warns when it has not: then nothing that falls due with
    time (reminders, scheduled publishing, purges) is being done.
    """
    now = now or timezone.now()
    last = ClockHeartbeat.objects.aggregate(at=Max("beat_at"))["at"]
    allowed = shortest_interval() + CLOCK_GRACE
    stale = last is None or now - last > allowed
    return ClockState(last_beat=last, allowed_gap=allowed, stale=stale)
