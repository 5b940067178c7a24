"""Meetings and proposals in the search catalog; drafts and registrations never."""

import datetime

import pytest

from forum.models import MeetingStatus, ProposalStatus
from search.services import catalog_drain
from tests.conftest import search_results_text
from tests.forum.conftest import add_meeting, add_proposal, register

pytestmark = pytest.mark.django_db


def _results(jclient, query, prefix="", **params):
    response = jclient.get(f"{prefix}/sok/", {"q": query, **params})
    assert response.status_code == 200
    return search_results_text(response.text)


@pytest.fixture
def autumn_2019(forum_index, principles):
    meeting = add_meeting(
        forum_index,
        title="Forum Civilsamhälle hösten 2019",
        days=-30,
        status=MeetingStatus.HELD,
        theme="Ingen ska behöva vara ensam – vad kan vi göra tillsammans?",
    )
    add_proposal(
        meeting,
        title="Mötesplatser för äldre",
        principles=principles[:1],
        updates=[(datetime.date(2019, 12, 1), ProposalStatus.IN_PROGRESS, "Arbetet har börjat.")],
    )
    add_proposal(meeting, title="Utkast om fritidsbanken", live=False)
    return meeting


def test_meetings_and_proposals_are_found_with_their_facets(jclient, autumn_2019):
    catalog_drain()
    text = _results(jclient, "ensam")
    assert "Forum Civilsamhälle hösten 2019" in text
    assert "Forummöte" in text  # the kind facet
    text = _results(jclient, "mötesplatser")
    assert "Mötesplatser för äldre" in text
    assert "Förslag" in text
    assert "Dialog" in text  # the principle facet
    by_principle = _results(jclient, "mötesplatser", principle="Mångfald")
    assert "Mötesplatser för äldre" not in by_principle


def test_a_draft_proposal_is_not_found(jclient, autumn_2019):
    catalog_drain()
    # Both proposals' descriptions begin "Beskrivning av …"; only the live one is found.
    text = _results(jclient, "beskrivning")
    assert "Mötesplatser för äldre" in text
    assert "fritidsbanken" not in text.lower()


def test_registrations_are_never_in_the_catalog(jclient, autumn_2019):
    register(autumn_2019, email="rut.stark@example.se", name="Rut Stark")
    catalog_drain()
    assert "Forum Civilsamhälle hösten 2019" in _results(jclient, "ensam")
    for personal in ("Rut", "Stark", "rut.stark@example.se"):
        assert "Forum Civilsamhälle" not in _results(jclient, personal)


def test_the_principle_facet_is_titled_in_swedish_and_in_english(jclient, autumn_2019):
    catalog_drain()
    text = _results(jclient, "mötesplatser")
    assert "Vägledande princip" in text
    assert "Principle" not in text
    text = _results(jclient, "mötesplatser", prefix="/en")
    assert "Guiding principle" in text
    assert "Forum meeting" in _results(jclient, "ensam", prefix="/en")  # the kind facet
