"""The small-numbers rule on public figures, and the same rows for staff."""

import pytest

from cms.reporting.figures import Numbers, idea_figures
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
    # A median over two cases is withheld.
    assert funnel.rows[2] == ["Coachning", "färre än 3", "redovisas inte"]
    snabb = figure(figures, "snabb-slant")
    assert "5 000 kr" not in snabb.note and "redovisas inte" in snabb.note


def test_a_single_masked_count_beside_a_published_total_takes_another_with_it():
    public = Numbers(public=True)
    # 4 + 2 = 6 is published: the 4 is withheld too, or 6 − 4 would give the 2 back.
    assert public.row([4, 2, 0]) == ["redovisas inte", "färre än 3", 0]
    assert public.row([9, 4, 2]) == [9, "redovisas inte", "färre än 3"]
    assert public.row([5, 1, 1]) == [5, "färre än 3", "färre än 3"]
    assert public.row([2]) == ["färre än 3"]
    assert Numbers(public=False).row([4, 2, 0]) == [4, 2, 0]
