"""The page cache and the forum's public pages: meetings, registration, snippets."""

import pytest

from forum.models import GuidingPrinciple, MeetingStatus

from .conftest import add_meeting, register

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


def test_a_meeting_page_with_its_registration_form_is_never_cached(client, forum_index):
    meeting = add_meeting(forum_index, title="Forum våren 2027", days=30)
    for _ in range(2):
        response = client.get(meeting.url, headers=JONKOPING)
        assert response["X-Page-Cache"] == "bypass"
        assert "csrfmiddlewaretoken" in response.text


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
