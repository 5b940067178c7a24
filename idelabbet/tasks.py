"""Background work: sending the outbox's emails, with retries.

A mail server failure never loses an idea: the idea was committed before the
task ran, the outbox row stays, and the task re-enqueues itself with backoff.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from .models import IdeaSubmission, OutgoingEmail
from .tokens import make_token

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
BASE_DELAY = timedelta(minutes=1)

SUBJECTS = {
    OutgoingEmail.Kind.RECEIPT: _("Tack för din idé: %(title)s"),
    OutgoingEmail.Kind.REJECTED: _("Din idé kan inte publiceras: %(title)s"),
    OutgoingEmail.Kind.PUBLISHED: _("Din idé är publicerad: %(title)s"),
    OutgoingEmail.Kind.SHARED_MESSAGE: _("Nytt meddelande om din idé: %(title)s"),
    OutgoingEmail.Kind.NEW_LINK: _("Ny länk till din idé: %(title)s"),
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


def _message(email: OutgoingEmail) -> EmailMessage:
    submission = email.submission
    title = submission.idea.title if submission.idea_id else ""
    context = {
        "submission": submission,
        "idea": submission.idea,
        "status_url": status_url(submission),
        "shared_message": email.shared_message,
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
            .select_related("submission", "submission__idea", "shared_message")
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
