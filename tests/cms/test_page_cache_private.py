"""No visitor's own token or session ever reaches the page cache or a shared page."""

import re

import pytest
from django.test import Client
from wagtail.models import PageViewRestriction

from tests.conftest import make_page

pytestmark = pytest.mark.django_db

EKERO = {"host": "localhost"}


@pytest.fixture(autouse=True)
def _page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300


def _token_of(response) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text)
    return found.group(1) if found else ""


def test_a_form_token_planted_for_a_visitor_with_a_csrf_cookie_is_never_served_to_another(
    sites, committed
):
    locked = committed(make_page, sites["ekero"].root_page, "Intern", "intern")
    committed(
        PageViewRestriction.objects.create,
        page=locked,
        restriction_type=PageViewRestriction.PASSWORD,
        password="hemligt",
    )
    first = Client()
    form = committed(first.get, locked.url, headers=EKERO)
    assert "csrftoken" in form.cookies
    # The same visitor again, now carrying the CSRF cookie: the form is
    # rendered with a token of theirs and must not be stored.
    again = committed(first.get, locked.url, headers=EKERO)
    planted = _token_of(again)
    assert planted
    assert again["X-Page-Cache"] == "bypass"
    stranger = Client().get(locked.url, headers=EKERO)
    assert stranger["X-Page-Cache"] == "bypass"
    assert planted not in stranger.text


def test_a_visitor_with_a_csrf_cookie_gets_the_shared_page_without_anyones_token(sites, committed):
    about = committed(make_page, sites["ekero"].root_page, "Om oss", "om", intro="Välkommen.")
    visitor = Client()
    visitor.cookies["csrftoken"] = "a" * 32
    for _ in range(2):
        committed(visitor.get, about.url, headers=EKERO)
    page = visitor.get(about.url, headers=EKERO)
    assert page["X-Page-Cache"] == "hit"
    assert "csrfmiddlewaretoken" not in page.text
    assert "a" * 32 not in page.text
    assert "Set-Cookie" not in page
    assert Client().get(about.url, headers=EKERO).content == page.content


def test_a_signed_in_visitor_neither_gets_nor_leaves_a_shared_page(
    sites, committed, django_user_model
):
    about = committed(make_page, sites["ekero"].root_page, "Om oss", "om")
    user = django_user_model.objects.create_user("redaktor.ekero", password="x")
    signed_in = Client()
    signed_in.force_login(user)
    for _ in range(2):
        answer = committed(signed_in.get, about.url, headers=EKERO)
        assert answer["X-Page-Cache"] == "bypass"
        assert "private" in answer["Cache-Control"]
    # Nothing was stored for the next anonymous visitor.
    assert Client().get(about.url, headers=EKERO)["X-Page-Cache"] == "miss"
