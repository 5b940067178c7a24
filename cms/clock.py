"""The clock: turns the schedule (``cms.schedule``) into queued work, exactly once.

``manage.py clock`` runs an APScheduler ``BlockingScheduler`` with one cron job
per scheduled job (its ``CronTrigger`` in Europe/Stockholm) and a heartbeat
every minute. Each of them calls ``clock_tick``, which only *enqueues*: it
works out, from the trigger and the last recorded run, the latest moment the
job fell due, inserts a ``JobRun`` for (job, that moment) and enqueues
``cms.tasks.scheduled_job_run`` in the same transaction. The worker does the
work.

Why the run records and not APScheduler's own bookkeeping:

- *Several clocks at once.* Every clock computes the same moment from the
  same trigger, and the unique (job, moment) row lets exactly one of them
  insert it; the others get ``IntegrityError`` ("another clock has it").
- *Late is once.* A clock that was stopped for a while finds several missed
  moments and enqueues only the latest: the job bodies work from the state of
  the data, so one run catches up (no burst of stale reminders).
- *Visible.* The rows are what the "Schemalagda jobb" report and
  ``schedule_status`` show, and the heartbeat row is what the dashboard's
  stale-clock panel reads.

A job that has never run counts from 15 minutes before the clock's first
tick: a fresh install runs its frequent jobs at once but not last night's.
"""

import logging
import os
import socket
from datetime import UTC, datetime, timedelta

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from django.db import IntegrityError, close_old_connections, connection, transaction
from django.utils import timezone

from .models import ClockHeartbeat, JobRun
from .schedule import JOBS, SCHEDULE, TIME_ZONE, Job
from .tasks import scheduled_job_run

logger = logging.getLogger(__name__)

HEARTBEAT_EVERY = timedelta(minutes=1)
# A job that never ran fires only for a moment this recent: at the clock's
# first start the frequent jobs (every 5-15 minutes) run at once, the nightly
# ones wait for their night.
FIRST_RUN_WINDOW = timedelta(minutes=15)
# How far back a stopped clock looks for missed moments (all jobs are at most daily).
CATCH_UP_WINDOW = timedelta(days=8)


def clock_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def latest_due(job: Job, *, since: datetime, now: datetime) -> datetime | None:
    """The latest moment in (``since``, ``now``] at which ``job``'s trigger fires, if any.

    The October night has the hour 02:00-02:59 twice. Two things matter
    there: the trigger is handed its moments in its own zone (converted from
    UTC, which sets ``fold`` for the second pass; given UTC, APScheduler 3
    returns the same moment again), and moments are *compared* in UTC (Python
    compares two datetimes of one zone by wall-clock time, so 02:00 CET would
    sort before 02:55 CEST).
    """
    trigger = _trigger(job)
    now = now.astimezone(UTC)
    since = max(since.astimezone(UTC), now - CATCH_UP_WINDOW).astimezone(TIME_ZONE)
    latest = None
    moment = trigger.get_next_fire_time(since, since)
    while moment is not None and moment.astimezone(UTC) <= now:
        latest = moment.astimezone(UTC)
        moment = trigger.get_next_fire_time(moment, moment)
    return latest


_triggers: dict[tuple[str, str], CronTrigger] = {}


def _trigger(job: Job) -> CronTrigger:
    key = (job.name, repr(sorted(job.cron.items())))
    if key not in _triggers:
        _triggers[key] = job.trigger()
    return _triggers[key]


def _last_scheduled(job: Job) -> datetime | None:
    return (
        JobRun.objects.filter(job=job.name)
        .order_by("-scheduled_for")
        .values_list("scheduled_for", flat=True)
        .first()
    )


def job_enqueue_due(job: Job, *, now: datetime, clock: str) -> JobRun | None:
    """Record and enqueue ``job``'s latest due moment, unless a run for it exists.

    Returns the new run, or None when nothing was due or another clock (or an
    earlier tick) already has that moment.
    """
    last = _last_scheduled(job)
    due = latest_due(job, since=last or now - FIRST_RUN_WINDOW, now=now)
    if due is None or due == last:
        return None
    try:
        with transaction.atomic():
            run = JobRun.objects.create(
                job=job.name, scheduled_for=due, enqueued_at=now, enqueued_by=clock
            )
            # The database task backend writes its row in this transaction:
            # the run and its task commit together or not at all.
            scheduled_job_run.enqueue(run_id=run.pk)
    except IntegrityError:
        return None  # another clock has it
    logger.info("Schemalagt jobb %s köat för %s", job.name, timezone.localtime(due))
    return run


def heartbeat(*, now: datetime, clock: str) -> None:
    ClockHeartbeat.objects.update_or_create(clock=clock, defaults={"beat_at": now})


def clock_tick(*, now: datetime | None = None, jobs=None, clock: str | None = None) -> list:
    """One tick of the clock: beat, then enqueue every job in ``jobs`` that fell due.

    ``jobs`` are names (all of the schedule by default). Safe to call as often
    as you like, from as many clocks as you like. One job's failure to enqueue
    (e.g. the database briefly away) is logged and does not stop the others.
    """
    now = now or timezone.now()
    clock = clock or clock_id()
    _fresh_connection()
    runs = []
    try:
        if jobs is None:
            heartbeat(now=now, clock=clock)
        for job in SCHEDULE if jobs is None else [JOBS[name] for name in jobs]:
            try:
                run = job_enqueue_due(job, now=now, clock=clock)
            except Exception:  # noqa: BLE001 - the next job must still be enqueued
                logger.exception("Klockan kunde inte köa jobbet %s", job.name)
                continue
            if run is not None:
                runs.append(run)
    finally:
        _fresh_connection()
    return runs


def _fresh_connection() -> None:
    # The clock is a long-lived process whose thread Django's request cycle
    # never resets: drop a connection the server closed or that outlived
    # CONN_MAX_AGE. (Never inside a transaction: a caller's, or a test's.)
    if not connection.in_atomic_block:
        close_old_connections()


def clock_scheduler(*, clock: str | None = None) -> BlockingScheduler:
    """The APScheduler scheduler ``manage.py clock`` runs (not started).

    One thread: ticks never overlap. ``coalesce`` and no misfire limit: a tick
    that could not run on time runs once, late (``clock_tick`` then finds the
    moment it missed).
    """
    clock = clock or clock_id()
    scheduler = BlockingScheduler(
        timezone=TIME_ZONE,
        executors={"default": ThreadPoolExecutor(1)},
        job_defaults={"coalesce": True, "misfire_grace_time": None, "max_instances": 1},
    )
    # One scheduler job per distinct cron expression (the four sweeps share
    # "every minute"): each tick enqueues every job of its group that is due.
    groups: dict[str, list[Job]] = {}
    for job in SCHEDULE:
        groups.setdefault(repr(sorted(job.cron.items())), []).append(job)
    for jobs in groups.values():
        names = [job.name for job in jobs]
        scheduler.add_job(
            clock_tick,
            trigger=jobs[0].trigger(),
            kwargs={"jobs": names, "clock": clock},
            id=",".join(names),
            name=",".join(names),
        )
    scheduler.add_job(
        clock_tick,
        trigger=IntervalTrigger(seconds=int(HEARTBEAT_EVERY.total_seconds()), timezone=TIME_ZONE),
        kwargs={"clock": clock},
        id="hjartslag",
        name="hjartslag",
        next_run_time=timezone.now(),
    )
    return scheduler
