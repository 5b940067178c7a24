"""Builders for forum content: an index under Jönköping's home, meetings, proposals."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from forum.models import (
    ForumIndexPage,
    GuidingPrinciple,
    MeetingPage,
    MeetingStatus,
    ProposalPage,
    ProposalStatusUpdate,
    Registration,
    Sector,
)
from forum.services import forum_workflow_ensure
from tests.factories import practice_index


def at(days: int, hour: int = 18) -> datetime.datetime:
    """A Stockholm time ``days`` from now (negative: in the past)."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def add_meeting(index, *, title="Forum", days=30, status=MeetingStatus.PLANNED, **fields):
    fields.setdefault("theme", "Ingen ska behöva vara ensam")
    meeting = index.add_child(
        instance=MeetingPage(title=title, start=at(days), status=status, **fields)
    )
    meeting.save_revision().publish()
    return meeting


def add_proposal(meeting, *, title="Ett förslag", updates=(), principles=(), live=True):
    proposal = ProposalPage(title=title, description=f"Beskrivning av {title}", live=live)
    for on, status, note in updates:
        proposal.status_updates.add(ProposalStatusUpdate(date=on, status=status, note=note))
    proposal.principles = list(principles)
    meeting.add_child(instance=proposal)
    revision = proposal.save_revision()
    if live:
        revision.publish()
    return proposal


def register(meeting, *, email, name="Deltagare", sector=Sector.CIVIL_SOCIETY):
    return Registration.objects.create(meeting=meeting, email=email, name=name, sector=sector)


@pytest.fixture
def forum_index(jonkoping):
    index = practice_index(jonkoping.root_page, ForumIndexPage, title="Forum Civilsamhälle")
    forum_workflow_ensure(index=index, groups=[Group.objects.get(name="Jönköping forumarrangörer")])
    return index


@pytest.fixture
def principles(db):
    return [
        GuidingPrinciple.objects.create(
            name="Dialog", definition="En kontinuerlig dialog.", sort_order=2
        ),
        GuidingPrinciple.objects.create(
            name="Mångfald", definition="Fler möjligheter.", sort_order=6
        ),
    ]


def host(site) -> dict:
    return {"HTTP_HOST": site.hostname}


def path_of(page) -> str:
    return page.get_url_parts()[2]


@pytest.fixture
def jclient(client, jonkoping):
    """A test client talking to Jönköping's site."""
    client.defaults["HTTP_HOST"] = jonkoping.hostname
    return client
