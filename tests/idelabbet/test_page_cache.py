"""The page cache and Idélabbet's public pages: forms, case status, erasure."""

from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from idelabbet.services.cases import (
    case_personal_data_erase,
    case_transition,
    cases_anonymise_due,
)
from idelabbet.workflow import State
from tests.conftest import cache_status, make_page

from .conftest import make_case, publish, submit

pytestmark = pytest.mark.django_db

EKERO = {"host": "localhost"}


@pytest.fixture(autouse=True)
def _page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300


def test_an_idea_page_is_cached_and_its_offer_form_page_is_not_and_its_token_works(
    ideas_index,
):
    idea = publish(submit(ideas_index))
    visitor = Client(enforce_csrf_checks=True)
    first = visitor.get(idea.url, headers=EKERO)
    second = visitor.get(idea.url, headers=EKERO)
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert not second.cookies
    form_url = reverse("idelabbet:participate", args=[idea.pk])
    assert f'href="{form_url}"' in second.text
    form = visitor.get(form_url, headers=EKERO)
    assert visitor.get(form_url, headers=EKERO)["X-Page-Cache"] == "bypass"
    assert "csrftoken" in form.cookies
    response = visitor.post(
        form_url,
        {
            "csrfmiddlewaretoken": str(form.context["csrf_token"]),
            "med-name": "Greta Ek",
            "med-email": "greta.ek@example.se",
            "med-contribution": "Jag kan baka till språkcaféet.",
            "med-webbplats": "",
        },
        headers=EKERO,
    )
    assert response.status_code == 302
    assert idea.participation_offers.filter(email="greta.ek@example.se").exists()
    # The thanks is shown to this visitor (a session now), not from the cache.
    thanks = visitor.get(idea.url, headers=EKERO)
    assert thanks["X-Page-Cache"] == "bypass"
    assert "Tack!" in thanks.text


def test_the_idea_submission_form_is_never_cached(ideas_index):
    url = reverse("idelabbet:submit")
    visitor = Client()
    for _ in range(2):
        response = visitor.get(url, headers=EKERO)
        assert response["X-Page-Cache"] == "bypass"
        assert "csrfmiddlewaretoken" in response.text


def test_a_case_moving_on_shows_the_new_status_on_the_ideas_index_at_once(
    client, ideas_index, people, django_capture_on_commit_callbacks
):
    case = make_case(ideas_index, state=State.CONTACTED, coaches=[people["assigned"]])
    publish(case.submission)
    assert "Inkommen" in client.get(ideas_index.url, headers=EKERO).text
    assert client.get(ideas_index.url, headers=EKERO)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        case_transition(case=case, user=people["assigned"], name="coacha", version=case.version)
    response = client.get(ideas_index.url, headers=EKERO)
    assert response["X-Page-Cache"] == "miss"
    assert "I coachning" in response.text


def _cached_index_gone_stale(client, ideas_index):
    from wagtail.models import Page

    client.get(ideas_index.url, headers=EKERO)
    # Change the index without any signal: only a cleared cache shows it.
    Page.objects.filter(pk=ideas_index.pk).update(title="Idéer från Ekerö")
    assert "Idéer från Ekerö" not in client.get(ideas_index.url, headers=EKERO).text


def test_erasing_an_ideas_personal_data_clears_the_cache(
    client, ideas_index, people, django_capture_on_commit_callbacks
):
    case = make_case(ideas_index, state=State.COACHING, coaches=[people["assigned"]])
    publish(case.submission)
    _cached_index_gone_stale(client, ideas_index)
    with django_capture_on_commit_callbacks(execute=True):
        case_personal_data_erase(case=case)
    assert "Idéer från Ekerö" in client.get(ideas_index.url, headers=EKERO).text


def test_anonymising_ended_cases_clears_the_cache(
    client, ideas_index, people, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    from idelabbet.models import Case

    case = make_case(ideas_index, state=State.CLOSED, coaches=[people["assigned"]])
    publish(case.submission)
    Case.objects.filter(pk=case.pk).update(closed_at=timezone.now() - timedelta(days=800))
    _cached_index_gone_stale(client, ideas_index)
    with django_capture_on_commit_callbacks(execute=True):
        assert cases_anonymise_due() == 1
    assert "Idéer från Ekerö" in client.get(ideas_index.url, headers=EKERO).text


def test_each_filter_of_the_ideas_index_is_cached_on_its_own(client, ideas_index):
    first = client.get(ideas_index.url + "?tema=kultur", headers=EKERO)
    assert first["X-Page-Cache"] == "miss"
    # The same filters in another order are the same page.
    again = client.get(ideas_index.url + "?status=&tema=kultur", headers=EKERO)
    assert again["X-Page-Cache"] == "hit"
    assert again.content == first.content
    assert client.get(ideas_index.url + "?tema=gemenskap", headers=EKERO)["X-Page-Cache"] == "miss"


def test_an_ideas_index_with_unknown_parameters_is_not_stored(client, ideas_index):
    for _ in range(2):
        response = client.get(ideas_index.url + "?utm_source=x", headers=EKERO)
        assert response["X-Page-Cache"] == "bypass"


def test_a_case_transition_refreshes_its_idea_and_the_index_only(
    client, warm, ideas_index, people, sites, committed, django_capture_on_commit_callbacks
):
    about = committed(make_page, sites["ekero"].root_page, "Om Idélabbet", "om")
    case = committed(make_case, ideas_index, state=State.CONTACTED, coaches=[people["assigned"]])
    idea = committed(publish, case.submission)
    other = committed(publish, committed(make_case, ideas_index, state=State.CONTACTED).submission)
    warm(idea.url, other.url, ideas_index.url, about.url, "/")
    with django_capture_on_commit_callbacks(execute=True):
        case_transition(case=case, user=people["assigned"], name="coacha", version=case.version)
    page = client.get(idea.url, headers=EKERO)
    assert page["X-Page-Cache"] == "miss"
    assert "I coachning" in page.text
    assert cache_status(client, ideas_index.url) == "miss"
    for url in (other.url, about.url, "/"):
        assert cache_status(client, url) == "hit", url


def test_a_case_transition_purges_its_idea_and_the_index(
    ideas_index,
    people,
    purge_server,
    immediate_tasks,
    committed,
    django_capture_on_commit_callbacks,
):
    case = committed(make_case, ideas_index, state=State.CONTACTED, coaches=[people["assigned"]])
    idea = committed(publish, case.submission)
    purge_server.clear()
    with django_capture_on_commit_callbacks(execute=True):
        case_transition(case=case, user=people["assigned"], name="coacha", version=case.version)
    paths = {path for _host, path in purge_server}
    assert urlsplit(idea.url).path in paths
    assert urlsplit(ideas_index.url).path in paths
