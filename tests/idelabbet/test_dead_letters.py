"""Emails that keep failing: visible in the admin with their error, sent again, counted."""

from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from idelabbet.models import OutgoingEmail
from idelabbet.services.delivery import MAX_ATTEMPTS, emails_requeue
from tests.factories import UserFactory
from tests.idelabbet.conftest import submit


@pytest.fixture
def dead_letter(ideas_index, immediate_tasks, django_capture_on_commit_callbacks):
    with (
        mock.patch("django.core.mail.EmailMessage.send", side_effect=OSError("SMTP nere")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        submit(ideas_index)
    email = OutgoingEmail.objects.get(kind="kvitto")
    assert email.attempts == MAX_ATTEMPTS and email.failed_at is not None
    return email


def test_a_dead_letter_is_listed_with_its_error_and_counted_on_the_dashboard(
    admin_client, dead_letter
):
    listing = admin_client.get(reverse("idelabbet-outbox:index"))
    assert listing.status_code == 200
    assert "OSError: SMTP nere" in listing.text
    dashboard = admin_client.get(reverse("wagtailadmin_home"))
    assert "E-post som inte kom fram" in dashboard.text
    assert "1 e-post gick inte att skicka efter alla försök." in dashboard.text
    inspect = admin_client.get(reverse("idelabbet-outbox:inspect", args=[dead_letter.pk]))
    assert "Skicka igen" in inspect.text


def test_send_again_sends_it_once(admin_client, dead_letter, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("idelabbet-outbox:send_again", args=[dead_letter.pk]), follow=True
        )
    assert "E-posten skickas igen." in response.text
    title = dead_letter.submission.idea.title
    assert [m.subject for m in mail.outbox] == [f"Tack för din idé: {title}"]
    dead_letter.refresh_from_db()
    assert dead_letter.sent_at is not None
    # Gone from the list and the dashboard.
    assert "SMTP nere" not in admin_client.get(reverse("idelabbet-outbox:index")).text
    assert "E-post som inte kom fram" not in admin_client.get(reverse("wagtailadmin_home")).text


def test_a_moderator_can_neither_see_nor_resend_dead_letters(client, dead_letter):
    moderator = UserFactory(username="mod", groups=["Ekerö moderatorer"])
    client.force_login(moderator)
    assert client.get(reverse("idelabbet-outbox:index")).status_code in (302, 403)
    response = client.post(reverse("idelabbet-outbox:send_again", args=[dead_letter.pk]))
    assert response.status_code in (302, 403)
    dead_letter.refresh_from_db()
    assert dead_letter.failed_at is not None
    assert "E-post som inte kom fram" not in client.get(reverse("wagtailadmin_home")).text


def test_the_sweep_requeues_a_row_whose_task_was_lost_and_leaves_live_claims(
    ideas_index, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        submission = submit(ideas_index)
    lost = OutgoingEmail.objects.get(submission=submission)
    later = timezone.now() + timezone.timedelta(minutes=2)
    queued = []
    with django_capture_on_commit_callbacks(execute=True):
        assert emails_requeue(enqueue=queued.append, now=later) == 1
    assert queued == [lost.pk]
    # Queued once: the next sweep leaves it alone until its back-off passes.
    with django_capture_on_commit_callbacks(execute=True):
        assert emails_requeue(enqueue=queued.append, now=later) == 0
    # A row held by a live claim is not touched.
    OutgoingEmail.objects.filter(pk=lost.pk).update(
        claimed_until=later + timezone.timedelta(minutes=10), available_at=later
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert emails_requeue(enqueue=queued.append, now=later + timezone.timedelta(minutes=5)) == 0
