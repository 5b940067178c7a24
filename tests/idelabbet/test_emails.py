from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from idelabbet.models import IdeaPage, OutgoingEmail
from tests.idelabbet.conftest import idea_data, status_token

pytestmark = pytest.mark.django_db

URL = "/idelabbet/skicka-in/"


def run_worker():
    """Run the real `db_worker` loop until the email queue is empty.

    The worker closes "old" connections between tasks; inside a test's
    transaction that would close the test's own connection on PostgreSQL.
    """
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("db_worker", batch=True, queue_name="email", no_startup_delay=True, interval=0)


def test_the_receipt_is_sent_by_the_worker_after_commit(
    client, ideas_index, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(URL, idea_data())
    # Nothing is queued, let alone sent, before the transaction commits.
    assert DBTaskResult.objects.filter(task_path__contains="outgoing_email_send").count() == 0
    assert mail.outbox == []
    for callback in callbacks:
        callback()
    assert DBTaskResult.objects.filter(task_path__contains="outgoing_email_send").count() == 1
    assert mail.outbox == []  # the web request never sends mail itself
    run_worker()
    (email,) = mail.outbox
    assert email.to == ["alva.lindqvist@example.se"]
    assert email.subject == "Tack för din idé: Språkcafé i Stenhamra"
    idea = IdeaPage.objects.get()
    token = status_token(idea.submission)
    assert f"http://localhost/idelabbet/status/{token}/" in email.body
    assert client.get(f"/idelabbet/status/{token}/").status_code == 200
    assert OutgoingEmail.objects.get().sent_at is not None


def test_a_rolled_back_submission_sends_nothing(ideas_index, django_capture_on_commit_callbacks):
    from django.db import transaction

    from tests.idelabbet.conftest import submit

    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            submit(ideas_index)
            raise RuntimeError
    assert IdeaPage.objects.count() == 0
    assert OutgoingEmail.objects.count() == 0
    assert DBTaskResult.objects.filter(task_path__contains="outgoing_email_send").count() == 0


def test_a_mail_failure_is_retried_and_never_loses_the_idea(
    client, ideas_index, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, idea_data())
    with (
        mock.patch(
            "django.core.mail.EmailMessage.send", side_effect=ConnectionRefusedError("SMTP nere")
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        run_worker()
    assert IdeaPage.objects.count() == 1
    email = OutgoingEmail.objects.get()
    assert email.attempts == 1 and email.sent_at is None
    assert "SMTP nere" in email.last_error
    retry = DBTaskResult.objects.filter(
        task_path__contains="outgoing_email_send", status="READY"
    ).get()
    assert retry.run_after > timezone.now()
    assert mail.outbox == []
    # When the retry is due, the worker sends it.
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now() - timedelta(seconds=1))
    run_worker()
    assert len(mail.outbox) == 1
    email.refresh_from_db()
    assert email.attempts == 2 and email.sent_at is not None


def test_the_worker_gives_up_after_the_last_attempt(
    ideas_index, immediate_tasks, django_capture_on_commit_callbacks
):
    from idelabbet.services.delivery import MAX_ATTEMPTS
    from tests.idelabbet.conftest import submit

    with (
        mock.patch("django.core.mail.EmailMessage.send", side_effect=OSError("nere")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        submit(ideas_index)
    email = OutgoingEmail.objects.get()
    assert email.attempts == MAX_ATTEMPTS
    assert email.failed_at is not None
    assert IdeaPage.objects.count() == 1


def test_an_email_is_sent_once_however_often_the_task_runs(
    ideas_index, immediate_tasks, django_capture_on_commit_callbacks
):
    from idelabbet.tasks.emails import outgoing_email_send
    from tests.idelabbet.conftest import submit

    with django_capture_on_commit_callbacks(execute=True):
        submit(ideas_index)
    email = OutgoingEmail.objects.get()
    outgoing_email_send.call(email_id=email.pk)
    assert len(mail.outbox) == 1
