"""The anonymous page cache (cms/pagecache.py), as visitors and editors meet it."""

import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.test import Client
from wagtail.models import Page, PageViewRestriction

from cms.models import HomePage, SiteContact, StandardPage
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

EKERO = {"host": "localhost"}
JONKOPING = {"host": "jonkoping.localhost"}


@pytest.fixture(autouse=True)
def _page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300


@pytest.fixture
def about(sites):
    page = sites["ekero"].root_page.add_child(
        instance=StandardPage(title="Om Idélabbet", slug="om", intro="Vi hjälper idéer att växa.")
    )
    page.save_revision().publish()
    return page


def _quietly_retitle(page, title):
    """Change a page's row without any signal, so only a cache miss can show it."""
    Page.objects.filter(pk=page.pk).update(title=title, draft_title=title)


def test_a_second_anonymous_visit_is_served_from_the_cache(client, about):
    first = client.get("/om/", headers=EKERO)
    second = client.get("/om/", headers=EKERO)
    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert second.status_code == 200
    assert second.content == first.content
    assert "Vi hjälper idéer att växa." in second.text
    # A hit hands out nobody's cookies.
    assert not second.cookies


def test_a_head_request_is_answered_from_the_cache(client, about):
    client.get("/om/", headers=EKERO)
    assert client.head("/om/", headers=EKERO)["X-Page-Cache"] == "hit"


def test_the_page_cache_is_off_when_no_seconds_are_set(client, about, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get("/om/", headers=EKERO)
    assert "X-Page-Cache" not in client.get("/om/", headers=EKERO)


def test_a_logged_in_editor_never_gets_a_cached_page(client, about):
    client.get("/om/", headers=EKERO)
    _quietly_retitle(about, "Om oss, ny rubrik")
    # The anonymous copy is stale (nothing told the cache) ...
    assert "Om Idélabbet" in Client().get("/om/", headers=EKERO).text
    editor = UserFactory(username="redaktor", groups=["Ekerö moderatorer"])
    client.force_login(editor)
    response = client.get("/om/", headers=EKERO)
    # ... the editor sees the page as it is.
    assert response["X-Page-Cache"] == "bypass"
    assert "Om oss, ny rubrik" in response.text


def test_a_logged_in_visit_does_not_fill_the_cache(client, about):
    client.force_login(UserFactory(username="coach", groups=["Ekerö coacher"]))
    assert client.get("/om/", headers=EKERO)["X-Page-Cache"] == "bypass"
    assert Client().get("/om/", headers=EKERO)["X-Page-Cache"] == "miss"


def test_a_visitor_with_pending_messages_gets_a_fresh_page(client, about):
    client.get("/om/", headers=EKERO)
    client.cookies["messages"] = "något"
    assert client.get("/om/", headers=EKERO)["X-Page-Cache"] == "bypass"


def test_a_request_with_a_query_string_is_never_cached(client, about):
    for _ in range(2):
        assert client.get("/om/?utm_source=nyhetsbrev", headers=EKERO)["X-Page-Cache"] == "bypass"
    # The plain path was not filled by them either.
    assert client.get("/om/", headers=EKERO)["X-Page-Cache"] == "miss"


def test_swedish_and_english_urls_get_their_own_copies(client, about):
    swedish = client.get("/om/", headers=EKERO)
    english = client.get("/en/om/", headers=EKERO)
    assert english["X-Page-Cache"] == "miss"
    assert '<html lang="en"' in english.text
    assert "Skip to content" in english.text
    again_en = client.get("/en/om/", headers=EKERO)
    again_sv = client.get("/om/", headers=EKERO)
    assert again_en["X-Page-Cache"] == again_sv["X-Page-Cache"] == "hit"
    assert '<html lang="en"' in again_en.text
    assert '<html lang="sv"' in again_sv.text
    assert swedish.content == again_sv.content


def test_a_cached_english_page_is_never_served_to_a_swedish_url(client, about):
    """Only the URL chooses the language: neither the browser nor a cookie reaches the key."""
    english = client.get("/en/om/", headers=EKERO)
    assert "Skip to content" in english.text
    browser = Client()
    browser.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    for visitor in (
        browser.get("/om/", headers={**EKERO, "accept-language": "en"}),
        Client().get("/om/", headers={**EKERO, "accept-language": "en-GB,en;q=0.9"}),
        Client().get("/om/", headers=EKERO),
    ):
        assert '<html lang="sv"' in visitor.text
        assert "Hoppa till innehållet" in visitor.text
        assert "Skip to content" not in visitor.text
    assert "Accept-Language" not in english.get("Vary", "")


def test_the_language_switch_is_a_plain_link_without_a_form_token(about):
    strict = Client(enforce_csrf_checks=True)
    page = strict.get("/om/", headers=EKERO)
    assert "csrfmiddlewaretoken" not in page.text
    assert 'hreflang="en"' in page.text


def test_the_two_municipalities_never_get_each_others_pages(client, sites):
    ekero = client.get("/", headers=EKERO)
    jonkoping = client.get("/", headers=JONKOPING)
    assert jonkoping["X-Page-Cache"] == "miss"
    assert "<h1>Forum Civilsamhälle Jönköping</h1>" in jonkoping.text
    assert "<h1>Idélabbet Ekerö</h1>" not in jonkoping.text
    assert client.get("/", headers=EKERO).content == ekero.content
    again = client.get("/", headers=JONKOPING)
    assert again["X-Page-Cache"] == "hit"
    assert "<h1>Forum Civilsamhälle Jönköping</h1>" in again.text


def test_publishing_a_change_shows_it_after_the_commit(
    client, about, django_capture_on_commit_callbacks
):
    client.get("/om/", headers=EKERO)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        page = StandardPage.objects.get(pk=about.pk)
        page.intro = "Nu med öppet hus varje tisdag."
        page.save_revision().publish()
        # Not yet committed: a request may still read the old row, so the
        # cache is not cleared yet.
        assert client.get("/om/", headers=EKERO)["X-Page-Cache"] == "hit"
    for callback in callbacks:
        callback()
    response = client.get("/om/", headers=EKERO)
    assert response["X-Page-Cache"] == "miss"
    assert "Nu med öppet hus varje tisdag." in response.text


@pytest.mark.django_db(transaction=True)
def test_a_published_change_is_shown_at_once_to_the_next_visitor(client):
    from cms.services import municipalities_setup

    home = municipalities_setup()["ekero"].root_page
    page = home.add_child(instance=StandardPage(title="Öppettider", slug="oppettider"))
    page.save_revision().publish()
    # The first visit creates the site's footer settings row (Wagtail's
    # get_or_create), which clears the cache once.
    client.get("/oppettider/", headers=EKERO)
    assert "Öppettider" in client.get("/oppettider/", headers=EKERO).text
    assert client.get("/oppettider/", headers=EKERO)["X-Page-Cache"] == "hit"
    page = StandardPage.objects.get(pk=page.pk)
    page.intro = "Stängt i juli."
    page.save_revision().publish()
    assert "Stängt i juli." in client.get("/oppettider/", headers=EKERO).text


def test_an_unpublished_page_answers_404_at_once(client, about, django_capture_on_commit_callbacks):
    client.get("/om/", headers=EKERO)
    with django_capture_on_commit_callbacks(execute=True):
        StandardPage.objects.get(pk=about.pk).unpublish()
    assert client.get("/om/", headers=EKERO).status_code == 404


def test_a_deleted_page_answers_404_at_once(client, about, django_capture_on_commit_callbacks):
    client.get("/om/", headers=EKERO)
    with django_capture_on_commit_callbacks(execute=True):
        StandardPage.objects.get(pk=about.pk).delete()
    assert client.get("/om/", headers=EKERO).status_code == 404


def test_a_moved_page_is_gone_from_its_old_address_at_once(
    client, about, sites, django_capture_on_commit_callbacks
):
    parent = sites["ekero"].root_page.add_child(instance=StandardPage(title="Mer", slug="mer"))
    parent.save_revision().publish()
    client.get("/om/", headers=EKERO)
    with django_capture_on_commit_callbacks(execute=True):
        StandardPage.objects.get(pk=about.pk).move(parent, pos="last-child")
    # Wagtail leaves a redirect to the new address.
    assert client.get("/om/", headers=EKERO)["Location"].endswith("/mer/om/")
    assert client.get("/mer/om/", headers=EKERO).status_code == 200


def test_a_footer_setting_change_is_shown_at_once(
    client, about, sites, django_capture_on_commit_callbacks
):
    client.get("/om/", headers=EKERO)
    with django_capture_on_commit_callbacks(execute=True):
        contact = SiteContact.for_site(sites["ekero"])
        contact.phone = "08-124 571 00"
        contact.save()
    response = client.get("/om/", headers=EKERO)
    assert response["X-Page-Cache"] == "miss"
    assert "08-124 571 00" in response.text


def test_a_page_restricted_after_it_was_cached_is_no_longer_served_from_the_cache(
    client, about, django_capture_on_commit_callbacks
):
    client.get("/om/", headers=EKERO)
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(
            page=about, restriction_type=PageViewRestriction.PASSWORD, password="hemligt"
        )
    for _ in range(2):
        response = client.get("/om/", headers=EKERO)
        assert response["X-Page-Cache"] == "bypass"
        assert "Vi hjälper idéer att växa." not in response.text


def test_a_restricted_page_is_never_cached_even_once_its_password_is_given(client, about):
    restriction = PageViewRestriction.objects.create(
        page=about, restriction_type=PageViewRestriction.PASSWORD, password="hemligt"
    )
    form = client.get("/om/", headers=EKERO)
    assert form["X-Page-Cache"] == "bypass"
    client.post(
        f"/_util/authenticate_with_password/{restriction.pk}/{about.pk}/",
        {"password": "hemligt", "return_url": "/om/"},
        headers=EKERO,
    )
    for _ in range(2):
        response = client.get("/om/", headers=EKERO)
        assert response["X-Page-Cache"] == "bypass"
        assert "Vi hjälper idéer att växa." in response.text
    # A visitor without the password never gets the page.
    stranger = Client().get("/om/", headers=EKERO)
    assert "Vi hjälper idéer att växa." not in stranger.text


def test_a_restricted_page_is_not_stored_even_if_its_response_looks_shareable(
    client, about, monkeypatch
):
    # Wagtail's own check answers an anonymous visitor with the password form
    # (which sets the CSRF cookie, so is never stored anyway); here the page
    # itself is served as if restrictions were not checked, to prove the
    # cache refuses a restricted page on its own.
    from wagtail import hooks

    monkeypatch.setattr(hooks, "get_hooks", _without(hooks.get_hooks, "check_view_restrictions"))
    PageViewRestriction.objects.create(page=about, restriction_type=PageViewRestriction.LOGIN)
    client.get("/om/", headers=EKERO)
    assert client.get("/om/", headers=EKERO)["X-Page-Cache"] == "bypass"


def _without(get_hooks, name):
    def filtered(hook_name):
        return [fn for fn in get_hooks(hook_name) if getattr(fn, "__name__", "") != name]

    return filtered


def test_a_not_found_page_is_never_cached(client, sites):
    for _ in range(2):
        assert client.get("/finns-inte/", headers=EKERO)["X-Page-Cache"] == "bypass"


def test_the_page_cache_refuses_to_start_without_a_shared_cache():
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    env["PAGE_CACHE_SECONDS"] = "300"
    result = subprocess.run(
        [sys.executable, "-c", "import cms.settings.base"],
        env=env,
        capture_output=True,
        text=True,
        cwd=django_settings.BASE_DIR,
    )
    assert result.returncode != 0
    assert "PAGE_CACHE_SECONDS kräver REDIS_URL" in result.stderr


def test_home_pages_are_cached_like_any_page(client, sites):
    assert HomePage.objects.count() == 2
    client.get("/", headers=EKERO)
    assert client.get("/", headers=EKERO)["X-Page-Cache"] == "hit"


def test_pages_are_served_while_the_cache_is_unreachable(client, about, settings):
    settings.CACHES = {
        **settings.CACHES,
        "unreachable": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        },
    }
    settings.PAGE_CACHE_ALIAS = "unreachable"
    response = client.get("/om/", headers=EKERO)
    assert response.status_code == 200
    assert response["X-Page-Cache"] == "bypass"
    assert "Vi hjälper idéer att växa." in response.text


def test_one_transaction_bumps_its_pages_tags_once(
    about, monkeypatch, django_capture_on_commit_callbacks
):
    from cms.pagecache import tags

    bumps = []
    real_bump = tags.bump
    monkeypatch.setattr(tags, "bump", lambda found: bumps.append(set(found)) or real_bump(found))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        for title in ("Ett", "Två", "Tre"):
            about.title = title
            about.save()
    assert len(callbacks) >= 3
    assert len(bumps) == 1
    assert f"page:{about.pk}" in bumps[0]


def test_a_url_that_is_not_a_wagtail_page_never_asks_the_cache(client, about, monkeypatch):
    """Forms, feeds and the health check skip the cache without a round trip to it."""
    from cms import pagecache

    asked = []
    cache = pagecache._cache()
    real_get, real_get_many = cache.get, cache.get_many
    monkeypatch.setattr(
        cache, "get", lambda key, *a, **k: asked.append(key) or real_get(key, *a, **k)
    )
    monkeypatch.setattr(cache, "get_many", lambda keys: asked.append(keys) or real_get_many(keys))
    response = client.get("/halsa/", headers=EKERO)
    assert response.status_code == 200
    assert response["X-Page-Cache"] == "bypass"
    assert asked == []
    # A page still does.
    assert client.get("/om/", headers=EKERO)["X-Page-Cache"] == "miss"
    assert asked
