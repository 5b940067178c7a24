"""The page cache and Idélabbet's public pages: forms, case status, erasure."""

import pytest
from django.test import Client
from django.urls import reverse

from idelabbet.services.cases import case_transition
from idelabbet.services.erasure import case_personal_data_erase, cases_anonymise_due
from idelabbet.workflow import State

from .conftest import make_case, publish, submit

pytestmark = pytest.mark.django_db

EKERO = {"host": "localhost"}


@pytest.fixture(autouse=True)
def _page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300


def test_an_idea_page_with_its_form_is_never_cached_and_its_form_token_works(ideas_index):
    idea = publish(submit(ideas_index))
    visitor = Client(enforce_csrf_checks=True)
    first = visitor.get(idea.url, headers=EKERO)
    second = visitor.get(idea.url, headers=EKERO)
    assert first["X-Page-Cache"] == second["X-Page-Cache"] == "bypass"
    assert "csrftoken" in second.cookies
    token = second.context["csrf_token"]
    response = visitor.post(
        idea.url,
        {
            "csrfmiddlewaretoken": str(token),
            "med-name": "Greta Ek",
            "med-email": "greta.ek@example.se",
            "med-contribution": "Jag kan baka till språkcaféet.",
            "med-webbplats": "",
        },
        headers=EKERO,
    )
    assert response.status_code == 302
    assert idea.participation_offers.filter(email="greta.ek@example.se").exists()


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


def test_a_filtered_ideas_index_is_never_cached(client, ideas_index):
    for _ in range(2):
        response = client.get(ideas_index.url + "?tema=kultur", headers=EKERO)
        assert response["X-Page-Cache"] == "bypass"
