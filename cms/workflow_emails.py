"""Delivery of Wagtail's workflow emails from an outbox, like idelabbet's (same guarantee).

At-least-once: a ``WorkflowEmail`` row is written in the transaction of the
workflow change; the task claims it with a lease, has Wagtail's notifier send
it, and marks it sent. A row whose task was lost (enqueue failed, worker
died) is queued again by ``workflow_emails_requeue`` (run by
``cms.tasks.tasks_reclaim`` every minute). Wagtail's notifier sends to every
recipient and only says whether all went out, so a partly failed notification
is sent again to all its recipients: a moderator may get a second copy, never
none. After ``MAX_ATTEMPTS`` the row is a dead letter (``failed_at``).
"""

import logging
import time
from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import InterfaceError, OperationalError, connection, transaction
from django.db.models import Q
from django.utils import timezone

from .models import WorkflowEmail

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6


def grace() -> timedelta:
    return timedelta(seconds=getattr(settings, "WORKFLOW_EMAIL_SWEEP_GRACE_SECONDS", 60))


def lease() -> timedelta:
    return timedelta(seconds=getattr(settings, "IDELABBET_EMAIL_LEASE_SECONDS", 60))


def backoff(attempts: int) -> timedelta:
    return min(timedelta(minutes=1) * (2 ** max(attempts - 1, 0)), timedelta(hours=1))


def _persist(write: Callable[[], object]) -> None:
    for attempt in range(6):
        try:
            write()
            return
        except (OperationalError, InterfaceError):
            if connection.in_atomic_block or attempt == 5:
                raise
            connection.close()
            time.sleep(0.25 * 2**attempt)


def workflow_email_claim(*, email_id: int) -> WorkflowEmail | None:
    now = timezone.now()
    with transaction.atomic():
        row = WorkflowEmail.objects.select_for_update().filter(pk=email_id).first()
        if row is None or row.sent_at or row.failed_at:
            return None
        if row.claimed_until and row.claimed_until > now:
            return None
        row.attempts += 1
        row.claimed_until = row.available_at = now + lease()
        row.save(update_fields=["attempts", "claimed_until", "available_at"])
    return row


def workflow_email_record(*, row: WorkflowEmail, error: str = "") -> datetime | None:
    """Record the outcome; returns when to retry a failure (None: sent or given up)."""
    now = timezone.now()
    if not error:
        _persist(
            lambda: WorkflowEmail.objects.filter(pk=row.pk).update(
                sent_at=now, claimed_until=None, last_error=""
            )
        )
        return None
    dead = row.attempts >= MAX_ATTEMPTS
    retry_at = None if dead else now + backoff(row.attempts)
    _persist(
        lambda: WorkflowEmail.objects.filter(pk=row.pk).update(
            last_error=error[:2000],
            claimed_until=None,
            failed_at=now if dead else None,
            available_at=retry_at or now,
        )
    )
    return retry_at


def workflow_emails_requeue(*, enqueue: Callable[[int], None], now=None) -> int:
    """Queue again every unsent row whose task was lost."""
    now = now or timezone.now()
    with transaction.atomic():
        rows = list(
            WorkflowEmail.objects.filter(sent_at__isnull=True, failed_at__isnull=True)
            .filter(
                Q(claimed_until__isnull=True, available_at__lte=now - grace())
                | Q(claimed_until__lte=now)
            )
            .select_for_update(skip_locked=True)
            .order_by("available_at")
            .values_list("pk", "attempts")[:1000]
        )
        for pk, attempts in rows:
            WorkflowEmail.objects.filter(pk=pk).update(
                available_at=now + max(backoff(attempts), grace()), claimed_until=None
            )
        ids = [pk for pk, _attempts in rows]
        transaction.on_commit(lambda: _enqueue_each(enqueue, ids))
    return len(ids)


def _enqueue_each(enqueue: Callable[[int], None], ids: list[int]) -> None:
    for pk in ids:
        try:
            enqueue(pk)
        except Exception:  # noqa: BLE001 - the row stays due; the next sweep retries
            logger.exception("Arbetsflödesmejl %s kunde inte köas", pk)
