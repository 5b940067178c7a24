"""A feedback mailing is never lost: failed runs are recorded, swept, shown and sent again."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from forum.delivery import MAX_ATTEMPTS, mailings_requeue
from forum.models import FeedbackDispatch
from forum.tasks import deliver_feedback
from tests.factories import UserFactory

from .conftest import add_meeting, register
from .test_feedback import IMMEDIATE, _admin_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def organiser(sites):
    return UserFactory(username="arrangor", groups=["Jönköping forumarrangörer"])


@override_settings(TASKS=IMMEDIATE)
def test_a_failing_mailing_ends_visible_and_is_sent_again_once(
    client, forum_index, organiser, django_capture_on_commit_callbacks
):
    held = add_meeting(forum_index, title="Hösten", days=-3, status="held")
    register(held, email="a@example.se")
    client.force_login(organiser)
    with (
        mock.patch("forum.services.send_mail", side_effect=OSError("SMTP nere")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        client.post(_admin_url(held), {"summary": "Tio förslag kom fram."})
    dispatch = FeedbackDispatch.objects.get(meeting=held)
    assert dispatch.attempts == 1 and dispatch.completed_at is None
    assert mail.outbox == []

    # The sweep queues it again until it gives up.
    for _ in range(MAX_ATTEMPTS - 1):
        later = FeedbackDispatch.objects.get(pk=dispatch.pk).available_at + timedelta(minutes=2)
        with (
            mock.patch("forum.services.send_mail", side_effect=OSError("SMTP nere")),
            django_capture_on_commit_callbacks(execute=True),
        ):
            mailings_requeue(
                enqueue=lambda pk: _run(pk),
                now=later,
            )
    dispatch.refresh_from_db()
    assert dispatch.failed_at is not None
    page = client.get(_admin_url(held)).text
    assert "Utskicket gick inte att slutföra efter alla försök." in page
    assert "OSError: SMTP nere" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_admin_url(held), {"action": "send_again"}, follow=True)
    assert "Utskicket försöker igen." in response.text
    assert [m.to for m in mail.outbox] == [["a@example.se"]]
    dispatch.refresh_from_db()
    assert dispatch.completed_at is not None


def _run(pk):
    try:
        deliver_feedback.call(dispatch_id=pk)
    except OSError:
        pass


def test_only_the_organiser_may_send_a_mailing_again(client, forum_index, organiser):
    held = add_meeting(forum_index, title="Hösten", days=-3, status="held")
    FeedbackDispatch.objects.create(
        meeting=held,
        summary="x",
        documentation_url="https://example.se",
        failed_at=timezone.now(),
        last_error="OSError",
    )
    outsider = UserFactory(username="annan", groups=["Ekerö moderatorer"])
    client.force_login(outsider)
    assert client.post(_admin_url(held), {"action": "send_again"}).status_code in (302, 403)
    assert FeedbackDispatch.objects.get(meeting=held).failed_at is not None
