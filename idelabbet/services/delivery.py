"""Delivery of the email outbox: claim a row, send it, record the outcome; repair what was lost.

Guarantee: **at-least-once, deduplicated.** An email the citizen is owed must
never be lost (a lost receipt means a lost status link), while a duplicate is
only a nuisance; so a row whose outcome is unknown is sent again, and three
things keep the duplicates away:

- *Claim with a lease.* A worker takes a row in a short transaction
  (``email_claim``: ``SELECT … FOR UPDATE``, attempts + 1, ``claimed_until`` =
  now + lease) and commits before it talks to the mail server, so no database
  transaction or row lock is held while SMTP hangs, and a second task for the
  same row (a re-queue, a reclaimed task) finds it held and does nothing.
- *Record the send with reconnection.* After the server accepted the message,
  ``email_record_sent`` marks the row sent; if the database connection was cut
  meanwhile, it reconnects and tries again (for about half a minute), so a cut
  connection does not turn a sent email into an unsent row.
- *A stable Message-ID* (``<outgoing-email-<id>@…>``) on every attempt, so
  the rare duplicate that remains (the worker dies between the server's "250 OK"
  and the commit, or the database stays away longer than the retries) is one
  that mail servers and clients recognise as the same message.

At-most-once would need the opposite choice — mark the row before sending and
never send it again — and then a worker killed while the mail server hangs
would lose the email for good, which is the failure this module exists to
prevent.

Repair: ``emails_requeue`` (the ``emails_sweep`` task, run every minute by the
clock) queues again every unsent row that has been due for ``GRACE`` and is
not held by a live claim: its task was never enqueued, failed, or died with its
worker. After ``MAX_ATTEMPTS`` failed sends the row becomes a dead letter
(``failed_at``), listed in the admin with its error and "Skicka igen".
"""

import logging
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import partial
from typing import TypeVar

from django.conf import settings
from django.db import InterfaceError, OperationalError, connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from ..models import OutgoingEmail

logger = logging.getLogger(__name__)

T = TypeVar("T")

MAX_ATTEMPTS = 6
BASE_DELAY = timedelta(minutes=1)
MAX_DELAY = timedelta(hours=1)
NO_RECIPIENT = "ingen mottagare"


def lease() -> timedelta:
    """How long a claim holds a row: longer than one SMTP conversation may take."""
    return timedelta(seconds=getattr(settings, "IDELABBET_EMAIL_LEASE_SECONDS", 60))


def grace() -> timedelta:
    """How long a due row may wait for its task before the sweep queues it again."""
    return timedelta(seconds=getattr(settings, "IDELABBET_EMAIL_SWEEP_GRACE_SECONDS", 60))


def backoff(attempts: int) -> timedelta:
    return min(BASE_DELAY * (2 ** max(attempts - 1, 0)), MAX_DELAY)


def persist(write: Callable[[], T], *, attempts: int = 6) -> T:
    """Run a write outside any transaction, reconnecting if the connection was cut.

    The worker's connection can be terminated by the server (failover,
    ``pg_terminate_backend``) while it waits for the mail server; the write that
    records what happened must survive that.
    """
    for attempt in range(attempts):
        try:
            return write()
        except (OperationalError, InterfaceError):
            if connection.in_atomic_block or attempt == attempts - 1:
                raise
            logger.warning("Databasanslutningen bröts; försöker igen", exc_info=True)
            connection.close()
            time.sleep(0.25 * 2**attempt)
    raise AssertionError("unreachable")


def message_id(email: OutgoingEmail) -> str:
    domain = getattr(settings, "IDELABBET_MESSAGE_ID_DOMAIN", "") or settings.DEFAULT_FROM_EMAIL
    return f"<outgoing-email-{email.pk}@{domain.rpartition('@')[2] or 'localhost'}>"


def email_claim(*, email_id: int, now: datetime | None = None) -> tuple[OutgoingEmail | None, str]:
    """Take an unsent row for one send attempt; returns (row, "") or (None, why not).

    Commits before returning: the caller sends with no transaction open.
    """
    now = now or timezone.now()
    with transaction.atomic():
        email = (
            OutgoingEmail.objects.select_for_update(of=("self",))
            .select_related("submission", "submission__idea", "note")
            .filter(pk=email_id)
            .first()
        )
        if email is None:
            return None, "borttaget"
        if email.sent_at or email.failed_at:
            return None, "redan hanterat"
        if email.claimed_until and email.claimed_until > now:
            return None, "skickas redan"
        if not email.submission.email:
            # Personal data erased before the email went out: nothing to send.
            email.failed_at = now
            email.last_error = NO_RECIPIENT
            email.save(update_fields=["failed_at", "last_error"])
            return None, NO_RECIPIENT
        email.attempts += 1
        email.claimed_until = now + lease()
        email.available_at = email.claimed_until
        email.save(update_fields=["attempts", "claimed_until", "available_at"])
    return email, ""


def email_record_sent(*, email: OutgoingEmail) -> None:
    """Mark a claimed row sent (reconnecting if needed), releasing the claim."""
    persist(
        lambda: OutgoingEmail.objects.filter(pk=email.pk, sent_at__isnull=True).update(
            sent_at=timezone.now(), claimed_until=None, last_error=""
        )
    )


def email_record_failure(*, email: OutgoingEmail, error: BaseException) -> datetime | None:
    """Record a failed send; returns when to retry, or None if it is now a dead letter."""
    now = timezone.now()
    text = f"{type(error).__name__}: {error}"[:2000]
    dead = email.attempts >= MAX_ATTEMPTS
    retry_at = None if dead else now + backoff(email.attempts)
    persist(
        lambda: OutgoingEmail.objects.filter(pk=email.pk, sent_at__isnull=True).update(
            last_error=text,
            claimed_until=None,
            failed_at=now if dead else None,
            available_at=retry_at or now,
        )
    )
    return retry_at


def enqueue_each(enqueue: Callable[[int], None], ids: list[int]) -> None:
    """Enqueue each id; one that fails is logged and left to the next sweep."""
    for pk in ids:
        try:
            enqueue(pk)
        except Exception:  # noqa: BLE001 - the row stays due; the sweep retries
            logger.exception("E-post %s kunde inte köas; svepet försöker igen", pk)


def emails_due(*, now: datetime | None = None) -> QuerySet[OutgoingEmail]:
    """Unsent rows that have waited past the grace time and that no live worker holds."""
    now = now or timezone.now()
    # A claim that ran out is due at once (its worker is gone); an unclaimed row
    # gets the grace time to be picked up by the task queued with it.
    return OutgoingEmail.objects.filter(sent_at__isnull=True, failed_at__isnull=True).filter(
        Q(claimed_until__isnull=True, available_at__lte=now - grace()) | Q(claimed_until__lte=now)
    )


def emails_requeue(
    *, enqueue: Callable[[int], None], now: datetime | None = None, limit: int = 1000
) -> int:
    """Queue again every row whose task was lost; each is pushed back so it is queued once.

    ``enqueue(email_id)`` is called after commit; if it fails, the row is due
    again after its back-off and the next sweep tries again.
    """
    now = now or timezone.now()
    with transaction.atomic():
        rows = list(
            emails_due(now=now)
            .select_for_update(skip_locked=True)
            .order_by("available_at")
            .values_list("pk", "attempts")[:limit]
        )
        for pk, attempts in rows:
            OutgoingEmail.objects.filter(pk=pk).update(
                available_at=now + max(backoff(attempts), grace()), claimed_until=None
            )
        ids = [pk for pk, _attempts in rows]
        transaction.on_commit(partial(enqueue_each, enqueue, ids))
    if ids:
        logger.warning("E-postutkorgen: %s rader köades igen", len(ids))
    return len(ids)


def emails_dead() -> QuerySet[OutgoingEmail]:
    """Dead letters: emails given up on that still have someone to go to."""
    return OutgoingEmail.objects.filter(failed_at__isnull=False, sent_at__isnull=True).exclude(
        submission__email=""
    )


@transaction.atomic
def emails_send_again(*, email_ids: list[int], enqueue: Callable[[int], None]) -> int:
    """Give dead letters a fresh set of attempts and queue them now."""
    now = timezone.now()
    ids = list(emails_dead().filter(pk__in=email_ids).values_list("pk", flat=True))
    OutgoingEmail.objects.filter(pk__in=ids).update(
        failed_at=None, attempts=0, claimed_until=None, available_at=now
    )
    transaction.on_commit(partial(enqueue_each, enqueue, ids))
    return len(ids)
