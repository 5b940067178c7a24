"""Text in any script is found by the public search and shown unchanged."""

import pytest
from django.utils.html import strip_tags

from cms.models import StandardPage
from search.services import catalog_drain, catalog_queue

pytestmark = pytest.mark.django_db

EKERO = {"host": "localhost"}
TITLES = {
    "arabic": "حديقة مشتركة في الجزيرة",
    "tigrinya": "ናይ ሓባር ጀርዲን ኣብ ደሴት",
    "emoji": "Språkcafé ☕ för alla 🌍",
}


@pytest.fixture
def pages(sites):
    home = sites["ekero"].root_page
    made = [
        home.add_child(instance=StandardPage(title=title, slug=slug, intro=f"{title}."))
        for slug, title in TITLES.items()
    ]
    catalog_queue(instances=made)
    catalog_drain()
    return made


@pytest.mark.parametrize(
    ("query", "title"),
    [
        ("حديقة", TITLES["arabic"]),
        ("ጀርዲን", TITLES["tigrinya"]),
        ("Språkcafé", TITLES["emoji"]),
    ],
)
def test_any_script_is_found_and_shown_as_written(client, pages, query, title):
    response = client.get("/sok/", {"q": query}, headers=EKERO)
    assert response.status_code == 200
    # The hit's title as written (the match is only wrapped in <mark>).
    assert title in strip_tags(response.content.decode())
