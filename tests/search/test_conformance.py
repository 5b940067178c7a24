"""Security trimming conformance: one corpus, many principals, every engine.

Each principal must get exactly the ids listed for it, and no facet count,
total, highlight or snippet may reveal anything else. Runs on the database
engine (SQLite, or PostgreSQL under DATABASE_URL) and on Elasticsearch when
ELASTICSEARCH_URL is set.
"""

from collections import Counter
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from search.registry import CatalogEntry
from search.selectors import catalog_search
from tests.factories import UserFactory

from .conftest import refresh

TZ = ZoneInfo("Europe/Stockholm")
ANON = frozenset({"anonymous"})
CITIZEN = ANON | {"role:authenticated", "user:100"}
COACH_A = CITIZEN - {"user:100"} | {"user:101", "group:Ekerö coacher"}
COACH_B = CITIZEN - {"user:100"} | {"user:102", "group:Ekerö coacher"}
MODERATOR = CITIZEN - {"user:100"} | {"user:103", "group:Ekerö moderatorer"}
ARRANGER = CITIZEN - {"user:100"} | {"user:104", "group:Jönköping forumarrangörer"}


def _entry(key, kind, site, title, body, principals, year, **facets):
    return CatalogEntry(
        key=key,
        kind=kind,
        site_id=site,
        url=f"/{key.replace(':', '/')}/",
        title=title,
        body=body,
        principals=frozenset(principals),
        date=datetime(year, 5, 1, 12, tzinfo=TZ),
        facets=facets,
    )


CORPUS = [
    _entry(
        "cms.standardpage:1",
        "page",
        1,
        "Föreningar på Mälaröarna",
        "Här finns föreningar som samarbetar med Idélabbet på Ekerö.",
        ANON,
        2023,
    ),
    _entry(
        "forum.meeting:1",
        "meeting",
        2,
        "Forum Civilsamhälle hösten 2019",
        "Ingen ska behöva vara ensam – vad kan vi göra tillsammans?",
        ANON,
        2019,
        theme="Gemenskap",
        status="genomfört",
    ),
    _entry(
        "idelabbet.idea:1",
        "idea",
        1,
        "Språkcafé för nyanlända",
        "Idéerna kom från föreningen Öar utan gränser som vill ordna språkcaféer.",
        ANON,
        2024,
        theme=["Integration", "Kultur"],
        status="publicerad",
    ),
    _entry(
        "idelabbet.idea:2",
        "idea",
        1,
        "Dragkroksklubben hämtar möbler",
        "En förening med dragkrok som återbrukar möbler. En idé som väntar på granskning.",
        {"group:Ekerö moderatorer", "user:100"},
        2024,
        theme="Gemenskap",
        status="inskickad",
    ),
    _entry(
        "idelabbet.case:7",
        "case",
        1,
        "Ärende: syateljé i Stallarholmen",
        "Coachning av förening som vill starta en syateljé. Projektplan och ansökan.",
        {"user:101", "user:100"},
        2025,
        status="coachning",
    ),
    _entry(
        "idelabbet.note:9",
        "note",
        1,
        "Anteckning om lokalfrågan",
        "Hemlig anteckning: föreningen Kvarnbacken behöver lokal, kontakta fastighetsbolaget.",
        {"user:102"},
        2025,
        status="privat",
    ),
    _entry(
        "forum.proposal:3",
        "proposal",
        2,
        "Förslag: mötesplats för ensamma äldre",
        "Förslag från föreningar i samordningsgruppen om en ny mötesplats.",
        {"group:Jönköping forumarrangörer"},
        2020,
        theme="Gemenskap",
        status="utreds",
    ),
]
BY_KEY = {e.key: e for e in CORPUS}
ALL = set(BY_KEY)

PRINCIPALS = {
    "anonymous": ANON,
    "citizen": CITIZEN,
    "coach_a": COACH_A,
    "coach_b": COACH_B,
    "moderator": MODERATOR,
    "arranger": ARRANGER,
    "superuser": None,
}


def visible(principals):
    if principals is None:
        return set(ALL)
    return {e.key for e in CORPUS if e.principals & principals}


FORENING = {
    "cms.standardpage:1",
    "idelabbet.idea:1",
    "idelabbet.idea:2",
    "idelabbet.case:7",
    "idelabbet.note:9",
    "forum.proposal:3",
}
# (query, filters, ids matching it before trimming)
QUERIES = [
    ("förening", {}, FORENING),
    ("föreningar", {}, FORENING),
    ("idé", {}, {"idelabbet.idea:1", "idelabbet.idea:2"}),
    ("idéerna", {}, {"idelabbet.idea:1", "idelabbet.idea:2"}),
    ('"utan gränser"', {}, {"idelabbet.idea:1"}),
    ("förening -möbler", {}, FORENING - {"idelabbet.idea:2"}),
    ("förening", {"kind": "idea"}, {"idelabbet.idea:1", "idelabbet.idea:2"}),
    ("förening", {"site": "2"}, {"forum.proposal:3"}),
    ("förening", {"theme": "Gemenskap"}, {"idelabbet.idea:2", "forum.proposal:3"}),
    ("förening", {"year": "2025"}, {"idelabbet.case:7", "idelabbet.note:9"}),
    ("lokal", {}, {"idelabbet.note:9"}),
    ("", {"status": "privat"}, {"idelabbet.note:9"}),
]


@pytest.fixture
def corpus(engine):
    engine.index(CORPUS)
    refresh(engine)
    return engine


def expected_facets(keys):
    entries = [BY_KEY[k] for k in keys]
    facets = {
        "kind": Counter(e.kind for e in entries),
        "site": Counter(str(e.site_id) for e in entries),
    }
    for e in entries:
        for name, value in e.facet_pairs():
            facets.setdefault(name, Counter())[value] += 1
    return {name: dict(counter) for name, counter in facets.items() if counter}


def _search(principals, query, filters, **kwargs):
    return catalog_search(
        principals=principals if principals is not None else None,
        user=None,
        query=query,
        filters=filters,
        per_page=50,
        **kwargs,
    )


@pytest.mark.parametrize("who", PRINCIPALS)
@pytest.mark.parametrize(("query", "filters", "matching"), QUERIES)
def test_each_principal_gets_exactly_what_it_may_see(corpus, who, query, filters, matching):
    principals = PRINCIPALS[who]
    if principals is None:
        from search.engines import SearchRequest
        from search.query import parse_query

        results = corpus.search(
            SearchRequest(query=parse_query(query), principals=None, filters=filters, per_page=50)
        )
    else:
        results = _search(principals, query, filters)
    expected = matching & visible(principals)
    # The engine under test answered itself (no silent fallback to the database).
    assert results.engine.startswith(corpus.name)
    assert set(results.keys) == expected
    assert results.total == len(expected)
    got = {name: dict(values) for name, values in results.facets.items() if values}
    assert got == expected_facets(expected)
    hidden = ALL - visible(principals)
    html = " ".join(str(h.title) + str(h.snippet) for h in results.hits)
    for key in hidden:
        assert BY_KEY[key].title.split()[-1] not in html


def test_the_public_never_sees_a_secret_note_word_in_any_part_of_the_answer(corpus):
    results = _search(ANON, "Kvarnbacken", {})
    assert results.total == 0
    assert results.hits == []
    assert results.facets == {}
    member = _search(COACH_B, "Kvarnbacken", {})
    assert member.keys == ["idelabbet.note:9"]
    assert "<mark>Kvarnbacken</mark>" in str(member.hits[0].snippet)


def test_narrowing_an_entrys_principals_hides_it_from_the_next_search(corpus):
    assert "idelabbet.case:7" in _search(CITIZEN, "syateljé", {}).keys
    narrowed = _entry(
        "idelabbet.case:7",
        "case",
        1,
        "Ärende: syateljé i Stallarholmen",
        "Coachning av förening som vill starta en syateljé.",
        {"user:101"},
        2025,
    )
    corpus.index([narrowed])
    refresh(corpus)
    assert _search(CITIZEN, "syateljé", {}).keys == []
    assert _search(COACH_A, "syateljé", {}).keys == ["idelabbet.case:7"]


def test_deleted_entries_are_gone_for_everyone(corpus):
    corpus.delete(["idelabbet.idea:1"])
    refresh(corpus)
    assert "idelabbet.idea:1" not in _search(ANON, "språkcafé", {}).keys


def test_pagination_and_totals_are_trimmed(corpus):
    first = catalog_search(principals=COACH_B, query="förening", per_page=2, page=1)
    second = catalog_search(principals=COACH_B, query="förening", per_page=2, page=2)
    third = catalog_search(principals=COACH_B, query="förening", per_page=2, page=3)
    expected = FORENING & visible(COACH_B)
    assert first.total == second.total == len(expected) == 3
    assert len(first.hits) == 2 and len(second.hits) == 1 and third.hits == []
    assert set(first.keys) | set(second.keys) == expected


def test_sort_by_date_puts_the_newest_first(corpus):
    superuser = UserFactory(is_superuser=True)
    results = catalog_search(user=superuser, query="förening", sort="date", per_page=50)
    dates = [h.date for h in results.hits]
    assert dates == sorted(dates, reverse=True)
    assert results.total == len(FORENING)


def test_all_words_must_match_else_partial_matches_are_flagged(corpus):
    both = catalog_search(principals=ANON, query="språkcafé nyanlända")
    assert both.keys == ["idelabbet.idea:1"] and not both.partial
    # No public entry has both words: the best partial matches, flagged.
    some = catalog_search(principals=ANON, query="språkcafé möbler", per_page=50)
    assert some.partial
    assert some.keys == ["idelabbet.idea:1"]


def test_relevance_ranks_a_title_match_above_a_body_match(corpus):
    results = catalog_search(principals=ANON, query="föreningar", per_page=50)
    assert results.keys[0] == "cms.standardpage:1"


def test_site_restriction_keeps_to_one_municipality(corpus):
    results = catalog_search(principals=ANON, query="förening", site=2, per_page=50)
    assert results.keys == []
    results = catalog_search(principals=ARRANGER, query="förening", site=2, per_page=50)
    assert results.keys == ["forum.proposal:3"]


def _file_entry(key, principals, text, name, kind="document"):
    from search.files.sources import file_type_label

    return CatalogEntry(
        key=key,
        kind=kind,
        site_id=2,
        url=f"/filer/{name}",
        title=name,
        body=text,
        principals=frozenset(principals),
        date=datetime(2019, 11, 20, 12, tzinfo=TZ),
        facets={"filetype": file_type_label(name)},
        meta={"file_name": name, "file_type": file_type_label(name), "file_size": len(text)},
    )


def test_words_inside_files_are_found_with_swedish_analysis_trimmed_like_their_owner(engine):
    """A PDF's and a DOCX's text, read by the real extraction, on every engine."""
    from search.files.extract import extract_text
    from tests import filesamples

    minutes = extract_text(
        filesamples.pdf_bytes("Protokoll.", "Förslag: sommarträffar vid Rosenlundsbadet."),
        name="protokoll.pdf",
    ).text
    plan = extract_text(
        filesamples.docx_bytes("Projektplan", "Sommarträffarna hålls vid Rosenlundsbadet."),
        name="plan.docx",
    ).text
    engine.index(
        [
            _file_entry("wagtaildocs.document:1", ANON, minutes, "protokoll.pdf"),
            _file_entry(
                "idelabbet.noteattachment:1", {"user:101"}, plan, "plan.docx", kind="attachment"
            ),
        ]
    )
    refresh(engine)
    public = _search(ANON, "sommarträff rosenlundsbadet", {})
    assert public.engine.startswith(engine.name)
    assert public.keys == ["wagtaildocs.document:1"]
    assert public.hits[0].meta["file_name"] == "protokoll.pdf"
    assert "<mark>" in str(public.hits[0].snippet)
    assert public.facets["filetype"] == [("PDF", 1)]
    assert "attachment" not in dict(public.facets["kind"])
    assert "Projektplan" not in " ".join(str(h.snippet) for h in public.hits)
    coach = _search(COACH_A, "rosenlundsbadet", {"filetype": "Word"})
    assert coach.keys == ["idelabbet.noteattachment:1"]
    assert _search(COACH_B, "rosenlundsbadet", {"filetype": "Word"}).keys == []
