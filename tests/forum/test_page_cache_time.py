"""A forum page that changes by itself (a meeting starting) is cached no longer than that."""

import pytest
from django.utils import timezone

from cms.pagecache import middleware

from .conftest import add_meeting, at, path_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 7 * 24 * 3600


def test_the_forum_index_is_rendered_again_once_its_next_meeting_has_started(
    jclient, forum_index, committed, monkeypatch
):
    meeting = committed(add_meeting, forum_index, title="Vinterforum", days=2)
    url = path_of(forum_index)
    for _ in range(2):  # a first visit may create the site's settings rows
        committed(jclient.get, url)
    assert jclient.get(url)["X-Page-Cache"] == "hit"
    # Three days later, with no write in between: the meeting is no longer upcoming.
    later = meeting.start.timestamp() + 24 * 3600
    monkeypatch.setattr(middleware, "clock", lambda: later)
    assert jclient.get(url)["X-Page-Cache"] == "miss"


def test_a_forum_index_with_no_upcoming_meeting_keeps_the_full_lifetime(
    jclient, forum_index, committed, monkeypatch
):
    committed(add_meeting, forum_index, title="Höstforum", days=-20)
    url = path_of(forum_index)
    for _ in range(2):  # a first visit may create the site's settings rows
        committed(jclient.get, url)
    assert jclient.get(url)["X-Page-Cache"] == "hit"
    later = middleware.clock() + 3 * 24 * 3600
    monkeypatch.setattr(middleware, "clock", lambda: later)
    assert jclient.get(url)["X-Page-Cache"] == "hit"


def test_the_meeting_page_is_rendered_again_once_registration_closes(
    jclient, forum_index, committed, monkeypatch
):
    meeting = committed(add_meeting, forum_index, days=6, registration_closes=at(2))
    url = path_of(meeting)
    for _ in range(2):  # a first visit may create the site's settings rows
        committed(jclient.get, url)
    response = jclient.get(url)
    assert response["X-Page-Cache"] == "hit"
    assert "Anmäl dig</a>" in response.text
    # Three days later, with no write in between: registration has closed.
    later = at(3)
    monkeypatch.setattr(middleware, "clock", lambda: later.timestamp())
    monkeypatch.setattr(timezone, "now", lambda: later)
    response = jclient.get(url)
    assert response["X-Page-Cache"] == "miss"
    assert "Anmälan stängde" in response.text
    assert "Anmäl dig</a>" not in response.text
