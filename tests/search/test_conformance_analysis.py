"""Conformance of the analysis on every engine: folding, compounds, synonyms,
partial matches, stemming gaps, languages, and trimming of all of them.

Part of the conformance suite (``test_conformance.py`` holds the trimming
corpus): runs on the database engine (SQLite, or PostgreSQL under
DATABASE_URL) and on Elasticsearch when ELASTICSEARCH_URL is set.

Known differences, on purpose (see search/README.md):
- Elasticsearch applies every site's synonyms on every site (one synonyms set);
  the database engines apply a site's own rows and the all-sites rows.
- Elasticsearch's decompounder matches a compound query by any of its parts;
  the database engines need all parts.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection

from search.engines import get_engine
from search.models import SearchSynonym
from search.registry import CatalogEntry
from search.selectors import catalog_search

from .conftest import refresh

TZ = ZoneInfo("Europe/Stockholm")
ANON = frozenset({"anonymous"})
NOTE_AUTHOR = ANON | {"role:authenticated", "user:102"}
OTHER_COACH = ANON | {"role:authenticated", "user:101", "group:Ekerö coacher"}
SUPERUSER = ANON | {"role:authenticated", "role:superuser", "user:1"}


def _entry(n, title, body, *, language="sv", principals=ANON, private=False, summary=""):
    return CatalogEntry(
        key=f"cms.standardpage:{n}",
        kind="page",
        site_id=1,
        url=f"/sida-{n}/",
        title=title,
        summary=summary,
        body=body,
        principals=frozenset(principals),
        language=language,
        date=datetime(2024, 1, 1 + n % 28, 12, tzinfo=TZ),
        private=private,
    )


CORPUS = [
    _entry(1, "Länsstyrelsen i skärgården", "Möten om bidrag till kulturföreningar."),
    _entry(2, "Vi röstade mot förslaget", "Ett beslut om tomten."),
    _entry(3, "Kultur för alla", "Föreningarna i kommunen får stöd."),
    _entry(4, "Ungdomsgården har öppet", "Kvällar och helger."),
    _entry(5, "Socialförsäkringsbalken förklarad", "Om ersättning vid sjukdom."),
    _entry(6, "Städer i Sverige", "Sveriges största orter."),
    _entry(7, "En stad vid Vättern", "Hamnen och torget."),
    _entry(8, "Kyrkan i byn", "Gudstjänst varje söndag."),
    _entry(9, "Skargarden utan prickar", "Texten skrevs utan prickar."),
    _entry(10, "Guided walks in Ekerö", "Running clubs meet every week.", language="en"),
    _entry(11, "Promenader på Ekerö", "Bilarna står vid running-banan.", language="sv"),
    _entry(12, "Ekerö جولات", "مشي في الطبيعة", language="ar"),
    _entry(13, "Årsmöte", "Kort text.", summary="Ett ord om skärgården i sammanfattningen."),
    _entry(14, "Skärgård", "Kort text."),
    _entry(15, "Sommar", "Båtar i skärgården."),
    _entry(
        40,
        "Anteckning",
        "Hemligt styrelsemöte i bygdegården om lokalfrågan.",
        principals={"user:102"},
        private=True,
    ),
]


@pytest.fixture
def corpus(engine):
    engine.index(CORPUS)
    refresh(engine)
    return engine


def _keys(query, principals=ANON, **kwargs):
    results = catalog_search(principals=principals, query=query, per_page=50, **kwargs)
    return [int(k.rsplit(":", 1)[1]) for k in results.keys]


def _sync(engine):
    if engine.name == "elasticsearch":
        engine.sync_synonyms()
        refresh(engine)


@pytest.mark.parametrize(
    ("query", "expected"),
    [("lansstyrelsen", 1), ("skargarden", 1), ("moten", 1), ("lansstyrelsens", 1)],
)
def test_queries_without_diacritics_find_the_words_with_them(corpus, query, expected):
    assert expected in _keys(query)


def test_a_query_with_diacritics_keeps_its_precision(corpus):
    found = _keys("möten")
    assert 1 in found
    assert 2 not in found  # "mot" folds like "möt", but "möten" was typed


def test_exact_forms_rank_above_folded_ones(corpus):
    found = _keys("skärgården")
    assert found.index(1) < found.index(9)  # "skärgården" as written, then "skargarden"


def test_fields_are_weighted_title_then_summary_then_body(corpus):
    found = _keys("skärgård")
    assert found.index(14) < found.index(13) < found.index(15)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kulturföreningar", {1, 3}),  # the compound itself, and its parts apart
        ("förening", {1, 3}),  # a part finds the compound
        ("kultur", {1, 3}),
        ("ungdom", {4}),
    ],
)
def test_compounds_and_their_parts_find_each_other(corpus, query, expected):
    assert expected <= set(_keys(query))


def test_editors_synonyms_and_acronyms_work_both_ways(corpus, sites):
    SearchSynonym.objects.create(terms="SFB = Socialförsäkringsbalken")
    SearchSynonym.objects.create(site=sites["ekero"], terms="fritidsgård = ungdomsgård")
    _sync(corpus)
    assert 5 in _keys("SFB")
    assert 5 in _keys("sfb ersättning")
    assert 4 in _keys("fritidsgård")


def test_an_empty_synonym_list_and_a_looping_one_still_answer(corpus, sites):
    assert 5 in _keys("socialförsäkringsbalken")
    SearchSynonym.objects.create(terms="kyrka = tempel")
    SearchSynonym.objects.create(terms="tempel = kyrka")
    SearchSynonym.objects.create(terms="tempel = helgedom = kyrka")
    _sync(corpus)
    assert 8 in _keys("tempel")
    assert 8 in _keys("helgedom")


def test_when_no_entry_has_every_word_the_best_partial_matches_are_flagged(corpus):
    results = catalog_search(principals=ANON, query="kyrkan xyzzyq gudstjänst", per_page=50)
    assert results.partial
    assert results.keys[0] == "cms.standardpage:8"
    complete = catalog_search(principals=ANON, query="kyrkan gudstjänst")
    assert not complete.partial and complete.keys == ["cms.standardpage:8"]
    assert catalog_search(principals=ANON, query="xyzzyq qwxyz").keys == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [("kyrka", 8), ("kyrkor", 8), ("stad", 6), ("städer", 7)],
)
def test_definite_and_umlaut_forms_meet_their_base_form(corpus, query, expected):
    assert expected in _keys(query)


def test_english_is_stemmed_as_english_and_swedish_as_swedish(corpus):
    assert 10 in _keys("run")  # English "running"
    assert 11 not in _keys("run")  # the same letters in a Swedish text are not English
    assert 11 in _keys("bil")  # Swedish "bilarna"
    assert 10 in _keys("walk")


def test_the_visitors_language_ranks_first_then_swedish(corpus):
    english = _keys("ekerö", language="en")
    assert english[:1] == [10]
    assert english.index(11) < english.index(12)
    arabic = _keys("ekerö", language="ar")
    assert arabic[:1] == [12]
    assert arabic.index(11) < arabic.index(10)
    assert _keys("ekero", language="ar")[:1] == [12]  # folded too


def test_a_private_notes_words_folded_or_decompounded_reach_only_its_author(corpus):
    for query in ("styrelsemöte", "styrelsemote", "möte bygdegården", "bygdegarden", "bygd"):
        assert 40 in _keys(query, NOTE_AUTHOR), query
        assert 40 not in _keys(query, ANON), query
        assert 40 not in _keys(query, OTHER_COACH), query
        assert 40 not in _keys(query, SUPERUSER), query  # private: not even superusers
    partial = catalog_search(principals=ANON, query="bygdegarden xyzzyq")
    assert "cms.standardpage:40" not in partial.keys
    assert "bygdeg" not in " ".join(str(h.snippet) for h in partial.hits).lower()


def test_setup_recreates_a_missing_postgresql_text_search_configuration(db):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: SQLite needs no configuration")
    with connection.cursor() as cursor:
        cursor.execute("DROP TEXT SEARCH CONFIGURATION search_catalog")
    assert "search_catalog skapad" in get_engine("database").setup()
    assert "inget att sätta upp" in get_engine("database").setup()
    get_engine("database").index(CORPUS[:1])
    assert 1 in _keys("skargarden")


# -- parity: SQLite and PostgreSQL give the same hits --------------------------
#
# Every query of the cases above, with the hits both databases return, in order
# (this test runs on SQLite, and on PostgreSQL under DATABASE_URL: the same list
# holds on both). Elasticsearch is left out: its known differences are listed at
# the top of this module.
SAME_ON_BOTH_DATABASES = {
    "lansstyrelsen": [1],
    "lansstyrelsens": [1],
    "skargarden": [9, 14, 1, 13, 15],
    "moten": [1],
    "möten": [1],
    "mot": [2, 1],
    "mote": [1],
    "skärgården": [14, 1, 13, 15, 9],
    "skärgård": [14, 1, 13, 15, 9],
    "kulturföreningar": [1, 3],
    "förening": [3, 1],
    "kultur": [3, 1],
    "ungdom": [4],
    "ungdomsgård": [4],
    "SFB": [5],
    "sfb ersättning": [5],
    "fritidsgård": [4],
    "tempel": [8],
    "helgedom": [8],
    "kyrka": [8],
    "kyrkor": [8],
    "stad": [7, 6],
    "städer": [6, 7],
    "run": [10],
    "bil": [11],
    "walk": [10],
    "ekerö": [12, 11, 10],
    "ekero": [12, 11, 10],
    "kyrkan xyzzyq gudstjänst": [8],
    "kyrkan gudstjänst": [8],
    "xyzzyq qwxyz": [],
    "styrelsemöte": [1],
    "kultur -alla": [1],
}
# Where they differ, and why. PostgreSQL's text search configuration drops
# PostgreSQL's stock Swedish stop words ("för", "mot", "och", …) at index and at
# query time, as the catalog did before the analysis work; SQLite keeps every
# word. So on PostgreSQL a stop word inside a quoted phrase or among a
# compound's parts is not required, and on SQLite it is. A stop word alone is
# still found on both ("mot" above: PostgreSQL meets the stem of "möten" folded,
# SQLite the word).
DIFFERENT = {
    # "kultur för" as a phrase: "Kultur för alla" on both; PostgreSQL also finds
    # "… till kulturföreningar" (its phrase is "kultur" alone once "för" is dropped).
    '"kultur för"': {"sqlite": [3], "postgresql": [3, 1]},
    # Parts "styr" + "mot": no entry has "mot" beside "styr" on SQLite; PostgreSQL
    # drops "mot" and finds "Länsstyrelsen" by "styr" alone.
    "styrelsemote": {"sqlite": [], "postgresql": [1]},
}


@pytest.fixture
def synonyms_of_the_cases(sites):
    SearchSynonym.objects.create(terms="SFB = Socialförsäkringsbalken")
    SearchSynonym.objects.create(terms="fritidsgård = ungdomsgård")
    SearchSynonym.objects.create(terms="kyrka = tempel")
    SearchSynonym.objects.create(terms="tempel = kyrka")
    SearchSynonym.objects.create(terms="tempel = helgedom = kyrka")


def test_sqlite_and_postgresql_give_the_same_hits_for_the_new_cases(corpus, synonyms_of_the_cases):
    if corpus.name != "database":
        pytest.skip("Parity of the two databases; Elasticsearch's differences are listed above")
    found = {query: _keys(query) for query in SAME_ON_BOTH_DATABASES}
    assert found == SAME_ON_BOTH_DATABASES
    for query, by_vendor in DIFFERENT.items():
        assert _keys(query) == by_vendor[connection.vendor], query
