"""Precise invalidation of the page cache, the cached public search, and the CDN's view of both."""

import pytest
from django.test import Client
from wagtail.models import PageViewRestriction

from cms.models import SiteContact, StandardPage
from search.services import catalog_drain
from tests.conftest import cache_status, make_page, search_results_text
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

EKERO = {"host": "localhost"}
JONKOPING = {"host": "jonkoping.localhost"}


@pytest.fixture(autouse=True)
def _page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300


def test_a_page_edit_refreshes_that_page_and_its_listing_and_nothing_else(
    client, warm, sites, committed, django_capture_on_commit_callbacks
):
    home = sites["ekero"].root_page
    section = committed(make_page, home, "Om oss", "om")
    about = committed(make_page, section, "Öppettider", "oppettider", intro="Öppet måndagar.")
    other = committed(make_page, section, "Kontakt", "kontakt")
    warm(about.url, other.url, section.url, "/")
    warm("/", headers=JONKOPING)
    with django_capture_on_commit_callbacks(execute=True):
        page = StandardPage.objects.get(pk=about.pk)
        page.intro = "Öppet tisdagar."
        page.save_revision().publish()
    fresh = client.get(about.url, headers=EKERO)
    assert fresh["X-Page-Cache"] == "miss"
    assert "Öppet tisdagar." in fresh.text
    # Its parent lists it; the home page features what is published.
    assert cache_status(client, section.url) == "miss"
    assert cache_status(client, "/") == "miss"
    # A sibling and the other municipality are untouched.
    assert cache_status(client, other.url) == "hit"
    assert cache_status(client, "/", JONKOPING) == "hit"


def test_a_footer_edit_shows_on_every_page_of_its_site_with_one_render(
    client, warm, sites, committed, django_capture_on_commit_callbacks
):
    about = committed(make_page, sites["ekero"].root_page, "Om Idélabbet", "om")
    committed(SiteContact.for_site, sites["ekero"])  # created on first use, as a visit would
    committed(SiteContact.for_site, sites["jonkoping"])
    warm(about.url, "/")
    warm("/", headers=JONKOPING)
    with django_capture_on_commit_callbacks(execute=True):
        contact = SiteContact.for_site(sites["ekero"])
        contact.phone = "08-124 571 00"
        contact.save()
    first = client.get(about.url, headers=EKERO)
    assert first["X-Page-Cache"] == "miss"
    assert "08-124 571 00" in first.text
    # The footer is stored once per site: the home page stays in the cache
    # and is served with the new footer.
    home = client.get("/", headers=EKERO)
    assert home["X-Page-Cache"] == "hit"
    assert "08-124 571 00" in home.text
    assert home.text.count("<footer") == 1
    other = client.get("/", headers=JONKOPING)
    assert other["X-Page-Cache"] == "hit"
    assert "08-124 571 00" not in other.text


def test_a_served_page_is_the_page_as_rendered(client, warm, sites, committed):
    about = committed(make_page, sites["ekero"].root_page, "Om Idélabbet", "om")
    rendered = committed(client.get, about.url, headers=EKERO)
    assert rendered["X-Page-Cache"] in ("miss", "bypass")
    warm(about.url)
    served = client.get(about.url, headers=EKERO)
    assert served["X-Page-Cache"] == "hit"
    assert served.content == client.get(about.url, headers=EKERO).content
    assert served.content.replace(b"hit", b"") == rendered.content.replace(b"miss", b"")


def test_a_moved_page_refreshes_both_listings(
    client, warm, sites, committed, django_capture_on_commit_callbacks
):
    home = sites["ekero"].root_page
    first = committed(make_page, home, "Först", "forst")
    second = committed(make_page, home, "Sedan", "sedan")
    moved = committed(make_page, first, "Flyttad", "flyttad")
    warm(first.url, second.url)
    with django_capture_on_commit_callbacks(execute=True):
        StandardPage.objects.get(pk=moved.pk).move(second, pos="last-child")
    assert cache_status(client, first.url) == "miss"
    assert cache_status(client, second.url) == "miss"


# The public search.


@pytest.fixture
def searchable(sites, immediate_tasks, django_capture_on_commit_callbacks):
    home = sites["ekero"].root_page
    with django_capture_on_commit_callbacks(execute=True):
        cafe = make_page(home, "Språkcafé i Stenhamra", "sprakcafe", intro="Varje torsdag.")
        garden = make_page(home, "Odlingslott vid skolan", "odling", intro="Sådd i maj.")
    catalog_drain()
    return {"cafe": cafe, "garden": garden}


def test_the_public_search_is_cached_per_normalised_query(client, warm, searchable):
    first = client.get("/sok/?q=språkcafé", headers=EKERO)
    assert first["X-Page-Cache"] == "miss"
    assert "Språkcafé i Stenhamra" in search_results_text(first.text)
    # Whitespace and stray parameters do not make another page.
    again = client.get("/sok/?q=++språkcafé+&fbclid=abc", headers=EKERO)
    assert again["X-Page-Cache"] == "hit"
    assert "Språkcafé i Stenhamra" in search_results_text(again.text)
    assert cache_status(client, "/sok/?q=odlingslott") == "miss"


def test_a_signed_in_user_never_gets_or_fills_the_cached_search(client, warm, searchable):
    client.get("/sok/?q=språkcafé", headers=EKERO)
    coach = UserFactory(username="coach", groups=["Ekerö coacher"])
    signed_in = Client()
    signed_in.force_login(coach)
    response = signed_in.get("/sok/?q=språkcafé", headers=EKERO)
    assert response["X-Page-Cache"] == "bypass"
    assert "private" in response["Cache-Control"]
    assert cache_status(signed_in, "/sok/?q=odlingslott") == "bypass"
    # The anonymous visitor's page was not filled by the signed-in one.
    assert cache_status(client, "/sok/?q=odlingslott") == "miss"


def test_a_changed_entry_refreshes_the_search_pages_showing_it(
    client, warm, searchable, django_capture_on_commit_callbacks
):
    warm("/sok/?q=språkcafé", "/sok/?q=odlingslott")
    with django_capture_on_commit_callbacks(execute=True):
        page = StandardPage.objects.get(pk=searchable["cafe"].pk)
        page.title = "Språkcafé i Ekerö centrum"
        page.save_revision().publish()
    catalog_drain()
    # Rendered again on the worker right after the delivery (refresh-ahead):
    # the next visitor gets the new result from the cache.
    fresh = client.get("/sok/?q=språkcafé", headers=EKERO)
    assert fresh["X-Page-Cache"] == "hit"
    assert "Språkcafé i Ekerö centrum" in search_results_text(fresh.text)
    # A search page that did not show it is kept.
    assert cache_status(client, "/sok/?q=odlingslott") == "hit"


def test_a_new_public_page_refreshes_every_search_page_of_its_site(
    client, warm, searchable, sites, django_capture_on_commit_callbacks
):
    warm("/sok/?q=loppis")
    warm("/sok/?q=loppis", headers=JONKOPING)
    assert "Loppis" not in search_results_text(client.get("/sok/?q=loppis", headers=EKERO).text)
    with django_capture_on_commit_callbacks(execute=True):
        make_page(sites["ekero"].root_page, "Loppis i Träkvista", "loppis")
    catalog_drain()
    fresh = client.get("/sok/?q=loppis", headers=EKERO)
    assert fresh["X-Page-Cache"] == "hit"  # rendered again on the worker
    assert "Loppis i Träkvista" in search_results_text(fresh.text)
    assert cache_status(client, "/sok/?q=loppis", JONKOPING) == "hit"


# Headers and purges for a CDN.


def test_a_shareable_page_tells_a_cdn_how_long_and_under_which_tags(client, warm, sites):
    about = make_page(sites["ekero"].root_page, "Om Idélabbet", "om")
    response = client.get(about.url, headers=EKERO)
    cache_control = response["Cache-Control"]
    assert "public" in cache_control and "s-maxage=300" in cache_control
    assert "max-age=0" in cache_control
    assert f"page:{about.pk}" in response["Surrogate-Key"].split()
    assert f"page:{about.pk}" in response["Cache-Tag"].split(",")
    assert response["Surrogate-Control"] == "max-age=300"
    # A hit says the same.
    hit = client.get(about.url, headers=EKERO)
    assert hit["X-Page-Cache"] == "hit"
    assert hit["Surrogate-Key"] == response["Surrogate-Key"]


def test_a_page_with_a_form_token_or_for_a_signed_in_user_is_private(client, sites):
    about = make_page(sites["ekero"].root_page, "Om Idélabbet", "om")
    locked = make_page(sites["ekero"].root_page, "Intern", "intern")
    PageViewRestriction.objects.create(
        page=locked, restriction_type=PageViewRestriction.PASSWORD, password="hemligt"
    )
    form = client.get(locked.url, headers=EKERO)
    assert "csrftoken" in form.cookies
    assert form["X-Page-Cache"] == "bypass"
    assert "private" in form["Cache-Control"]
    assert "Surrogate-Key" not in form
    client.force_login(UserFactory(username="redaktor", groups=["Ekerö moderatorer"]))
    signed_in = client.get(about.url, headers=EKERO)
    assert signed_in["X-Page-Cache"] == "bypass"
    assert "private" in signed_in["Cache-Control"]
    assert "Surrogate-Key" not in signed_in


def test_a_publish_sends_purges_for_the_page_and_its_listing(
    sites, purge_server, immediate_tasks, committed, django_capture_on_commit_callbacks
):
    home = sites["ekero"].root_page
    section = committed(make_page, home, "Om oss", "om")
    about = committed(make_page, section, "Öppettider", "oppettider")
    purge_server.clear()
    with django_capture_on_commit_callbacks(execute=True):
        page = StandardPage.objects.get(pk=about.pk)
        page.intro = "Stängt i juli."
        page.save_revision().publish()
    paths = {path for _host, path in purge_server}
    assert "/om/oppettider/" in paths
    assert "/om/" in paths
    assert "jonkoping.localhost" not in {host for host, _path in purge_server}
