""" "Menade du …?" on the public search page and the staff search.

The suggestion comes from the catalog's own words, is one link to run, and
never carries a word the searcher may not see (a private note's word, a
restricted page's word), whether it is in the vocabulary or not.
"""

import pytest
from django.contrib.auth.models import Group
from django.utils.html import strip_tags
from wagtail.models import PageViewRestriction

from cms.models import StandardPage
from cms.schedule import JOBS
from idelabbet.models import NoteVisibility
from idelabbet.services.notes import note_add
from idelabbet.workflow import State
from search.models import SearchTerm, SearchWord
from search.services import catalog_drain, catalog_queue, catalog_rebuild
from search.suggest import candidates, fold, vocabulary
from tests.factories import UserFactory
from tests.idelabbet.conftest import ideas_index, make_case, people  # noqa: F401

pytestmark = pytest.mark.django_db

EKERO = {"host": "localhost"}
SECRET = "Kvarnbackenstugan"


def _page(parent, title, intro, slug, *, restricted_to=None):
    page = parent.add_child(instance=StandardPage(title=title, slug=slug, intro=intro))
    if restricted_to:
        restriction = PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.GROUPS
        )
        restriction.groups.set([Group.objects.get(name=restricted_to)])
    catalog_queue(instances=[page])
    return page


@pytest.fixture
def catalog(sites):
    home = sites["ekero"].root_page
    _page(home, "Länsstyrelsen i Stockholm", "Länsstyrelsen ger bidrag till föreningar.", "lst")
    _page(home, "Skärgårdens föreningar", "Föreningslivet i skärgården är rikt.", "skargard")
    _page(home, "Möten för kulturföreningar", "Kulturföreningar möts i biblioteket.", "moten")
    _page(
        home,
        "Coachernas lista",
        "Intern lista om Hemlighetsmakeriet.",
        "intern",
        restricted_to="Ekerö coacher",
    )
    catalog_drain()


def _suggestion(html: str) -> str:
    start = html.find('class="search-suggestion"')
    return strip_tags(html[start : html.find("</p>", start)]) if start != -1 else ""


def test_a_misspelt_word_gets_a_one_click_suggestion_on_the_public_page(client, catalog):
    response = client.get("/sok/", {"q": "lansstyrlesen"}, headers=EKERO)
    assert response.status_code == 200
    html = response.text
    assert "Menade du" in _suggestion(html)
    assert "länsstyrelsen" in _suggestion(html)
    assert 'href="?q=l%C3%A4nsstyrelsen"' in html
    followed = client.get("/sok/", {"q": "länsstyrelsen"}, headers=EKERO).text
    assert "Länsstyrelsen i Stockholm" in strip_tags(followed)
    assert "Menade du" not in followed


def test_typos_and_missing_diacritics_meet_the_catalogs_words(client, catalog):
    for typed, meant in [
        ("skargårdn", "skärgården"),
        ("kulturforeningr", "kulturföreningar"),
        ("bibliotketet", "biblioteket"),
    ]:
        html = client.get("/sok/", {"q": typed}, headers=EKERO).text
        assert meant in _suggestion(html), typed


def test_only_the_misspelt_word_of_a_query_is_corrected(client, catalog):
    # "föreningar" alone matches (partial matches), yet the query as typed found
    # nothing: the suggestion corrects the one misspelt word, and the page shows
    # what the corrected query finds rather than the partial matches.
    html = client.get("/sok/", {"q": "föreningar skärgårdn"}, headers=EKERO).text
    assert "föreningar skärgården" in _suggestion(html)
    assert "visar träffar för ”föreningar skärgården”" in html
    assert "Inga träffar på alla ord" not in html
    assert "Skärgårdens föreningar" in strip_tags(html)
    client.force_login(UserFactory(groups=["Ekerö moderatorer"]))
    staff = client.get("/admin/katalogsok/", {"q": "föreningar skärgårdn"}).text
    assert "föreningar skärgården" in _suggestion(staff)


def test_words_the_search_already_understands_are_not_corrected(client, catalog):
    # Folded, inflected and compound forms are found directly (issue 17's
    # analysis), so "Menade du" has nothing to add.
    for typed, title in [
        ("skargarden", "Skärgårdens föreningar"),
        ("lansstyrelsen", "Länsstyrelsen i Stockholm"),
        ("kulturforening", "Möten för kulturföreningar"),
    ]:
        html = client.get("/sok/", {"q": typed}, headers=EKERO).text
        assert title in strip_tags(html), typed
        assert _suggestion(html) == "", typed


def test_a_query_with_enough_hits_gets_no_suggestion(client, catalog):
    html = client.get("/sok/", {"q": "föreningar"}, headers=EKERO).text
    assert _suggestion(html) == ""


def test_nothing_near_gets_no_suggestion(client, catalog):
    html = client.get("/sok/", {"q": "xylofonorkester"}, headers=EKERO).text
    assert _suggestion(html) == ""
    assert "Inga träffar" in html


def test_a_restricted_pages_word_is_suggested_only_to_those_who_may_see_it(client, catalog):
    assert SearchWord.objects.filter(word="hemlighetsmakeriet").exists()
    html = client.get("/sok/", {"q": "hemlighetsmakerit"}, headers=EKERO).text
    assert _suggestion(html) == ""
    assert "hemlighetsmakeriet" not in html.lower()
    client.force_login(UserFactory(groups=["Ekerö moderatorer"]))
    staff = client.get("/admin/katalogsok/", {"q": "hemlighetsmakerit"}).text
    assert _suggestion(staff) == ""
    client.force_login(UserFactory(groups=["Ekerö coacher"]))
    staff = client.get("/admin/katalogsok/", {"q": "hemlighetsmakerit"}).text
    assert "hemlighetsmakeriet" in _suggestion(staff)


@pytest.fixture
def private_note(catalog, ideas_index, people):  # noqa: F811 - fixtures from idelabbet
    case = make_case(ideas_index, state=State.COACHING, coaches=[people["assigned"]])
    note_add(
        case=case,
        author=people["assigned"],
        body=f"<p>Ring före mötet vid {SECRET}.</p>",
        visibility=NoteVisibility.PRIVATE,
    )
    catalog_drain()
    return people


def test_a_private_notes_word_never_reaches_anyone_else_through_a_suggestion(client, private_note):
    typo = "kvarnbakenstugan"
    assert SearchWord.objects.filter(word=SECRET.lower()).exists()
    assert SECRET.lower() not in client.get("/sok/", {"q": typo}, headers=EKERO).text.lower()
    for role in ("coach", "lead", "moderator"):
        client.force_login(private_note[role])
        staff = client.get("/admin/katalogsok/", {"q": typo}).text.lower()
        assert SECRET.lower() not in staff, role
    superuser = UserFactory(is_superuser=True)
    superuser.save()
    client.force_login(superuser)
    assert SECRET.lower() not in client.get("/admin/katalogsok/", {"q": typo}).text.lower()
    client.force_login(private_note["assigned"])
    assert SECRET.lower() in _suggestion(client.get("/admin/katalogsok/", {"q": typo}).text)


def test_the_vocabulary_follows_the_catalog_and_a_rebuild_drops_vanished_words(
    sites, immediate_tasks, django_capture_on_commit_callbacks
):
    home = sites["ekero"].root_page
    page = _page(home, "Fågelholkar", "Vi bygger fågelholkar.", "holk")
    catalog_drain()
    assert "fågelholkar" in vocabulary().words
    page.title, page.intro = "Insektshotell", "Vi bygger insektshotell."
    page.save_revision().publish()
    catalog_drain()
    assert "insektshotell" in vocabulary().words
    assert "fågelholkar" in vocabulary().words  # until the catalog is refreshed
    with django_capture_on_commit_callbacks(execute=True):
        catalog_rebuild()  # the worker then refreshes the vocabulary
    words = vocabulary().words
    assert "insektshotell" in words and "fågelholkar" not in words
    # And daily, for entries deleted one by one.
    assert JOBS["sokord-ordlista"].func == "search.tasks.vocabulary_refresh_task"


def test_folding_and_distance_pick_the_nearest_words(sites):
    SearchWord.objects.bulk_create(
        [SearchWord(word=w) for w in ("möten", "moten", "mötesrum", "kyrkan", "kyrka")]
    )
    assert fold("Möten") == "moten"
    words = vocabulary()
    assert candidates("mooten", words)[0] in {"moten", "möten"}
    assert candidates("kyrkann", words)[0] == "kyrkan"
    assert candidates("zzzzzz", words) == []


def test_a_misspelt_query_that_finds_nothing_shows_the_suggestions_hits_and_says_so(
    client, catalog
):
    html = client.get("/sok/", {"q": "lansstyrlesen"}, headers=EKERO).text
    text = strip_tags(html)
    assert "Länsstyrelsen i Stockholm" in text
    assert "Inga träffar för ”lansstyrlesen” – visar träffar för ”länsstyrelsen”." in text
    assert "länsstyrelsen" in _suggestion(html)  # one click runs it as typed
    # The search-terms report still sees that the query as typed found nothing.
    assert SearchTerm.objects.get(query="lansstyrlesen").hits == 0
    english = strip_tags(client.get("/en/sok/", {"q": "lansstyrlesen"}, headers=EKERO).text)
    assert "No results for “lansstyrlesen” – showing results for “länsstyrelsen”." in english


def test_a_query_with_partial_hits_is_not_replaced_without_a_better_spelling(client, catalog):
    html = client.get("/sok/", {"q": "föreningar xylofonorkester"}, headers=EKERO).text
    assert "Inga träffar på alla ord" in html
    assert "visar träffar för" not in html


def test_a_misspelt_word_gets_a_one_click_suggestion_in_the_staff_search(client, catalog):
    client.force_login(UserFactory(groups=["Ekerö moderatorer"]))
    html = client.get("/admin/katalogsok/", {"q": "lansstyrlesen"}).text
    assert "Menade du" in _suggestion(html)
    assert 'href="?q=l%C3%A4nsstyrelsen"' in html
    followed = client.get("/admin/katalogsok/", {"q": "länsstyrelsen"}).text
    assert "Länsstyrelsen i Stockholm" in strip_tags(followed)
    assert "Menade du" not in followed
