"""Folding, compounds, synonyms, the partial-match fallback and hostile input,
through the public search page and the staff search."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import strip_tags

from cms.models import StandardPage
from idelabbet.models import NoteVisibility
from idelabbet.services.notes import note_add
from idelabbet.workflow import State
from search import synonyms
from search.models import SearchSynonym
from search.services import catalog_drain
from tests.factories import UserFactory
from tests.idelabbet.conftest import ideas_index, make_case, people  # noqa: F401

pytestmark = pytest.mark.django_db

EKERO = {"host": "localhost"}
PARTIAL = "Inga träffar på alla ord – visar träffar på några av dem"


def _publish(parent, title, intro, slug):
    page = parent.add_child(instance=StandardPage(title=title, slug=slug, intro=intro, live=False))
    page.save_revision().publish()
    return page


@pytest.fixture
def pages(sites):
    root = sites["ekero"].root_page
    _publish(root, "Länsstyrelsen i skärgården", "Möten för kulturföreningar på öarna.", "lan")
    _publish(root, "Ungdomsgården Tappström", "Öppet för unga varje kväll.", "ungdom")
    _publish(root, "Socialförsäkringsbalken", "Lagen om ersättning vid sjukdom.", "sfb")
    _publish(root, "Kultur för alla", "Föreningar i hela kommunen.", "kultur")
    catalog_drain()


def _public(client, query):
    response = client.get("/sok/", {"q": query}, headers=EKERO)
    assert response.status_code == 200, query
    return strip_tags(response.text)


def _staff(client, query):
    response = client.get("/admin/katalogsok/", {"q": query})
    assert response.status_code == 200, query
    return strip_tags(response.text)


def _superuser():
    # Saved again: the factory sets the password after saving (session check).
    user = UserFactory(is_superuser=True)
    user.save()
    return user


@pytest.fixture
def staff(client):
    client.force_login(_superuser())
    return client


@pytest.mark.parametrize("query", ["lansstyrelsen", "skargarden", "moten", "oarna"])
def test_queries_without_diacritics_find_the_pages_on_both_searches(client, pages, query):
    assert "Länsstyrelsen i skärgården" in _public(client, query)
    client.force_login(_superuser())
    assert "Länsstyrelsen i skärgården" in _staff(client, query)


def test_folded_matches_are_marked_in_the_snippet(client, pages):
    html = client.get("/sok/", {"q": "skargarden"}, headers=EKERO).text
    assert "<mark>skärgården</mark>" in html


def test_a_compound_finds_its_parts_and_a_part_finds_the_compound(client, staff, pages):
    for search in (_public, _staff):
        html = search(client, "kulturföreningar")
        assert "Länsstyrelsen i skärgården" in html and "Kultur för alla" in html
        assert "Länsstyrelsen i skärgården" in search(client, "förening")
        assert "Ungdomsgården Tappström" in search(client, "ungdom")


def test_the_municipalitys_synonyms_and_acronyms_work_both_ways(client, staff, pages, sites):
    assert "Socialförsäkringsbalken" not in _public(client, "SFB")
    SearchSynonym.objects.create(site=sites["ekero"], terms="SFB = Socialförsäkringsbalken")
    SearchSynonym.objects.create(site=sites["ekero"], terms="fritidsgård = ungdomsgård")
    for search in (_public, _staff):
        assert "Socialförsäkringsbalken" in search(client, "SFB")
        assert "Ungdomsgården Tappström" in search(client, "fritidsgård")


def test_another_municipalitys_synonyms_do_not_apply(client, pages, sites):
    SearchSynonym.objects.create(site=sites["jonkoping"], terms="SFB = Socialförsäkringsbalken")
    assert "Socialförsäkringsbalken" not in _public(client, "SFB")


def test_a_looping_or_empty_synonym_list_still_gives_a_result_page(client, staff, pages):
    assert "Ungdomsgården Tappström" in _public(client, "ungdomsgård")
    SearchSynonym.objects.create(terms="fritidsgård = ungdomsgård")
    SearchSynonym.objects.create(terms="ungdomsgård = fritidsgård")
    for search in (_public, _staff):
        assert "Ungdomsgården Tappström" in search(client, "fritidsgård")


def test_when_no_page_has_every_word_the_page_says_so_and_shows_partial_matches(
    client, staff, pages
):
    for search in (_public, _staff):
        html = search(client, "socialförsäkringsbalken xyzzyq")
        assert PARTIAL in html
        assert "Socialförsäkringsbalken" in html
        assert PARTIAL not in search(client, "socialförsäkringsbalken ersättning")


def test_the_partial_message_is_in_english_on_english_pages(client, pages):
    # The language is in the URL (cms.languages), never the browser's Accept-Language.
    html = client.get("/en/sok/", {"q": "socialförsäkringsbalken xyzzyq"}, headers=EKERO).text
    assert "No results with all the words – showing results with some of them" in html


HOSTILE = [
    "ä" * 1000,
    "kultur " * 143,
    'NEAR(kultur förening, 2) "kultur* ^förening',
    'kultur* ^titel: "förening',
    "kultur & förening | !ungdom <-> sfb:* ' \\",
    "!:* & | ( ) <2> :A",
    "الثقافة kultur ትግርኛ 🎉 Ünïcödé",
    '"""kultur',
    "-",
    "- - -",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_and_mixed_script_queries_get_a_result_page(client, staff, pages, query):
    _public(client, query)
    _staff(client, query)


def test_editors_manage_synonyms_as_a_snippet_and_one_word_is_refused(staff, sites):
    listing = staff.get("/admin/snippets/search/searchsynonym/")
    assert listing.status_code == 200
    url = "/admin/snippets/search/searchsynonym/add/"
    refused = staff.post(url, {"terms": "SFB", "site": sites["ekero"].pk})
    assert refused.status_code == 200
    assert "Skriv minst två ord eller uttryck med likhetstecken emellan" in refused.text
    assert not SearchSynonym.objects.exists()
    saved = staff.post(url, {"terms": "SFB = Socialförsäkringsbalken", "site": sites["ekero"].pk})
    assert saved.status_code == 302
    row = SearchSynonym.objects.get()
    assert row.members() == [("sfb",), ("socialförsäkringsbalken",)]
    listing = staff.get("/admin/snippets/search/searchsynonym/")
    assert "SFB = Socialförsäkringsbalken" in listing.text


@pytest.fixture
def kept_synonyms(settings):
    """Synonyms kept per process (as with Redis), starting and ending with nothing kept."""
    settings.SEARCH_SYNONYMS_CACHED = True
    synonyms.changed()
    yield
    synonyms.changed()


def test_kept_synonyms_follow_an_editors_change_and_another_processs(
    client, pages, sites, kept_synonyms
):
    assert "Socialförsäkringsbalken" not in _public(client, "SFB")
    row = SearchSynonym.objects.create(site=sites["ekero"], terms="SFB = Socialförsäkringsbalken")
    assert "Socialförsäkringsbalken" in _public(client, "SFB")
    with CaptureQueriesContext(connection) as queries:
        assert "Socialförsäkringsbalken" in _public(client, "SFB")
    assert not [q for q in queries if "search_searchsynonym" in q["sql"]]
    # Another process saved a change: only the version in the shared cache moves here.
    SearchSynonym.objects.filter(pk=row.pk).update(terms="SFB = ungdomsgården")
    cache.set(synonyms.VERSION_KEY, "changed elsewhere")
    html = _public(client, "SFB")
    assert "Ungdomsgården Tappström" in html and "Socialförsäkringsbalken" not in html
    SearchSynonym.objects.get(pk=row.pk).delete()
    assert "Ungdomsgården Tappström" not in _public(client, "SFB")


def test_without_a_shared_cache_every_search_reads_the_synonyms(client, pages, sites, settings):
    settings.SEARCH_SYNONYMS_CACHED = False
    SearchSynonym.objects.create(site=sites["ekero"], terms="SFB = Socialförsäkringsbalken")
    SearchSynonym.objects.filter(site=sites["ekero"]).update(terms="SFB = ungdomsgården")
    assert "Ungdomsgården Tappström" in _public(client, "SFB")


def test_a_new_synonym_shows_at_once_on_a_cached_search_page(
    client, pages, sites, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 300
    assert "Socialförsäkringsbalken" not in _public(client, "SFB")
    assert client.get("/sok/", {"q": "SFB"}, headers=EKERO)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        row = SearchSynonym.objects.create(
            site=sites["ekero"], terms="SFB = Socialförsäkringsbalken"
        )
    again = client.get("/sok/", {"q": "SFB"}, headers=EKERO)
    assert again["X-Page-Cache"] == "miss"
    assert "Socialförsäkringsbalken" in strip_tags(again.text)
    with django_capture_on_commit_callbacks(execute=True):
        row.delete()
    assert "Socialförsäkringsbalken" not in _public(client, "SFB")


@pytest.fixture
def private_note(pages, ideas_index, people):  # noqa: F811 - fixtures from idelabbet
    case = make_case(ideas_index, state=State.COACHING, coaches=[people["assigned"]])
    note_add(
        case=case,
        author=people["assigned"],
        body="<p>Hemligt styrelsemöte i bygdegården om lokalfrågan.</p>",
        visibility=NoteVisibility.PRIVATE,
    )
    catalog_drain()
    return people


@pytest.mark.parametrize("query", ["styrelsemöte", "styrelsemote", "bygdegarden", "bygd"])
def test_a_private_notes_folded_and_decompounded_words_reach_only_its_author(
    client, private_note, query
):
    assert "lokalfrågan" not in _public(client, query)
    for role in ("assigned2", "coach", "lead", "moderator"):
        client.force_login(private_note[role])
        assert "lokalfrågan" not in _staff(client, query), role
    client.force_login(_superuser())
    assert "lokalfrågan" not in _staff(client, query)
    client.force_login(private_note["assigned"])
    assert "lokalfrågan" in _staff(client, query)


def test_synonym_rows_without_two_sides_are_ignored_on_both_searches(client, staff, pages, sites):
    # Saved past the admin's check (an import, a script): nothing to expand, no error.
    for terms in ("", "=", "SFB =", "= , =", "sfb = sfb"):
        SearchSynonym.objects.create(site=sites["ekero"], terms=terms)
    SearchSynonym.objects.create(site=sites["ekero"], terms="SFB = Socialförsäkringsbalken")
    for search in (_public, _staff):
        assert "Socialförsäkringsbalken" in search(client, "SFB")
        assert "Ungdomsgården Tappström" in search(client, "ungdomsgården")
