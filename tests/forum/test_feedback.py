import datetime
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from forum.models import FeedbackDelivery, FeedbackDispatch
from forum.selectors import meetings_feedback_due
from forum.services import feedback_deliver
from tests.factories import UserFactory

from .conftest import add_meeting, path_of, register

pytestmark = pytest.mark.django_db

IMMEDIATE = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "QUEUES": ["default", "email", "search"],
    }
}


def _admin_url(meeting):
    return f"/admin/forum/moten/{meeting.pk}/"


@pytest.fixture
def organiser(sites):
    return UserFactory(username="arrangor", groups=["Jönköping forumarrangörer"])


@override_settings(TASKS=IMMEDIATE)
def test_feedback_goes_once_to_every_registered_participant_and_nobody_else(
    client, forum_index, organiser, django_capture_on_commit_callbacks
):
    held = add_meeting(forum_index, title="Hösten", days=-3, status="held")
    other = add_meeting(forum_index, title="Nästa", days=30)
    for email in ("a@example.se", "b@example.se", "c@example.se"):
        register(held, email=email)
    register(other, email="annan@example.se")
    client.force_login(organiser)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_admin_url(held), {"summary": "Tio förslag kom fram."}, follow=True)
    assert "Återkopplingen är köad" in response.text
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.se", "b@example.se", "c@example.se"]
    assert all("Tio förslag kom fram." in m.body for m in mail.outbox)
    assert all(path_of(held) in m.body for m in mail.outbox)

    # A second attempt is refused and sends nothing.
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(_admin_url(held), {"summary": "Igen"})
    assert "Skicka återkoppling" not in again.text
    assert len(mail.outbox) == 3
    dispatch = FeedbackDispatch.objects.get(meeting=held)
    assert dispatch.completed_at is not None
    assert dispatch.requested_by == organiser
    assert dispatch.deliveries.count() == 3
    page = client.get(_admin_url(held)).text
    assert "Skickad" in page and "till 3 deltagare" in page

    # A repeated run of the task (a retry) sends nobody a second copy.
    assert feedback_deliver(dispatch_id=dispatch.pk) == 0
    assert len(mail.outbox) == 3


def test_feedback_is_refused_before_the_meeting(client, forum_index, organiser):
    meeting = add_meeting(forum_index, days=5)
    register(meeting, email="a@example.se")
    client.force_login(organiser)
    response = client.post(_admin_url(meeting), {"summary": "För tidigt"})
    assert FeedbackDispatch.objects.count() == 0
    assert "Skicka återkoppling" not in response.text
    assert "när mötet är genomfört" in response.text


def test_feedback_service_says_why_when_meeting_is_not_held(forum_index, organiser):
    from django.core.exceptions import ValidationError

    from forum.services import feedback_send

    future = add_meeting(forum_index, days=5)
    with pytest.raises(ValidationError, match="före mötet"):
        feedback_send(meeting=future, summary="x", documentation_url="http://x", user=organiser)
    past_unmarked = add_meeting(forum_index, days=-5)
    with pytest.raises(ValidationError, match="inte markerat som genomfört"):
        feedback_send(
            meeting=past_unmarked, summary="x", documentation_url="http://x", user=organiser
        )


def test_dashboard_shows_feedback_due_and_overdue(client, forum_index, organiser):
    due = add_meeting(forum_index, title="Nyss hållet", days=-2, status="held")
    late = add_meeting(forum_index, title="Länge sedan", days=-20, status="held")
    add_meeting(forum_index, title="Kommande", days=20)
    client.force_login(organiser)
    html = client.get("/admin/").text
    assert "Återkoppling till forumdeltagare" in html
    assert "Nyss hållet" in html and "Länge sedan" in html and "Kommande" not in html
    assert "Försenad" in html

    rows = {row.meeting.pk: row for row in meetings_feedback_due(user=organiser)}
    assert rows[late.pk].overdue is True
    assert rows[due.pk].overdue is False
    assert rows[due.pk].due_on == timezone.localtime(due.start).date() + datetime.timedelta(7)


def _run_worker():
    """Run the real `db_worker` loop until the email queue is empty.

    The worker closes "old" connections between tasks; inside a test's
    transaction that would close the test's own connection on PostgreSQL.
    """
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("db_worker", batch=True, queue_name="email", no_startup_delay=True, interval=0)


def test_feedback_is_queued_after_commit_and_delivered_by_the_database_worker(
    client, forum_index, organiser, django_capture_on_commit_callbacks
):
    held = add_meeting(forum_index, days=-1, status="held")
    register(held, email="a@example.se")
    register(held, email="b@example.se")
    client.force_login(organiser)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(_admin_url(held), {"summary": "Sammanfattning"})
    # Nothing is queued before the transaction commits, and the request sends nothing.
    assert not DBTaskResult.objects.filter(task_path__contains="deliver_feedback").exists()
    for callback in callbacks:
        callback()
    assert DBTaskResult.objects.filter(task_path__contains="deliver_feedback").count() == 1
    assert mail.outbox == []

    _run_worker()
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.se", "b@example.se"]
    assert FeedbackDelivery.objects.count() == 2
    assert FeedbackDispatch.objects.get(meeting=held).recipient_count == 2


@override_settings(TASKS=IMMEDIATE)
def test_old_registrations_are_purged_but_the_feedback_record_stays(
    client, forum_index, organiser, django_capture_on_commit_callbacks
):
    import io

    old = add_meeting(forum_index, title="Gammalt", days=-400, status="held")
    recent = add_meeting(forum_index, title="Nyligen", days=-10, status="held")
    register(old, email="gammal@example.se", name="Gammal Deltagare")
    register(recent, email="ny@example.se")
    client.force_login(organiser)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_admin_url(old), {"summary": "Tack"})

    out = io.StringIO()
    call_command("forum_purge_registrations", "--months", "12", stdout=out)

    assert "1 anmälningar raderade." in out.getvalue()
    assert not old.registrations.exists()
    assert recent.registrations.count() == 1
    assert not FeedbackDelivery.objects.exists()
    page = client.get(_admin_url(old)).text
    assert "Gammal Deltagare" not in page
    assert "till 1 deltagare" in page
