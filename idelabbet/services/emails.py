"""The email outbox: rows written in the caller's transaction, sent after commit."""

from django.db import transaction

from ..models import IdeaSubmission, Note, OutgoingEmail
from ..tasks.emails import outgoing_email_send


# One insert: no savepoint of its own inside the caller's transaction (a
# failure rolls the caller back anyway).
@transaction.atomic(savepoint=False)
def email_queue(
    *,
    submission: IdeaSubmission,
    kind: str,
    note: Note | None = None,
) -> OutgoingEmail:
    """Record an email to the submitter and enqueue its sending after commit.

    The row is part of the caller's transaction, so if the change it reports is
    rolled back, no email goes out; if the mail server fails, the worker retries
    from the row (``tasks.emails.outgoing_email_send``) and the change itself stands.
    """
    email = OutgoingEmail.objects.create(submission=submission, kind=kind, note=note)
    # robust: a queue that fails after commit must not turn the citizen's stored
    # idea into an error page; emails_sweep sends the row later.
    transaction.on_commit(lambda: outgoing_email_send.enqueue(email_id=email.pk), robust=True)
    return email
