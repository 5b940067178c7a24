"""Helpers for driving the clock in tests: its APScheduler jobs and the real worker."""

import contextlib
import heapq
import io
from datetime import UTC, datetime
from unittest import mock

from django.core.management import call_command
from freezegun import freeze_time

from cms.clock import FIRST_RUN_WINDOW, clock_scheduler, latest_due
from cms.schedule import JOBS


def _jobs(clocks, heartbeat):
    return [
        job
        for scheduler in (clock_scheduler(clock=name) for name in clocks)
        for job in scheduler.get_jobs()
        if heartbeat or job.id != "hjartslag"
    ]


def _moments(jobs, start: datetime, end: datetime):
    """Yield (moment, jobs firing then) from each job's trigger, as APScheduler's loop asks them.

    Triggers get and give moments in their own zone (as APScheduler keeps
    them); they are ordered in UTC, since within one zone Python compares
    wall-clock times, which go back in the October night.
    """
    end = end.astimezone(UTC)
    upcoming = []
    for n, job in enumerate(jobs):
        moment = job.trigger.get_next_fire_time(None, start)
        heapq.heappush(upcoming, (moment.astimezone(UTC), n, moment))
    while upcoming and upcoming[0][0] <= end:
        at = upcoming[0][0]
        firing = []
        while upcoming and upcoming[0][0] == at:
            _at, n, moment = heapq.heappop(upcoming)
            firing.append(jobs[n])
            following = jobs[n].trigger.get_next_fire_time(moment, moment)
            heapq.heappush(upcoming, (following.astimezone(UTC), n, following))
        yield at, sorted(firing, key=jobs.index)


def simulate(
    start: datetime,
    end: datetime,
    *,
    clocks=("klocka-a",),
    heartbeat=False,
    only=None,
    worker=False,
) -> int:
    """Run the clock's own APScheduler jobs from ``start`` to ``end``.

    At each moment a job's trigger fires, the job's function is called as the
    scheduler would (``clock_tick``, which writes the run records and
    enqueues), with that moment as "now". With several ``clocks`` every
    clock's jobs fire at each moment, in turn. ``only`` limits it to some
    jobs' names. With ``worker`` time is frozen at each moment and the real
    worker runs what was queued, as a worker beside the clock would.

    Time is handed over rather than frozen for the clock itself: freezegun's
    datetimes drop ``fold``, so under it the second pass of 02:00-02:59 in
    October cannot be told from the first (and the trigger loops there).
    Returns how many calls were made.
    """
    jobs = _jobs(clocks, heartbeat)
    calls = 0
    with contextlib.ExitStack() as stack:
        frozen = stack.enter_context(freeze_time(start)) if worker else None
        for moment, firing in _moments(jobs, start, end):
            if frozen is not None:
                frozen.move_to(moment)
            for job in firing:
                names = [n for n in job.kwargs["jobs"] if only is None or n in only]
                if names:
                    job.func(*job.args, **{**job.kwargs, "jobs": names, "now": moment})
                    calls += 1
            if worker:
                run_worker()
    return calls


def fire_times(start: datetime, end: datetime) -> dict[str, list[datetime]]:
    """The moments the clock would enqueue each job, from ``start`` to ``end``.

    The same trigger logic as ``simulate`` (the scheduler's jobs, and at each
    firing the clock's own ``latest_due`` deciding the run's moment, with
    that firing as "now"), without the database rows: three weeks of
    every-minute jobs stay quick.
    """
    jobs = _jobs(("klocka",), False)
    last: dict[str, datetime | None] = {name: None for name in JOBS}
    fired: dict[str, list[datetime]] = {name: [] for name in JOBS}
    for moment, firing in _moments(jobs, start, end):
        for job in firing:
            # The jobs of one scheduler job share a trigger and (here) their
            # last run, so the clock's answer is the same for each of them.
            names = job.kwargs["jobs"]
            since = last[names[0]] or moment - FIRST_RUN_WINDOW
            due = latest_due(JOBS[names[0]], since=since, now=moment)
            if due is not None and due != last[names[0]]:
                for name in names:
                    fired[name].append(due)
                    last[name] = due
    return fired


def run_worker() -> None:
    """The real django-tasks database worker, in this process, until the queue is empty.

    The worker closes "old" connections between tasks; inside a test's
    transaction that would close the test's own connection, so only that is
    patched out: the loop is the real one.
    """
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command(
            "db_worker",
            queue_name="*",
            batch=True,
            interval=0,
            startup_delay=False,
            reload=False,
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )
