"""The page cache and the forum's public pages: meetings, registration, snippets."""

import pytest
from django.test import Client
from wagtail.models import Locale

from forum.models import GuidingPrinciple, MeetingStatus

from .conftest import add_meeting, add_proposal, path_of, register

pytestmark = pytest.mark.django_db

JONKOPING = {"host": "jonkoping.localhost"}


@pytest.fixture(autouse=True)
def _page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300


def test_a_held_meeting_page_is_cached(client, forum_index):
    meeting = add_meeting(
        forum_index, title="Forum hösten 2019", days=-30, status=MeetingStatus.HELD
    )
    client.get(meeting.url, headers=JONKOPING)
    response = client.get(meeting.url, headers=JONKOPING)
    assert response["X-Page-Cache"] == "hit"
    assert "Forum hösten 2019" in response.text


def test_a_meeting_open_for_registration_is_cached_without_a_form_token(client, forum_index):
    meeting = add_meeting(forum_index, title="Forum våren 2027", days=30, registration_cap=40)
    first = client.get(meeting.url, headers=JONKOPING)
    second = client.get(meeting.url, headers=JONKOPING)
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    for response in (first, second):
        assert "csrfmiddlewaretoken" not in response.text
        assert not response.cookies
        assert "40 platser kvar." in response.text
        assert f'href="{path_of(meeting)}anmalan/">Anmäl dig</a>' in response.text


def test_the_registration_page_is_never_cached(client, forum_index):
    meeting = add_meeting(forum_index, title="Forum våren 2027", days=30)
    for _ in range(2):
        response = client.get(path_of(meeting) + "anmalan/", headers=JONKOPING)
        assert response["X-Page-Cache"] == "bypass"
        assert "csrfmiddlewaretoken" in response.text
        assert "private" in response["Cache-Control"]


def test_a_registration_shows_at_once_on_the_meeting_page_and_nowhere_else(
    client, forum_index, warm, committed, django_capture_on_commit_callbacks
):
    meeting = committed(
        add_meeting, forum_index, title="Forum våren 2027", days=30, registration_cap=40
    )
    other = committed(
        add_meeting, forum_index, title="Forum hösten 2027", days=120, registration_cap=40
    )
    warm(meeting.url, other.url, headers=JONKOPING)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            path_of(meeting) + "anmalan/",
            {"name": "Ali", "sector": "official", "email": "ali@example.se"},
            headers=JONKOPING,
        )
    assert response.status_code == 302
    fresh = Client().get(meeting.url, headers=JONKOPING)  # another visitor, no messages
    assert fresh["X-Page-Cache"] == "miss"
    assert "39 platser kvar." in fresh.text
    assert Client().get(other.url, headers=JONKOPING)["X-Page-Cache"] == "hit"


def test_a_registration_refreshes_the_translated_meeting_page_too(
    client, forum_index, sites, warm, committed
):
    from cms.languages.services import site_languages_set

    site_languages_set(site=sites["jonkoping"], codes=["en"])
    meeting = add_meeting(forum_index, title="Forum våren 2027", days=30, registration_cap=40)

    def translate():
        english = meeting.copy_for_translation(Locale.objects.get(language_code="en"), True)
        english.title = "Forum spring 2027"
        english.save_revision().publish()
        return english

    english = committed(translate)
    warm(english.url, headers=JONKOPING)
    assert "40 places left." in client.get(english.url, headers=JONKOPING).text
    committed(register, meeting, email="deltagare@example.se")
    response = client.get(english.url, headers=JONKOPING)
    assert response["X-Page-Cache"] == "miss"
    assert "39 places left." in response.text


def test_a_registration_clears_the_cache(client, forum_index, django_capture_on_commit_callbacks):
    meeting = add_meeting(forum_index, title="Forum våren 2027", days=30)
    client.get(forum_index.url, headers=JONKOPING)
    assert client.get(forum_index.url, headers=JONKOPING)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        register(meeting, email="deltagare@example.se")
    assert client.get(forum_index.url, headers=JONKOPING)["X-Page-Cache"] == "miss"


def test_a_changed_principle_is_shown_at_once(
    client, forum_index, django_capture_on_commit_callbacks
):
    principle = GuidingPrinciple.objects.create(name="Dialog", definition="En dialog.")
    url = forum_index.url + "principer/"
    client.get(url, headers=JONKOPING)
    assert client.get(url, headers=JONKOPING)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        principle.definition = "En kontinuerlig dialog mellan parterna."
        principle.save()
    response = client.get(url, headers=JONKOPING)
    assert response["X-Page-Cache"] == "miss"
    assert "En kontinuerlig dialog mellan parterna." in response.text


def test_a_new_proposal_shows_at_once_in_the_proposals_list_filtered_or_not(
    client, forum_index, warm, committed
):
    meeting = committed(
        add_meeting, forum_index, title="Forum hösten 2019", days=-30, status=MeetingStatus.HELD
    )
    committed(add_proposal, meeting, title="Läxhjälp i biblioteket")
    url = path_of(forum_index) + "forslag/"
    warm(url, url + "?status=new", headers=JONKOPING)
    committed(add_proposal, meeting, title="Mötesplats för äldre")
    response = client.get(url, headers=JONKOPING)
    assert response["X-Page-Cache"] == "miss"
    assert "Mötesplats för äldre" in response.text
    filtered = client.get(url + "?status=new", headers=JONKOPING)
    assert filtered["X-Page-Cache"] == "miss"
    assert "Mötesplats för äldre" in filtered.text
