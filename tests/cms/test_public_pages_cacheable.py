"""No public page carries a per-visitor token: every one comes from the page cache.

The demo loaded (both municipalities), the page cache on: every public page
type of each site, in every language the site offers (a translation where
there is one, else the Swedish page under the language's prefix), plus the
routes the index pages serve and the public search, is asked for twice by an
anonymous visitor. Neither answer has a form token or sets a cookie, and the
second comes from the cache. The forms that need a token have pages of their
own, which are never cached.
"""

import io

import pytest
from django.core.management import call_command
from django.test import Client
from wagtail.models import Page, Site

from cms.languages.links import page_translation
from cms.languages.selectors import site_languages
from forum.models import ForumIndexPage, MeetingPage, MeetingStatus
from idelabbet.models import IdeaIndexPage
from tests.conftest import in_language

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    call_command("load_demo", allow_production=True, stdout=io.StringIO())
    settings.PAGE_CACHE_SECONDS = 300
    return {site.hostname: site for site in Site.objects.all()}


def _path(page) -> str:
    return page.get_url_parts()[2]


def _public_pages(site) -> list[Page]:
    """Every live page a visitor of ``site`` may see, in every language."""
    roots = [p.path for p in site.root_page.get_translations(inclusive=True)]
    pages = Page.objects.live().public().specific().order_by("path")
    return [p for p in pages if any(p.path.startswith(root) for root in roots)]


def _one_of_each_type(site) -> dict[str, Page]:
    """The first Swedish page of each page type (an open meeting for the meetings)."""
    found: dict[str, Page] = {}
    for page in _public_pages(site):
        if page.locale.language_code == "sv":
            found.setdefault(type(page).__name__, page)
    open_meeting = (
        MeetingPage.objects.live()
        .filter(status=MeetingStatus.PLANNED, locale__language_code="sv")
        .descendant_of(site.root_page)
        .order_by("start")
        .last()
    )
    if open_meeting is not None:
        found["MeetingPage (open for registration)"] = open_meeting
    return found


def _in_language(page, language: str) -> str:
    translated = page_translation(page, language)
    if translated is not None:
        return _path(translated)
    return in_language(_path(page), language)


def _addresses(site) -> list[str]:
    """One address per page type and language, the index pages' routes and the search."""
    languages = site_languages(site)
    found = []
    for page in _one_of_each_type(site).values():
        found += [_in_language(page, language) for language in languages]
    for index in (
        ForumIndexPage.objects.live()
        .descendant_of(site.root_page)
        .filter(locale__language_code="sv")
    ):
        for route in ("forslag/", "forslag/?status=done", "principer/", "samordningsgruppen/"):
            found += [_in_language(index, language) + route for language in languages]
        found += [_in_language(index, language) + "csam/" for language in languages]
    for index in (
        IdeaIndexPage.objects.live()
        .descendant_of(site.root_page)
        .filter(locale__language_code="sv")
    ):
        found += [_in_language(index, language) + "?tema=kultur" for language in languages]
    found += [in_language("/sok/", language) + "?q=forum" for language in languages]
    return found


def test_the_demo_has_the_page_types_this_test_is_about(demo):
    types = set()
    for site in demo.values():
        types |= set(_one_of_each_type(site))
    assert {
        "HomePage",
        "StandardPage",
        "AccessibilityStatementPage",
        "IdeaIndexPage",
        "IdeaPage",
        "ForumIndexPage",
        "MeetingPage",
        "MeetingPage (open for registration)",
        "ProposalPage",
    } <= types
    assert {len(site_languages(site)) for site in demo.values()} - {1}, "no site offers a language"


def test_every_public_page_in_every_language_comes_from_the_cache_without_a_token(demo):
    checked = []
    for host, site in demo.items():
        for address in _addresses(site):
            visitor = Client(headers={"host": host})
            first = visitor.get(address)
            second = Client(headers={"host": host}).get(address)
            where = f"{host}{address}"
            assert first.status_code == 200, where
            for response in (first, second):
                assert b"csrfmiddlewaretoken" not in response.content, where
                assert not response.cookies, (where, list(response.cookies))
                assert "Set-Cookie" not in response, where
            assert second["X-Page-Cache"] == "hit", (where, first["X-Page-Cache"])
            assert second.content == first.content, where
            checked.append(where)
    # Both sites, every language: Swedish, English and Arabic addresses among them.
    assert any("/en/" in where for where in checked)
    assert any("/ar/" in where for where in checked)
    assert {where.split("/", 1)[0] for where in checked} == set(demo)


def test_the_forms_that_need_a_token_are_pages_of_their_own_never_cached(demo):
    host = "jonkoping.localhost"
    meeting = _one_of_each_type(demo[host])["MeetingPage (open for registration)"]
    statement = _one_of_each_type(demo[host])["AccessibilityStatementPage"]
    for address in (
        _path(meeting) + "anmalan/",
        in_language(_path(meeting) + "anmalan/", "en"),
        f"/tillganglighet/{statement.pk}/synpunkt/",
        in_language(f"/tillganglighet/{statement.pk}/synpunkt/", "en"),
    ):
        for _ in range(2):
            response = Client(headers={"host": host}).get(address)
            assert response.status_code == 200, address
            assert b"csrfmiddlewaretoken" in response.content, address
            assert response["X-Page-Cache"] == "bypass", address
            assert "private" in response["Cache-Control"], address


def test_the_other_public_views_carry_no_token_and_set_no_cookie(demo):
    # Not Wagtail pages, so not kept by the page cache; nothing in them is the visitor's.
    site = demo["localhost"]
    untranslated = [
        (page, language)
        for page in _public_pages(site)
        if page.locale.language_code == "sv"
        for language in site_languages(site)
        if language != "sv" and page_translation(page, language) is None
    ]
    assert untranslated
    page, language = untranslated[0]
    for address in ("/sitemap.xml", in_language(f"/ej-oversatt/{page.pk}/", language)):
        response = Client(headers={"host": "localhost"}).get(address)
        assert response.status_code == 200, address
        assert b"csrfmiddlewaretoken" not in response.content, address
        assert not response.cookies, address
