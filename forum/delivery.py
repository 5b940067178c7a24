"""Repair of the feedback mailings: nothing requested is left unsent.

A mailing is sent by ``tasks.deliver_feedback``, queued after the commit that
requested it. Each email is recorded (``FeedbackDelivery``, unique per
mailing and address) in the transaction that sends it, so running a mailing
again, or twice at once, sends nobody a second copy: at-least-once delivery,
deduplicated per recipient. What this module adds is the repair: a mailing
that is not finished and has been due for ``GRACE`` lost its task (never
enqueued, failed, or died with its worker), and ``mailings_requeue`` (the
``mailings_sweep`` task, every minute) queues it again with back-off. After
``MAX_ATTEMPTS`` failures it is a dead letter (``failed_at``) shown in the
admin with its error.
"""

import logging
from collections.abc import Callable
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from .models import FeedbackDispatch

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
GRACE = timedelta(seconds=60)


def backoff(attempts: int) -> timedelta:
    return min(timedelta(minutes=1) * (2 ** max(attempts - 1, 0)), timedelta(hours=1))


def mailing_record_failure(*, dispatch_id: int, error: BaseException) -> None:
    """Count a failed run of a mailing and push it back (or give up on it)."""
    now = timezone.now()
    with transaction.atomic():
        dispatch = FeedbackDispatch.objects.select_for_update().get(pk=dispatch_id)
        dispatch.attempts += 1
        dispatch.last_error = f"{type(error).__name__}: {error}"[:2000]
        dispatch.available_at = now + backoff(dispatch.attempts)
        if dispatch.attempts >= MAX_ATTEMPTS:
            dispatch.failed_at = now
        dispatch.save(update_fields=["attempts", "last_error", "available_at", "failed_at"])


def mailings_requeue(*, enqueue: Callable[[int], None], now=None) -> int:
    """Queue again every unfinished mailing whose task was lost."""
    now = now or timezone.now()
    with transaction.atomic():
        due = list(
            FeedbackDispatch.objects.filter(
                completed_at__isnull=True,
                failed_at__isnull=True,
                available_at__lte=now - GRACE,
            )
            .select_for_update(skip_locked=True)
            .order_by("pk")
            .values_list("pk", "attempts")
        )
        for pk, attempts in due:
            FeedbackDispatch.objects.filter(pk=pk).update(
                available_at=now + max(backoff(attempts), GRACE)
            )
        ids = [pk for pk, _attempts in due]
        transaction.on_commit(lambda: _enqueue_each(enqueue, ids))
    return len(ids)


def _enqueue_each(enqueue: Callable[[int], None], ids: list[int]) -> None:
    for pk in ids:
        try:
            enqueue(pk)
        except Exception:  # noqa: BLE001 - the mailing stays due; the next sweep retries
            logger.exception("Återkoppling %s kunde inte köas", pk)


@transaction.atomic
def mailing_send_again(*, dispatch_id: int, enqueue: Callable[[int], None]) -> bool:
    """Give a given-up mailing a fresh set of attempts and queue it now."""
    updated = FeedbackDispatch.objects.filter(
        pk=dispatch_id, completed_at__isnull=True, failed_at__isnull=False
    ).update(failed_at=None, attempts=0, available_at=timezone.now())
    if updated:
        transaction.on_commit(lambda: _enqueue_each(enqueue, [dispatch_id]))
    return bool(updated)
