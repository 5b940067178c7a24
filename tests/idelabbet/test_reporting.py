"""Idélabbet's statistics against the hand-counted year in tests/reporting_data.py."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied

from idelabbet.reporting.selectors import idea_statistics, statistics_indexes_for_user
from idelabbet.workflow import State
from tests.factories import UserFactory
from tests.reporting_data import YEAR_END, YEAR_START, at, ideas_2025

pytestmark = pytest.mark.django_db


@pytest.fixture
def year(ideas_index):
    return ideas_2025(ideas_index)


def stats(user, index, start=YEAR_START, end=YEAR_END):
    return idea_statistics(user=user, index=index, start=start, end=end)


def test_ideas_received_per_month_and_theme(ideas_index, year, people):
    result = stats(people["lead"], ideas_index)
    assert result.received == 4
    months = {m.month: themes for m, themes in result.by_month_theme.items()}
    assert sorted(months) == list(range(1, 13))
    assert months[1] == {"kultur": 2}
    assert months[2] == {}
    assert months[3] == {"naturvard": 2}
    assert result.by_theme["kultur"] == 2 and result.by_theme["naturvard"] == 2
    assert result.by_theme["folkhalsa"] == 0  # F came in 2026


def test_funnel_counts_and_median_days_between_states(ideas_index, year, people):
    funnel = {step.state: step for step in stats(people["lead"], ideas_index).funnel}
    assert [funnel[s].reached for s in funnel] == [4, 3, 2, 1, 1, 1, 1]
    assert funnel[State.RECEIVED].median_days is None
    assert funnel[State.CONTACTED].median_days == 4.0  # 2, 10, 4
    assert funnel[State.CONTACTED].sample == 3
    assert funnel[State.COACHING].median_days == 6.0  # 8, 4
    assert funnel[State.APPLICATION].median_days == 12.0
    assert funnel[State.DECIDED].median_days == 9.0
    assert funnel[State.REALISING].median_days == 5.0
    assert funnel[State.CLOSED].median_days == 106.0  # 15 Feb → 1 Jun, across summer time


def test_time_to_first_contact(ideas_index, year, people):
    contact = stats(people["lead"], ideas_index).first_contact
    assert contact.contacted == 3
    assert contact.median_days == 4.0
    assert contact.target_days == 5
    assert contact.within_target == 2  # A (2 days) and C (4); B took 10
    assert contact.waiting == 1  # D


def test_snabb_slant_share_decided_within_three_weeks_and_amounts(ideas_index, year, people):
    grant = stats(people["lead"], ideas_index).snabb_slant
    assert (grant.applications, grant.complete, grant.decided) == (3, 2, 1)
    assert (grant.due, grant.decided_within) == (2, 1)
    assert grant.share_within == 0.5
    assert grant.amount_granted_sek == 5000


def test_application_still_inside_its_three_weeks_is_not_counted_late(ideas_index, year, people):
    result = idea_statistics(
        user=people["lead"], index=ideas_index, start=YEAR_START, end=YEAR_END, now=at(2025, 3, 20)
    )
    # On 20 March, C's weeks (from 12 March) still run: only A is due.
    assert (result.snabb_slant.due, result.snabb_slant.decided_within) == (1, 1)


def test_referrals_per_organisation_in_the_period(ideas_index, year, people):
    # B and E in 2025 to the hembygdsförening; E's 2024 referral is outside.
    assert stats(people["lead"], ideas_index).referrals == [("Ekerö hembygdsförening", 2)]


def test_share_by_or_for_young_people(ideas_index, year, people):
    result = stats(people["lead"], ideas_index)
    assert (result.young, result.young_share) == (2, 0.5)


def test_outcomes_of_cases_ended_in_the_period(ideas_index, year, people):
    outcomes = stats(people["lead"], ideas_index).outcomes
    assert outcomes["genomford"] == 1  # A
    assert outcomes[State.REFERRED] == 1  # B
    assert outcomes[State.DECLINED] == 1  # C
    assert outcomes[State.WITHDRAWN] == 1  # E, which came in 2024
    assert sum(outcomes.values()) == 4


def test_a_half_year_counts_only_its_own_months(ideas_index, year, people):
    result = stats(people["lead"], ideas_index, end=at(2025, 2, 1, 0))
    assert result.received == 2
    assert [step.reached for step in result.funnel][:2] == [2, 2]


def test_coach_and_moderator_may_not_read_the_statistics(ideas_index, year, people):
    for role in ("assigned", "coach", "moderator"):
        assert not statistics_indexes_for_user(user=people[role]).exists()
        with pytest.raises(PermissionDenied):
            stats(people[role], ideas_index)


def test_lead_of_another_municipality_may_not_read_the_statistics(ideas_index, year):
    other = Group.objects.create(name="Sigtuna processledare")
    outsider = UserFactory(username="sigtuna.lead")
    outsider.groups.add(other)
    with pytest.raises(PermissionDenied):
        stats(outsider, ideas_index)
