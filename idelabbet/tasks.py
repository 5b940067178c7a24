"""Background work: sending the outbox's emails, with retries.

A mail server failure never loses an idea: the idea was committed before the
task ran, the outbox row stays, and the task re-enqueues itself with backoff.
"""

import logging
import re
from datetime import timedelta
from html import unescape

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from .models import IdeaIndexPage, IdeaSubmission, OutgoingEmail
from .selectors.cases import case_decline_reason
from .services.cases import cases_permissions_resync
from .services.erasure import cases_anonymise_due
from .services.reminders import case_reminders_send
from .tokens import make_token

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
BASE_DELAY = timedelta(minutes=1)

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
    """The private status link, rebuilt from the nonce (never stored)."""
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
    # The citizen wrote in Swedish and has no account with a language choice.
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(f"idelabbet/emails/{email.kind}.txt", context)
        subject = str(SUBJECTS[email.kind]) % {"title": title}
    return EmailMessage(
        subject=subject,
        body=body,
        to=[submission.email],
    )


def _retry_later(email: OutgoingEmail) -> None:
    delay = BASE_DELAY * (2 ** (email.attempts - 1))
    backend = outgoing_email_send.get_backend()
    runner = (
        outgoing_email_send.using(run_after=timezone.now() + delay)
        if backend.supports_defer
        else outgoing_email_send
    )
    transaction.on_commit(lambda: runner.enqueue(email_id=email.pk))


@task(queue_name="email")
def outgoing_email_send(email_id: int) -> str:
    """Send one outbox email; on failure record the error and try again later."""
    with transaction.atomic():
        email = (
            OutgoingEmail.objects.select_for_update(of=("self",))
            .select_related("submission", "submission__idea", "note")
            .filter(pk=email_id)
            .first()
        )
        if email is None:
            return "borttaget"
        if email.sent_at or email.failed_at:
            return "redan hanterat"
        if not email.submission.email:
            # Personal data erased before the email went out: nothing to send.
            email.failed_at = timezone.now()
            email.last_error = "ingen mottagare"
            email.save(update_fields=["failed_at", "last_error"])
            return "ingen mottagare"
        email.attempts += 1
        try:
            _message(email).send()
        except Exception as error:  # noqa: BLE001 - any mail failure is retried
            logger.warning(
                "E-post %s misslyckades (försök %s): %s", email_id, email.attempts, error
            )
            email.last_error = f"{type(error).__name__}: {error}"[:2000]
            if email.attempts >= MAX_ATTEMPTS:
                email.failed_at = timezone.now()
            email.save(update_fields=["attempts", "last_error", "failed_at"])
            if email.failed_at is None:
                _retry_later(email)
            return "försöker igen" if email.failed_at is None else "gav upp"
        email.sent_at = timezone.now()
        email.save(update_fields=["attempts", "sent_at"])
    return "skickat"


@task()
def case_reminders_run() -> str:
    """Send the deadline reminders that are due (each once; safe to run often)."""
    return f"{case_reminders_send()} påminnelser"


@task()
def cases_anonymise_run() -> str:
    """Anonymise ended cases whose retention time is up."""
    return f"{cases_anonymise_due()} ärenden anonymiserade"


@task()
def cases_permissions_resync_run(index_id: int) -> str:
    """Re-grant a municipality's cases after its ideas index (the role groups) was published."""
    index = IdeaIndexPage.objects.filter(pk=index_id).first()
    if index is None:
        return "borttagen"
    return f"{cases_permissions_resync(index=index)} ärenden"
