"""Broad searches: counting stops at SEARCH_COUNT_LIMIT, trimming never does.

Above the limit the database engine says "more than N", its facet counts are
lower bounds and the page of hits is the newest trimmed matches. Nothing the
asker may not see is counted, listed or highlighted on either side of the limit.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils.html import strip_tags

from search.engines import get_engine
from search.registry import CatalogEntry
from search.selectors import catalog_search

pytestmark = pytest.mark.django_db

TZ = ZoneInfo("Europe/Stockholm")
ANON = frozenset({"anonymous"})
COACH = ANON | {"role:authenticated", "user:7", "group:Ekerö coacher"}


def _entry(n: int, *, secret: bool, theme: str, site_id: int) -> CatalogEntry:
    return CatalogEntry(
        key=f"test.item:{n}",
        kind="note" if secret else "idea",
        site_id=site_id,
        url=f"/item/{n}/",
        title=("Hemlig anteckning " if secret else "Idé ") + str(n),
        body=f"Föreningen i Stallarholmen, nummer {n}. "
        + ("Kvarnbackens nyckelkod." if secret else ""),
        principals=frozenset({"user:7"} if secret else {"anonymous"}),
        date=datetime(2020, 1, 1 + n, 12, tzinfo=TZ),
        facets={"theme": theme},
    )


@pytest.fixture
def broad(settings, sites):
    """Public ideas 0-7 and the coach's private notes 8-10 (the newest), all on
    Ekerö and all matching "förening"; counting stops at 3."""
    settings.SEARCH_ENGINE = "database"
    settings.SEARCH_COUNT_LIMIT = 3
    site_id = sites["ekero"].pk
    engine = get_engine()
    engine.index(
        [
            _entry(n, secret=False, theme="Kultur" if n % 2 else "Fritid", site_id=site_id)
            for n in range(8)
        ]
        + [_entry(n, secret=True, theme="Hemligt", site_id=site_id) for n in range(8, 11)]
    )
    return engine


def test_a_broad_search_says_more_than_the_limit_and_shows_the_newest_visible(broad):
    results = catalog_search(principals=ANON, query="föreningar", per_page=2)
    assert results.exact is False
    assert results.total == 3
    # The newest public ideas, never the coach's newer notes.
    assert results.keys == ["test.item:7", "test.item:6"]
    second = catalog_search(principals=ANON, query="föreningar", per_page=2, page=2)
    assert second.keys == ["test.item:5", "test.item:4"]
    assert "Fler än 3 träffar" in results.notice


def test_broad_facet_counts_are_lower_bounds_over_visible_entries_only(broad):
    results = catalog_search(principals=ANON, query="förening", per_page=2)
    facets = {name: dict(values) for name, values in results.facets.items()}
    assert "Hemligt" not in facets.get("theme", {})
    assert set(facets["kind"]) == {"idea"}
    # Counted over the first limit + 1 trimmed matches: at least, never more
    # than what the asker could see.
    assert 1 <= sum(facets["theme"].values()) <= 4
    assert facets["theme"].get("Kultur", 0) <= 4 and facets["theme"].get("Fritid", 0) <= 4


def test_the_page_of_a_broad_search_stops_at_the_limit(broad):
    beyond = catalog_search(principals=ANON, query="förening", per_page=2, page=3)
    assert beyond.hits == []
    assert beyond.num_pages == 2


def test_the_owner_of_the_notes_gets_them_first_in_a_broad_search(broad):
    results = catalog_search(principals=COACH, query="förening", per_page=3)
    assert results.exact is False
    assert results.keys == ["test.item:10", "test.item:9", "test.item:8"]


def test_a_search_under_the_limit_is_exact_and_ranked(broad):
    # Only the three notes mention Kvarnbacken: exactly the limit, so exact.
    results = catalog_search(principals=COACH, query="kvarnbacken", per_page=10)
    assert results.exact is True
    assert results.total == 3
    assert results.notice == ""
    assert catalog_search(principals=ANON, query="kvarnbacken").total == 0


def test_the_search_page_says_more_than_and_minimum_counts(client, broad):
    html = strip_tags(client.get("/sok/", {"q": "förening"}, headers={"host": "localhost"}).text)
    assert "Fler än 3 träffar" in html
    assert "minst" in html
    assert "Hemlig" not in html
