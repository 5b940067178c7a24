"""Background work: sending the outbox's emails, with retries.

A mail server failure never loses an idea: the idea was committed before the
task ran, the outbox row stays, and the task re-enqueues itself with backoff;
``emails_sweep`` queues again whatever lost its task (services/delivery.py).
``services.emails`` enqueues ``outgoing_email_send``, so this module imports no
service that queues email (see ``tasks/__init__.py``).
"""

import logging
import re
from datetime import datetime
from functools import partial
from html import unescape

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from ..models import IdeaSubmission, OutgoingEmail
from ..models.base import language_for_reply
from ..selectors.cases import case_decline_reason
from ..services.delivery import (
    email_claim,
    email_record_failure,
    email_record_sent,
    emails_requeue,
    enqueue_each,
    message_id,
)
from ..tokens import make_token

logger = logging.getLogger(__name__)

SUBJECTS = {
    OutgoingEmail.Kind.RECEIPT: _("Tack för din idé: %(title)s"),
    OutgoingEmail.Kind.REJECTED: _("Din idé kan inte publiceras: %(title)s"),
    OutgoingEmail.Kind.PUBLISHED: _("Din idé är publicerad: %(title)s"),
    OutgoingEmail.Kind.NEW_LINK: _("Ny länk till din idé: %(title)s"),
    OutgoingEmail.Kind.NOTE: _("Nytt meddelande om din idé: %(title)s"),
    OutgoingEmail.Kind.DECLINED: _("Besked om din idé: %(title)s"),
    OutgoingEmail.Kind.DECISION: _("Beslut om din ansökan: %(title)s"),
}


def status_url(submission: IdeaSubmission) -> str:
    """The private status link, rebuilt from the nonce (never stored).

    In the active language: under ``translation.override`` the path carries
    that language's prefix (``/ar/idelabbet/status/…``).
    """
    path = reverse(
        "idelabbet:status",
        kwargs={"token": make_token(form_key=submission.form_key, nonce=submission.token_nonce)},
    )
    site = submission.idea.get_site() if submission.idea_id else None
    base = site.root_url if site else settings.WAGTAILADMIN_BASE_URL
    return f"{base.rstrip('/')}{path}"


def html_to_text(html: str) -> str:
    """A note's rich text as plain text for an email."""
    text = re.sub(r"</(p|li|h\d)>|<br\s*/?>", "\n", html)
    return unescape(strip_tags(text)).strip()


def _message(email: OutgoingEmail) -> EmailMessage:
    submission = email.submission
    title = submission.idea.title if submission.idea_id else ""
    # In the language the citizen wrote in, the status link too (its language
    # prefix), whenever the email is sent: the request is long gone.
    with translation.override(language_for_reply(submission.language)):
        context = {
            "submission": submission,
            "idea": submission.idea,
            "status_url": status_url(submission),
            "note_text": html_to_text(email.note.body) if email.note_id else "",
            "decline_reason": case_decline_reason(submission=submission)
            if email.kind == OutgoingEmail.Kind.DECLINED
            else "",
            "case": getattr(submission, "case", None),
        }
        body = render_to_string(f"idelabbet/emails/{email.kind}.txt", context)
        subject = str(SUBJECTS[email.kind]) % {"title": title}
    return EmailMessage(
        subject=subject,
        body=body,
        to=[submission.email],
    )


def _enqueue(email_id: int, *, run_after: datetime | None = None) -> None:
    runner = outgoing_email_send
    if run_after is not None and runner.get_backend().supports_defer:
        runner = runner.using(run_after=run_after)
    runner.enqueue(email_id=email_id)


@task(queue_name="email")
def outgoing_email_send(email_id: int) -> str:
    """Send one outbox email (see ``services.delivery`` for the guarantee)."""
    email, skipped = email_claim(email_id=email_id)
    if email is None:
        return skipped
    try:
        message = _message(email)
        message.extra_headers["Message-ID"] = message_id(email)
        message.send()
    except Exception as error:  # noqa: BLE001 - any mail or render failure is retried
        logger.warning("E-post %s misslyckades (försök %s): %s", email_id, email.attempts, error)
        retry_at = email_record_failure(email=email, error=error)
        if retry_at is None:
            return "gav upp"
        enqueue_each(partial(_enqueue, run_after=retry_at), [email.pk])
        return "försöker igen"
    email_record_sent(email=email)
    return "skickat"


@task(queue_name="email")
def emails_sweep() -> str:
    """Queue again every outbox email whose task was lost (run every minute by the clock)."""
    return f"{emails_requeue(enqueue=_enqueue)} köade igen"
