"""Whatever is typed, the public search and the staff search answer with a result page.

Overlong queries, every engine's operators, stray quotes, mixed scripts and
emoji: never an error, a clear message where the query cannot be searched,
and the suggestion and the search-terms log cope with all of it.
"""

import pytest
from django.utils.html import strip_tags

from cms.models import StandardPage
from search.models import SearchTerm
from search.services import catalog_drain, catalog_queue
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

EKERO = {"host": "localhost"}

NASTY = [
    'föreningar "',
    '"""',
    'kultur" AND "fritid',
    "kultur AND NOT fritid OR (x NEAR y)",
    "title:kultur body:*",
    "kult* ~2 ^3 föreningar!",
    "a & b | !c <-> d:*",
    "föreningar'; DROP TABLE search_catalogrecord; --",
    '{"query": {"match_all": {}}}',
    "Stockholm Москва 東京 القاهرة",
    "🎉 föreningar 🏳️‍🌈",
    "\u200b\u202e föreningar \x00",
    "-",
    "- - -",
    "NEAR(kultur fritid, 5)",
    "ö" * 41,
]


@pytest.fixture
def catalog(sites):
    home = sites["ekero"].root_page
    page = home.add_child(
        instance=StandardPage(title="Föreningar och kultur", slug="for", intro="Fritid i Ekerö.")
    )
    catalog_queue(instances=[page])
    catalog_drain()


@pytest.mark.parametrize("query", NASTY)
def test_operators_quotes_scripts_and_emoji_get_a_result_page(client, catalog, query):
    response = client.get("/sok/", {"q": query}, headers=EKERO)
    assert response.status_code == 200
    assert "<h1>Sök på webbplatsen</h1>" in response.text


def test_every_nasty_query_gets_a_result_page_in_the_staff_search(client, catalog):
    client.force_login(UserFactory(groups=["Ekerö moderatorer"]))
    for query in NASTY:
        assert client.get("/admin/katalogsok/", {"q": query}).status_code == 200, query


def test_a_query_of_1000_characters_gets_a_clear_message(client, catalog):
    query = ("föreningar " * 100)[:1000]
    response = client.get("/sok/", {"q": query}, headers=EKERO)
    assert response.status_code == 200
    assert "Sökfrågan är för lång" in strip_tags(response.text)
    client.force_login(UserFactory(groups=["Ekerö moderatorer"]))
    staff = client.get("/admin/katalogsok/", {"q": query})
    assert staff.status_code == 200
    assert "Sökfrågan är för lång" in strip_tags(staff.text)
    # A query that could not be searched is not counted as a search.
    assert not SearchTerm.objects.filter(query__startswith="föreningar föreningar").exists()


def test_emoji_and_other_scripts_are_logged_as_typed_less_what_may_identify(client, catalog):
    client.get("/sok/", {"q": "🎉 Föreningar Москва"}, headers=EKERO)
    assert SearchTerm.objects.get().query == "🎉 föreningar москва"


# Each engine's own query syntax, typed into the box: none of it may reach an
# engine as syntax (search.query keeps words, quoted phrases and -word only).
ENGINE_SYNTAX = {
    "fts5": [
        "kultur NOT fritid",
        "title : kultur",
        "{title body}: kultur",
        "^kultur + fritid",
        '"kultur" * NEAR(kultur)',
        "kultur AND (fritid OR",
    ],
    "tsquery/websearch": [
        "kultur:* & !fritid",
        "'kultur' <2> 'fritid'",
        "kultur:AB | fritid:*D",
        '"kultur fritid" or -ungdom',
        "or or or -",
        '-"',
        "!!kultur (((",
    ],
    "lucene/es query_string": [
        "title:(kultur OR fritid) AND body:förening~2",
        'kultur^10 +fritid -"x y"',
        "[a TO z] {1 TO 5}",
        "/kul.*r/",
        "kultur && fritid || !ungdom",
        "_exists_:title",
        '\\"kultur\\" kultur? fö*ning',
        '"kultur fritid"~5',
        "*",
        "?",
    ],
}


def _answered(html: str) -> bool:
    """A result page: its count of hits, or a message saying why nothing was searched."""
    return 'id="sokresultat"' in html or 'id="sok-meddelande"' in html


@pytest.mark.parametrize(
    "query",
    [q for queries in ENGINE_SYNTAX.values() for q in queries] + NASTY,
)
def test_every_engines_syntax_gets_a_result_page_on_both_searches(client, catalog, query):
    public = client.get("/sok/", {"q": query}, headers=EKERO)
    assert public.status_code == 200
    assert _answered(public.text), query
    client.force_login(UserFactory(groups=["Ekerö moderatorer"]))
    staff = client.get("/admin/katalogsok/", {"q": query})
    assert staff.status_code == 200
    assert _answered(staff.text), query


def test_syntax_around_a_word_still_finds_it_on_both_searches(client, catalog):
    for query in ("title:(föreningar)", "föreningar~2", "föreningar^3", "föreningar:*"):
        public = strip_tags(client.get("/sok/", {"q": query}, headers=EKERO).text)
        assert "Föreningar och kultur" in public, query
    client.force_login(UserFactory(groups=["Ekerö moderatorer"]))
    staff = strip_tags(client.get("/admin/katalogsok/", {"q": "föreningar~2"}).text)
    assert "Föreningar och kultur" in staff
