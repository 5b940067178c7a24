"""Helpers for driving the clock in tests: its APScheduler jobs and the real worker."""

import io
from datetime import UTC, datetime
from unittest import mock

from django.core.management import call_command
from freezegun import freeze_time

from cms.clock import clock_scheduler


def simulate(
    start: datetime,
    end: datetime,
    *,
    clocks=("klocka-a",),
    heartbeat=False,
    only=None,
    worker=False,
) -> int:
    """Run the clock's own APScheduler jobs from ``start`` to ``end`` with frozen time.

    Each step asks every job's trigger for its next fire time (as APScheduler's
    scheduler loop does), moves the frozen time there and calls the job's
    function as the scheduler would. With several ``clocks`` every clock's jobs
    fire at each moment, in turn. ``only`` limits it to some jobs' names. With
    ``worker`` the real worker runs what was queued at each moment, still at
    that moment (as a worker beside the clock would). Returns how many calls
    were made.
    """
    schedulers = [clock_scheduler(clock=name) for name in clocks]
    jobs = [
        job
        for scheduler in schedulers
        for job in scheduler.get_jobs()
        if (heartbeat or job.id != "hjartslag") and (only is None or job.id in only)
    ]
    previous = {id(job): None for job in jobs}
    calls = 0
    now = start
    end = end.astimezone(UTC)
    with freeze_time(start) as frozen:
        while True:
            # Triggers get and give moments in their own zone (as APScheduler
            # keeps them); they are compared in UTC, since within one zone
            # Python compares wall-clock times, which go back in October.
            upcoming = {
                id(job): job.trigger.get_next_fire_time(previous[id(job)], now) for job in jobs
            }
            moment = min(upcoming.values(), key=lambda m: m.astimezone(UTC))
            if moment.astimezone(UTC) > end:
                return calls
            frozen.move_to(moment)
            for job in jobs:
                if upcoming[id(job)].astimezone(UTC) == moment.astimezone(UTC):
                    job.func(*job.args, **job.kwargs)
                    previous[id(job)] = upcoming[id(job)]
                    calls += 1
            if worker:
                run_worker()
            now = moment


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
