"""The three ways a confirmation was lost for good, each ending with exactly one sent.

Real parts: a subprocess ``db_worker`` (killed with SIGKILL, its connection
terminated with ``pg_terminate_backend``), a real SMTP server (aiosmtpd), a
mail server that accepts and never answers, PostgreSQL.
"""

import time

import pytest
from django.db import OperationalError, connection
from django_tasks.base import TaskResultStatus
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from cms.models import WorkflowEmail
from cms.tasks import tasks_reclaim
from idelabbet.models import OutgoingEmail
from idelabbet.tasks.emails import emails_sweep
from tests.factories import UserFactory
from tests.faults.conftest import HANGING_SMTP_PORT, pytestmark_for_postgresql, wait_for
from tests.idelabbet.conftest import idea_data

pytestmark = [*pytestmark_for_postgresql(), pytest.mark.django_db(transaction=True)]

URL = "/idelabbet/skicka-in/"
RECEIPT = "Tack för din idé"
LEASE = 2


@pytest.fixture(autouse=True)
def _short_leases(settings):
    settings.IDELABBET_EMAIL_LEASE_SECONDS = LEASE
    settings.IDELABBET_EMAIL_SWEEP_GRACE_SECONDS = 1
    settings.TASKS_WORKER_LEASE_SECONDS = LEASE
    settings.WORKFLOW_EMAIL_SWEEP_GRACE_SECONDS = 1


def submit(client, address):
    response = client.post(URL, idea_data(email=address), follow=True)
    assert response.status_code == 200
    assert "Tack" in response.text
    return OutgoingEmail.objects.get(submission__email=address, kind="kvitto")


def sent(email):
    email.refresh_from_db()
    return email.sent_at is not None


def queue_idle():
    return not DBTaskResult.objects.filter(
        status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING]
    ).exists()


def test_a_worker_killed_while_the_mail_server_hangs_loses_no_receipt(
    client, ideas_index, smtp, hanging_smtp, workers
):
    email = submit(client, "hang@example.se")
    doomed = workers.start(
        "h23-doomed", smtp_port=HANGING_SMTP_PORT, email_timeout=120, lease=LEASE
    )
    wait_for(lambda: OutgoingEmail.objects.get(pk=email.pk).claimed_until, what="claim")
    wait_for(lambda: hanging_smtp, what="the worker to reach the mail server")
    doomed.kill()
    doomed.wait()
    running = DBTaskResult.objects.get(
        task_path__endswith="outgoing_email_send", status=TaskResultStatus.RUNNING
    )
    assert running.worker_ids == ["h23-doomed"]

    time.sleep(LEASE + 0.5)
    assert tasks_reclaim.call().startswith("1 uppgifter tillbaka i kön")
    running.refresh_from_db()
    assert running.status == TaskResultStatus.READY
    assert emails_sweep.call() == "1 köade igen"

    workers.start("h23-rescuer")
    wait_for(lambda: sent(email), what="the receipt")
    wait_for(queue_idle, what="the queue to empty")
    assert smtp.subjects("hang@example.se") == [f"{RECEIPT}: Språkcafé i Stenhamra"]
    email.refresh_from_db()
    assert email.attempts == 2
    assert not DBTaskResult.objects.filter(status=TaskResultStatus.FAILED).exists()


def test_a_cut_database_connection_during_the_send_neither_loses_nor_repeats_it(
    client, ideas_index, smtp, workers
):
    smtp.gate.clear()  # the server takes the message and waits before "250 OK"
    email = submit(client, "cut@example.se")
    worker = workers.start("h23-cut")
    wait_for(smtp.arrived.is_set, what="the message to reach the mail server")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE application_name = %s",
            ["h23-cut"],
        )
        assert cursor.fetchone()[0] >= 1
    smtp.gate.set()
    wait_for(lambda: sent(email), what="the receipt to be recorded")

    # The same worker survives and processes the next task.
    second = submit(client, "next@example.se")
    wait_for(lambda: sent(second), what="the next receipt")
    wait_for(queue_idle, what="the queue to empty")
    assert worker.poll() is None
    assert smtp.subjects("cut@example.se") == [f"{RECEIPT}: Språkcafé i Stenhamra"]
    assert smtp.subjects("next@example.se") == [f"{RECEIPT}: Språkcafé i Stenhamra"]
    assert not DBTaskResult.objects.filter(status=TaskResultStatus.FAILED).exists()
    assert "Databasanslutningen bröts" in workers.log("h23-cut")


def test_an_enqueue_that_fails_after_commit_still_confirms_and_sends_later(
    client, ideas_index, smtp, workers, monkeypatch
):
    moderators = [
        UserFactory(
            username=f"mod{n}", email=f"mod{n}@ekero.example.se", groups=["Ekerö moderatorer"]
        )
        for n in range(3)
    ]
    real_enqueue = DatabaseBackend.enqueue

    def failing(self, task, args, kwargs):
        if task.queue_name == "email":
            raise OperationalError("kön svarar inte")
        return real_enqueue(self, task, args, kwargs)

    monkeypatch.setattr(DatabaseBackend, "enqueue", failing)
    email = submit(client, "lost@example.se")  # the citizen sees the confirmation
    assert not DBTaskResult.objects.filter(task_path__endswith="outgoing_email_send").exists()
    monkeypatch.undo()

    assert not DBTaskResult.objects.filter(task_path__endswith="workflow_email_send").exists()
    notifications = WorkflowEmail.objects.filter(sent_at__isnull=True).count()
    assert notifications >= 1

    time.sleep(1.2)
    assert emails_sweep.call() == "1 köade igen"
    assert tasks_reclaim.call() == (
        f"0 uppgifter tillbaka i kön, {notifications} arbetsflödesmejl köade igen"
    )
    workers.start("h23-sweep")
    wait_for(lambda: sent(email), what="the receipt")
    wait_for(
        lambda: not WorkflowEmail.objects.filter(sent_at__isnull=True).exists(),
        what="the moderators' notifications",
    )
    wait_for(queue_idle, what="the queue to empty")
    assert emails_sweep.call() == "0 köade igen"
    assert smtp.subjects("lost@example.se") == [f"{RECEIPT}: Språkcafé i Stenhamra"]
    for moderator in moderators:
        assert len(smtp.subjects(moderator.email)) == 1, smtp.subjects(moderator.email)
