"""The small-numbers rule on public figures, and the same rows for staff."""

import pytest

from cms.reporting.figures import idea_figures
from idelabbet.reporting.selectors import idea_statistics
from tests.factories import UserFactory
from tests.reporting_data import YEAR_END, YEAR_START, ideas_2025, ideas_index_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def stats(ekero):
    index = ideas_index_create(ekero)
    ideas_2025(index)
    lead = UserFactory(username="lead", groups=["Ekerö processledare"])
    return idea_statistics(user=lead, index=index, start=YEAR_START, end=YEAR_END)


def figure(figures, key):
    return next(f for f in figures if f.key == key)


def test_staff_see_exact_numbers(stats):
    figures = idea_figures(stats)
    young = figure(figures, "unga")
    assert young.rows == [["Av eller för unga", 2], ["Övriga", 2]]
    assert "50 %" in young.description
    assert figure(figures, "ideer-per-manad").rows[0] == ["Jan 2025", 2, 0, 2]


def test_public_figures_say_fewer_than_three_and_hide_revealing_shares(stats):
    figures = idea_figures(stats, public=True)
    young = figure(figures, "unga")
    assert young.rows == [["Av eller för unga", "färre än 3"], ["Övriga", "färre än 3"]]
    assert "50 %" not in young.description and "färre än 3" in young.description
    assert figure(figures, "ideer-per-manad").rows[0] == ["Jan 2025", "färre än 3", 0, "färre än 3"]
    funnel = figure(figures, "arendeflode")
    # Three cases reached first contact: shown, with their median; two reached coaching: masked.
    assert funnel.rows[1] == ["Första kontakt", 3, "4,0"]
    assert funnel.rows[2] == ["Coachning", "färre än 3", "färre än 3"]
    snabb = figure(figures, "snabb-slant")
    assert "5 000 kr" not in snabb.note and "färre än 3" in snabb.note
