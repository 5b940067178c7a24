"""Ideas in the search catalog: published ideas are public entries; nothing private is."""

import pytest

from search.services import catalog_drain
from tests.conftest import search_results_text
from tests.idelabbet.conftest import publish, submit

pytestmark = pytest.mark.django_db

EKERO = {"host": "localhost"}
PERSONAL = ["Hedda", "Sjöberg", "hedda.sjoberg@example.se", "070-765", "Ivar", "Holm"]


def _search(client, query, **params):
    response = client.get("/sok/", {"q": query, **params}, headers=EKERO)
    assert response.status_code == 200
    return search_results_text(response.text)


def test_a_published_idea_is_found_with_its_theme_and_status(client, ideas_index):
    idea = publish(submit(ideas_index, title="Dragkroksklubben"))
    catalog_drain()
    text = _search(client, "möblerna")  # inflected: "möbler" in the summary
    assert idea.title in text
    assert "Naturvård" in text  # the theme facet
    filtered = _search(client, "möbler", theme="Naturvård")
    assert idea.title in filtered
    other = _search(client, "möbler", theme="Kultur")
    assert idea.title not in other


def test_an_idea_waiting_for_moderation_is_not_found(client, ideas_index):
    submit(ideas_index, title="Dragkroksklubben")
    publish(submit(ideas_index, title="Syateljén", summary="Möbler och kläder lagas."))
    catalog_drain()
    text = _search(client, "möbler")
    assert "Syateljén" in text  # the search works; only the waiting idea is absent
    assert "Dragkroksklubben" not in text


def test_search_never_finds_the_submitter_or_co_initiators(client, ideas_index):
    publish(submit(ideas_index))
    catalog_drain()
    assert "Dragkroksklubben" in _search(client, "Dragkroksklubben")
    for personal in PERSONAL:
        text = _search(client, personal)
        assert "Dragkroksklubben" not in text, personal


def test_an_unpublished_idea_leaves_the_catalog(client, ideas_index):
    idea = publish(submit(ideas_index, title="Dragkroksklubben"))
    catalog_drain()
    assert "Dragkroksklubben" in _search(client, "Dragkroksklubben")
    idea.unpublish()
    catalog_drain()
    assert "Dragkroksklubben" not in _search(client, "Dragkroksklubben")
