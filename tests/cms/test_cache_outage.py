"""Redis down: the site serves every page uncached and stores every submission."""

import io
import logging

import pytest
from django.core.cache import caches
from django.core.management import call_command
from wagtail.models import Page, Site

from cms.settings.base import redis_caches
from idelabbet.models import IdeaSubmission, OutgoingEmail

# A port where nothing listens.
DOWN = "redis://127.0.0.1:6399/13"


@pytest.fixture
def redis_down(settings):
    settings.CACHES = redis_caches(DOWN)
    settings.PAGE_CACHE_ALIAS = "pages"
    settings.PAGE_CACHE_SECONDS = 300
    yield
    for alias in ("default", "pages"):
        caches[alias].close()


def public_urls():
    for site in Site.objects.select_related("root_page"):
        for page in Page.objects.descendant_of(site.root_page, inclusive=True).live().public():
            parts = page.get_url_parts()
            if parts is None:
                continue
            _site_id, root_url, path = parts
            host = root_url.split("://", 1)[1].split(":", 1)[0]
            yield host, path


def test_every_public_page_and_a_submission_work_while_redis_is_down(
    client, sites, redis_down, caplog
):
    call_command("load_demo", allow_production=True, stdout=io.StringIO())
    urls = sorted(set(public_urls()))
    hosts = {host for host, _path in urls}
    assert {"localhost", "jonkoping.localhost"} <= hosts
    assert len(urls) > 20

    with caplog.at_level(logging.WARNING):
        failures = []
        for host, path in urls:
            response = client.get(path, headers={"host": host})
            if response.status_code != 200:
                failures.append((host, path, response.status_code))
            elif response.get("X-Page-Cache") not in (None, "bypass"):
                failures.append((host, path, response["X-Page-Cache"]))
        assert failures == []

        form = client.get("/idelabbet/skicka-in/", headers={"host": "localhost"})
        assert form.status_code == 200
        before = IdeaSubmission.objects.count()
        from tests.idelabbet.conftest import idea_data

        response = client.post(
            "/idelabbet/skicka-in/",
            idea_data(title="Idé medan Redis ligger nere"),
            headers={"host": "localhost"},
            follow=True,
        )
    assert response.status_code == 200
    assert "Tack" in response.text
    assert IdeaSubmission.objects.count() == before + 1
    stored = IdeaSubmission.objects.latest("pk")
    assert stored.idea.title == "Idé medan Redis ligger nere"
    assert OutgoingEmail.objects.filter(submission=stored, kind="kvitto").exists()
    # The outage is logged, not hidden.
    assert any("Sidcachen svarar inte" in r.getMessage() for r in caplog.records)
    assert any(r.name == "django_redis.cache" for r in caplog.records)
