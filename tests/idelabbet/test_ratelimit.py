"""The public forms' rate limit: 429 with nothing typed lost, shared, and failing open."""

import logging

import pytest
from django.core.cache import caches

from idelabbet import ratelimit
from idelabbet.models import IdeaPage, IdeaSubmission
from tests.idelabbet.conftest import idea_data

pytestmark = pytest.mark.django_db

URL = "/idelabbet/skicka-in/"


def test_over_the_limit_the_form_answers_429_with_everything_typed(client, ideas_index, settings):
    settings.IDELABBET_RATE_LIMITS = {"submit": (1, 3600)}
    assert client.post(URL, idea_data()).status_code == 302
    typed = idea_data(
        title="Syateljé i Stallarholmen",
        summary="Vi vill låna symaskiner och sy tillsammans varje lördag.",
        name="Maja Berglund",
        email="maja.berglund@example.se",
        phone="070-555 12 34",
        **{"med-0-name": "Ebba Nord", "med-0-email": "ebba.nord@example.se"},
    )
    blocked = client.post(URL, typed)
    assert blocked.status_code == 429
    page = blocked.content.decode()
    assert "Många idéer har skickats från din uppkoppling den senaste timmen." in page
    for value in (
        'value="Syateljé i Stallarholmen"',
        "Vi vill låna symaskiner och sy tillsammans varje lördag.</textarea>",
        'value="Maja Berglund"',
        'value="maja.berglund@example.se"',
        'value="070-555 12 34"',
        'value="Ebba Nord"',
        'value="ebba.nord@example.se"',
    ):
        assert value in page, value
    assert '<html lang="sv">' in page
    assert IdeaSubmission.objects.count() == 1
    # Sent again later from another address, the same form goes through.
    assert client.post(URL, typed, REMOTE_ADDR="10.0.0.7").status_code == 302
    assert IdeaPage.objects.filter(title="Syateljé i Stallarholmen").exists()


def test_the_count_lives_in_the_shared_cache_not_in_the_process(client, ideas_index, settings):
    settings.IDELABBET_RATE_LIMITS = {"submit": (1, 3600)}
    assert client.post(URL, idea_data()).status_code == 302
    # Another process has an empty memory of its own; the count is in the shared cache.
    caches["default"].clear()
    assert settings.CACHES[settings.RATELIMIT_USE_CACHE]["BACKEND"].endswith("DatabaseCache")
    assert client.post(URL, idea_data()).status_code == 429


def test_an_unreachable_cache_lets_the_citizen_through_and_says_so(
    client, ideas_index, settings, caplog
):
    settings.IDELABBET_RATE_LIMITS = {"submit": (1, 3600)}
    settings.CACHES = {
        **settings.CACHES,
        "ratelimit": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/6",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        },
    }
    before = ratelimit.fail_open_count()
    with caplog.at_level(logging.WARNING, logger="idelabbet.ratelimit"):
        for n in range(3):
            response = client.post(URL, idea_data(title=f"Idé nummer {n}"))
            assert response.status_code == 302
    assert IdeaSubmission.objects.count() == 3
    assert ratelimit.fail_open_count() == before + 3
    assert "Rate limit cache unreachable: submit let through (fail open" in caplog.text


def test_the_offer_form_answers_429_and_keeps_the_offer(client, ideas_index, settings):
    from tests.idelabbet.conftest import publish, submit
    from tests.idelabbet.test_public import offer_url

    idea = publish(submit(ideas_index))
    settings.IDELABBET_RATE_LIMITS = {"participate": (1, 3600)}
    data = {"med-name": "Greta Lund", "med-email": "greta@example.se", "med-contribution": "Släp"}
    assert client.post(offer_url(idea), data).status_code == 302
    blocked = client.post(offer_url(idea), {**data, "med-contribution": "Ett släp och en bil"})
    assert blocked.status_code == 429
    assert "Ett släp och en bil" in blocked.content.decode()
