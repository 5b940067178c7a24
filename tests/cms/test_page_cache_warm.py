"""Warming the page cache from the sitemap: the first visitors after a clear get hits."""

import io

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import PageViewRestriction

from cms.models import SiteContact
from cms.pagecache import page_cache_clear
from tests.conftest import cache_status, make_page

pytestmark = pytest.mark.django_db

EKERO = {"host": "localhost"}
JONKOPING = {"host": "jonkoping.localhost"}


@pytest.fixture(autouse=True)
def _page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300


@pytest.fixture
def pages(sites, committed):
    # The sites' settings rows exist, as on a site that has been visited.
    committed(SiteContact.for_site, sites["ekero"])
    committed(SiteContact.for_site, sites["jonkoping"])
    section = committed(make_page, sites["ekero"].root_page, "Om oss", "om", intro="Vi finns.")
    about = committed(make_page, section, "Öppettider", "oppettider", intro="Öppet måndagar.")
    secret = committed(make_page, section, "Internt", "internt", intro="Bara för oss.")
    committed(
        PageViewRestriction.objects.create,
        page=secret,
        restriction_type=PageViewRestriction.PASSWORD,
        password="hemligt",
    )
    committed(page_cache_clear)
    return {"section": section, "about": about, "secret": secret}


def test_after_a_clear_the_warmed_pages_are_hits_for_their_first_visitor(client, pages, committed):
    assert cache_status(client, "/", EKERO) == "miss"  # cleared: the home page is rendered
    committed(page_cache_clear)
    committed(call_command, "page_cache_warm", "--now", stdout=io.StringIO())
    for url in ("/", pages["section"].url, pages["about"].url):
        answer = client.get(url, headers=EKERO)
        assert answer["X-Page-Cache"] == "hit", url
    assert "Öppet måndagar." in client.get(pages["about"].url, headers=EKERO).text
    assert cache_status(client, "/", JONKOPING) == "hit"


def test_a_restricted_page_is_neither_warmed_nor_shown(client, pages, committed):
    committed(call_command, "page_cache_warm", "--now", stdout=io.StringIO())
    answer = client.get(pages["secret"].url, headers=EKERO)
    assert answer["X-Page-Cache"] != "hit"
    assert "Bara för oss." not in answer.text


def test_warming_is_queued_for_the_worker_by_default(client, pages, committed, immediate_tasks):
    out = io.StringIO()
    committed(call_command, "page_cache_warm", stdout=out)
    assert "köade" in out.getvalue()
    assert cache_status(client, pages["about"].url, EKERO) == "hit"


def test_one_site_can_be_warmed_alone(client, pages, committed):
    committed(
        call_command,
        "page_cache_warm",
        "--now",
        "--site",
        "jonkoping.localhost",
        stdout=io.StringIO(),
    )
    assert cache_status(client, "/", JONKOPING) == "hit"
    assert cache_status(client, pages["about"].url, EKERO) == "miss"


def test_an_unknown_site_is_refused_with_a_message(pages):
    with pytest.raises(CommandError, match="Ingen webbplats med värdnamnet okand.example"):
        call_command("page_cache_warm", "--now", "--site", "okand.example")


def test_without_a_page_cache_there_is_nothing_to_warm_and_the_release_goes_on(pages, settings):
    settings.PAGE_CACHE_SECONDS = 0
    out = io.StringIO()
    call_command("page_cache_warm", stdout=out)
    assert "Sidcachen är avslagen" in out.getvalue()
