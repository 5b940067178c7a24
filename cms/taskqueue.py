"""The background worker, made to survive: django-tasks-db's worker, extended.

Decision (see README, *Bakgrundsarbetaren*): we keep django-tasks-db (the
``django.tasks`` API, tasks as rows in our own PostgreSQL, no new server) and
extend its worker here, in the host, instead of switching to another queue.
What django-tasks-db lacks, and this module adds:

- **Reconnect.** A lost database connection (server restart, failover,
  ``pg_terminate_backend``) no longer ends the process: the loop closes the
  connection, waits with back-off and goes on. A task whose outcome could not
  be recorded because the connection was cut is put back in the queue.
- **Heartbeat and reclaim.** Each worker writes ``WorkerHeartbeat`` every
  ``HEARTBEAT_SECONDS`` from a thread; ``tasks_reclaim_stale`` (the
  ``tasks_reclaim`` task, every minute) puts a RUNNING row whose worker's
  heartbeat is older than the lease back to READY, or, after
  ``MAX_CLAIMS`` workers died on it, to FAILED (a task that kills its worker
  must not kill every worker in turn). Our tasks are idempotent (outboxes with
  claims; index updates recompute), so running one again is safe.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from datetime import datetime, timedelta

from django.conf import settings
from django.db import (
    InterfaceError,
    OperationalError,
    close_old_connections,
    connection,
    transaction,
)
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from .models import WorkerHeartbeat

logger = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 5
MAX_CLAIMS = 5
CONNECTION_ERRORS = (OperationalError, InterfaceError)


def worker_lease() -> timedelta:
    """How long a worker may stay silent before its RUNNING tasks are taken back."""
    return timedelta(seconds=getattr(settings, "TASKS_WORKER_LEASE_SECONDS", 60))


class WorkerLost(Exception):
    """Recorded on a task whose workers kept dying while running it."""


def tasks_reclaim_stale(*, now: datetime | None = None) -> int:
    """Put RUNNING tasks of dead workers back in the queue; returns how many.

    A worker is dead when its heartbeat (or, for a worker without one, the
    task's start) is older than the lease. Rows are locked with SKIP LOCKED, so
    two sweeps never reclaim the same row.
    """
    now = now or timezone.now()
    cutoff = now - worker_lease()
    live = set(
        WorkerHeartbeat.objects.filter(seen_at__gt=cutoff).values_list("worker_id", flat=True)
    )
    reclaimed = 0
    with transaction.atomic():
        rows = (
            DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, started_at__lt=cutoff)
            .select_for_update(skip_locked=True)
            .order_by("started_at")
        )
        for row in rows:
            if row.worker_ids and row.worker_ids[-1] in live:
                continue
            if len(row.worker_ids) >= MAX_CLAIMS:
                row.set_failed(WorkerLost(f"{len(row.worker_ids)} arbetare dog under uppgiften"))
                logger.error("Uppgift %s gavs upp: arbetarna dog (%s)", row.pk, row.task_path)
            else:
                row.status = TaskResultStatus.READY
                row.started_at = None
                row.save(update_fields=["status", "started_at"])
                logger.warning("Uppgift %s togs tillbaka från en död arbetare", row.pk)
            reclaimed += 1
    WorkerHeartbeat.objects.filter(seen_at__lt=now - timedelta(days=1)).delete()
    return reclaimed


class Heartbeat(threading.Thread):
    """Writes the worker's heartbeat row; a failed write is logged and retried."""

    def __init__(self, worker_id: str):
        super().__init__(name=f"heartbeat-{worker_id}", daemon=True)
        self.worker_id = worker_id
        self.started = timezone.now()
        self.stopping = threading.Event()

    def beat(self) -> None:
        WorkerHeartbeat.objects.update_or_create(
            worker_id=self.worker_id,
            defaults={
                "seen_at": timezone.now(),
                "started_at": self.started,
                "hostname": socket.gethostname()[:255],
                "pid": os.getpid(),
            },
        )

    def run(self) -> None:
        while not self.stopping.is_set():
            try:
                close_old_connections()
                self.beat()
            except Exception:  # noqa: BLE001 - the heartbeat must outlive a database outage
                logger.warning("Hjärtslaget kunde inte skrivas", exc_info=True)
                connection.close()
            self.stopping.wait(HEARTBEAT_SECONDS)
        connection.close()


class ResilientWorker(Worker):
    """django-tasks-db's worker with reconnect, heartbeat and safe result recording."""

    def run(self) -> None:
        # A batch run (tests, a one-off drain) ends by itself and writes no heartbeat.
        heartbeat = None if self.batch else Heartbeat(self.worker_id)
        if heartbeat:
            heartbeat.start()
        delay = 0.5
        try:
            while True:
                try:
                    super().run()
                    return
                except CONNECTION_ERRORS:
                    if not self.running:
                        return
                    logger.warning(
                        "Arbetaren tappade databasen; ansluter igen om %.1f s", delay, exc_info=True
                    )
                    connection.close()
                    time.sleep(delay)
                    delay = min(delay * 2, 30)
                    self.startup_delay = False
        finally:
            if heartbeat:
                heartbeat.stopping.set()
                heartbeat.join(timeout=HEARTBEAT_SECONDS * 2)

    def run_task(self, db_task_result: DBTaskResult) -> None:
        try:
            super().run_task(db_task_result)
        except CONNECTION_ERRORS:
            # The task ran, but its outcome could not be written: the connection
            # is gone. Reconnect and queue it again (tasks are idempotent).
            logger.warning("Uppgift %s: resultatet kunde inte sparas", db_task_result.pk)
            self._requeue(db_task_result)

    def _requeue(self, db_task_result: DBTaskResult) -> None:
        for attempt in range(8):
            connection.close()
            try:
                DBTaskResult.objects.filter(
                    pk=db_task_result.pk, status=TaskResultStatus.RUNNING
                ).update(status=TaskResultStatus.READY, started_at=None)
                return
            except CONNECTION_ERRORS:
                time.sleep(min(0.5 * 2**attempt, 15))
        # Still no database: the reclaim sweep takes the row back after the lease.
        logger.error("Uppgift %s kunde inte köas igen; svepet tar den", db_task_result.pk)
