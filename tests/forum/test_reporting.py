"""The forum's statistics against the hand-counted year in tests/reporting_data.py."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from forum.reporting.selectors import forum_statistics, statistics_forums_for_user
from tests.factories import UserFactory
from tests.reporting_data import YEAR_END, YEAR_START, forum_2025

pytestmark = pytest.mark.django_db


@pytest.fixture
def year(forum_index):
    return forum_2025(forum_index)


@pytest.fixture
def organiser(jonkoping):
    return UserFactory(username="arrangor", groups=["Jönköping forumarrangörer"])


def stats(user, index, **kwargs):
    return forum_statistics(user=user, index=index, start=YEAR_START, end=YEAR_END, **kwargs)


def test_participants_per_meeting_and_group(forum_index, year, organiser):
    result = stats(organiser, forum_index)
    rows = [(p.title, p.by_sector, p.total) for p in result.participants]
    assert rows == [
        ("Forum våren 2025", {"civil_society": 3, "politician": 1, "official": 2}, 6),
        ("Forum hösten 2025", {"civil_society": 1, "politician": 0, "official": 0}, 1),
        ("Extra forum 2025", {"civil_society": 0, "politician": 0, "official": 0}, 0),
    ]
    assert result.by_sector == {"civil_society": 4, "politician": 1, "official": 2}


def test_proposals_by_follow_up_status_over_time(forum_index, year, organiser):
    over_time = stats(organiser, forum_index).proposals_over_time
    assert len(over_time) == 12
    by_month = {
        day.month: {k: v for k, v in counts.items() if v} for day, counts in over_time.items()
    }
    assert by_month[2] == {}
    assert by_month[3] == {"new": 2}
    assert by_month[4] == {"new": 1, "preparing": 1}
    assert by_month[9] == {"new": 1, "decided": 1}
    assert by_month[10] == {"new": 2, "decided": 1}
    assert by_month[12] == {"new": 1, "in_progress": 1, "decided": 1}
    assert max(over_time) == datetime.date(2025, 12, 31)


def test_month_ends_after_today_are_left_out(forum_index, year, organiser):
    over_time = stats(organiser, forum_index, today=datetime.date(2025, 6, 15)).proposals_over_time
    assert max(over_time) == datetime.date(2025, 5, 31)


def test_feedback_within_seven_days_or_not(forum_index, year, organiser):
    result = stats(organiser, forum_index)
    assert [(row.title, row.verdict) for row in result.feedback] == [
        ("Forum våren 2025", "within"),
        ("Forum hösten 2025", "late"),
        ("Extra forum 2025", "missing"),
    ]
    assert result.feedback_counts == {"within": 1, "late": 1, "missing": 1}


def test_forum_moderator_and_ekero_lead_may_not_read_the_forum_statistics(forum_index, year, ekero):
    moderator = UserFactory(username="jkpg.moderator", groups=["Jönköping moderatorer"])
    lead = UserFactory(username="ekero.lead", groups=["Ekerö processledare"])
    for user in (moderator, lead):
        assert not statistics_forums_for_user(user=user).exists()
        with pytest.raises(PermissionDenied):
            stats(user, forum_index)
