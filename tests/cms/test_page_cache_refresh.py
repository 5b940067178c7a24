"""Refresh-ahead: what a write made stale is rendered again on the worker, by the same rules."""

import pytest
from wagtail.models import PageViewRestriction

from cms.models import SiteContact, StandardPage
from cms.pagecache import refresh
from cms.pagecache import tags as cache_tags
from cms.pagecache.middleware import Slot
from search.models import SearchTerm
from search.services import catalog_drain, catalog_queue
from tests.conftest import cache_status, make_page

pytestmark = pytest.mark.django_db

EKERO = {"host": "localhost"}
JONKOPING = {"host": "jonkoping.localhost"}


@pytest.fixture(autouse=True)
def _page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300


def test_an_edited_page_is_rendered_again_so_the_next_visitor_gets_it_fresh_from_the_cache(
    client, warm, sites, committed, immediate_tasks, django_capture_on_commit_callbacks
):
    section = committed(make_page, sites["ekero"].root_page, "Om oss", "om")
    about = committed(make_page, section, "Öppettider", "oppettider", intro="Öppet måndagar.")
    other = committed(make_page, section, "Kontakt", "kontakt", intro="Ring oss.")
    warm(about.url, other.url, section.url)
    with django_capture_on_commit_callbacks(execute=True):
        page = StandardPage.objects.get(pk=about.pk)
        page.intro = "Öppet tisdagar."
        page.save_revision().publish()
    fresh = client.get(about.url, headers=EKERO)
    assert fresh["X-Page-Cache"] == "hit"
    assert "Öppet tisdagar." in fresh.text
    assert "Öppet måndagar." not in fresh.text
    # The listing above it was rendered again too; the sibling was never stale.
    assert cache_status(client, section.url) == "hit"
    assert cache_status(client, other.url) == "hit"


def test_without_a_worker_the_stale_page_waits_for_its_next_visitor(
    client, warm, sites, committed, django_capture_on_commit_callbacks
):
    # The database task backend: the refresh is queued, not yet run.
    about = committed(make_page, sites["ekero"].root_page, "Om oss", "om", intro="Gammal text.")
    warm(about.url)
    with django_capture_on_commit_callbacks(execute=True):
        page = StandardPage.objects.get(pk=about.pk)
        page.intro = "Ny text."
        page.save_revision().publish()
    fresh = client.get(about.url, headers=EKERO)
    assert fresh["X-Page-Cache"] == "miss"
    assert "Ny text." in fresh.text


def test_a_page_restricted_since_it_was_stored_is_not_stored_again_by_the_refresh(
    client, warm, sites, committed, immediate_tasks, django_capture_on_commit_callbacks
):
    about = committed(make_page, sites["ekero"].root_page, "Om oss", "om", intro="Bara för oss.")
    warm(about.url)
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(
            page=about, restriction_type=PageViewRestriction.PASSWORD, password="hemligt"
        )
    answer = client.get(about.url, headers=EKERO)
    assert answer["X-Page-Cache"] != "hit"
    assert "Bara för oss." not in answer.text


def test_a_contact_edit_renders_one_footer_again_and_every_page_of_the_site_shows_it(
    client, warm, sites, committed, immediate_tasks, django_capture_on_commit_callbacks
):
    about = committed(make_page, sites["ekero"].root_page, "Om Idélabbet", "om")
    committed(SiteContact.for_site, sites["ekero"])
    committed(SiteContact.for_site, sites["jonkoping"])
    warm(about.url, "/")
    warm("/", headers=JONKOPING)
    rendered = refresh.stats["rendered"]
    with django_capture_on_commit_callbacks(execute=True):
        contact = SiteContact.for_site(sites["ekero"])
        contact.phone = "08-124 571 00"
        contact.save()
    # One page per site and language is enough to store the new footer.
    assert refresh.stats["rendered"] - rendered == 1
    for url in (about.url, "/"):
        answer = client.get(url, headers=EKERO)
        assert answer["X-Page-Cache"] == "hit", url
        assert "08-124 571 00" in answer.text
    assert "08-124 571 00" not in client.get("/", headers=JONKOPING).text


def test_a_tag_remembers_only_its_most_recently_stored_pages(monkeypatch):
    monkeypatch.setattr(refresh, "PER_TAG", 2)
    for n in range(3):
        slot = Slot(
            kind="page",
            key=f"pagecache:page:{n}",
            site="http:localhost:sv",
            scheme="http",
            host="localhost",
            path="/ideer/",
            query=f"tema=kultur&efter={n}",
            language="sv",
        )
        refresh.remember(slot, {"page:7", "all"}, seconds=60)

    def remembered(tag):
        return refresh.cache_tags.cache().get(refresh.PREFIX + refresh.cache_tags.tag_key(tag))

    known = remembered("page:7")
    assert [m[4] for m in known.values()] == ["tema=kultur&efter=1", "tema=kultur&efter=2"]
    # Tags covering a whole site are never remembered: too many pages behind them.
    assert remembered("all") is None


def test_a_search_page_rendered_again_by_the_cache_is_not_counted_as_a_search(client, sites):
    page = make_page(sites["ekero"].root_page, "Språkcafé", "sprakcafe", intro="Varje tisdag.")
    catalog_queue(instances=[page])
    catalog_drain()
    first = client.get("/sok/", {"q": "språkcafé"}, headers=EKERO)
    assert first["X-Page-Cache"] == "miss"
    assert SearchTerm.objects.get(query="språkcafé").searches == 1
    # The worker asks for it again for the cache: while still stored (a hit),
    # and after a write made it stale (rendered by the view again).
    stored = ["search", "http", "localhost", "/sok/", "q=spr%C3%A5kcaf%C3%A9", "sv"]
    refresh.render([stored])
    assert SearchTerm.objects.get(query="språkcafé").searches == 1
    cache_tags.cache().clear()
    assert refresh.render([stored]) == 1
    assert SearchTerm.objects.get(query="språkcafé").searches == 1
    again = client.get("/sok/", {"q": "språkcafé"}, headers=EKERO)
    assert again["X-Page-Cache"] == "hit"
    assert SearchTerm.objects.get(query="språkcafé").searches == 2
