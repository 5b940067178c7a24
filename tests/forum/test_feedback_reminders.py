"""Feedback falls due a week after the meeting: organisers reminded before, the lead told after."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone

from forum.models import FeedbackDispatch, FeedbackReminder, MeetingStatus
from forum.scheduled import feedback_reminders_send
from tests.factories import UserFactory

from .conftest import add_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(sites):
    return {
        "organiser": UserFactory(username="arrangor", groups=["Jönköping forumarrangörer"]),
        "lead": UserFactory(username="samordnare", groups=["Jönköping samordningsgrupp"]),
        "moderator": UserFactory(username="moderator", groups=["Jönköping moderatorer"]),
        "ekero_lead": UserFactory(username="ekero", groups=["Ekerö processledare"]),
    }


@pytest.fixture
def held(forum_index):
    forum_index.lead_group = Group.objects.get(name="Jönköping samordningsgrupp")
    forum_index.save(update_fields=["lead_group"])
    return add_meeting(forum_index, title="Forum våren", days=-1, status=MeetingStatus.HELD)


def _day(meeting, days_after: int, hour: int = 8) -> datetime.datetime:
    day = timezone.localtime(meeting.start).date() + datetime.timedelta(days=days_after)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def test_organisers_are_reminded_two_days_before_the_seventh_day_and_the_lead_after_it(
    held, people
):
    mail.outbox.clear()
    assert feedback_reminders_send(now=_day(held, 4)) == 0
    assert feedback_reminders_send(now=_day(held, 5)) == 1
    assert feedback_reminders_send(now=_day(held, 6)) == 0
    assert feedback_reminders_send(now=_day(held, 7)) == 0
    assert [m.to for m in mail.outbox] == [[people["organiser"].email]]
    due = mail.outbox[0]
    assert due.subject == "Dags att skicka återkoppling: Forum våren"
    assert "ska skickas senast" in due.body
    assert f"/admin/forum/moten/{held.pk}/" in due.body

    assert feedback_reminders_send(now=_day(held, 8)) == 1
    assert feedback_reminders_send(now=_day(held, 9)) == 0
    missed = mail.outbox[1]
    assert missed.to == [people["lead"].email]
    assert missed.subject == "Återkopplingen är försenad: Forum våren"
    assert "är inte skickad" in missed.body
    assert len(mail.outbox) == 2


def test_a_late_run_sends_only_the_miss_and_nothing_once_feedback_is_sent(
    forum_index, held, people
):
    mail.outbox.clear()
    # The clock was stopped for the whole week: only the most urgent step goes.
    assert feedback_reminders_send(now=_day(held, 10)) == 1
    assert FeedbackReminder.objects.get().step == FeedbackReminder.Step.MISSED
    other = add_meeting(forum_index, title="Forum hösten", days=-2, status=MeetingStatus.HELD)
    FeedbackDispatch.objects.create(meeting=other, summary="Tack", documentation_url="https://x.se")
    assert feedback_reminders_send(now=_day(other, 10)) == 0
    assert len(mail.outbox) == 1


def test_without_a_lead_group_the_organisers_hear_of_the_miss(forum_index, people):
    # Onboarding gives the forum its coordination group; an administrator may clear it.
    forum_index.lead_group = None
    forum_index.save(update_fields=["lead_group"])
    meeting = add_meeting(forum_index, title="Forum", days=-1, status=MeetingStatus.HELD)
    mail.outbox.clear()
    assert feedback_reminders_send(now=_day(meeting, 8)) == 1
    assert mail.outbox[0].to == [people["organiser"].email]
