"""Queries per admin screen and per catalog rebuild do not grow with the number of
municipalities (issue 20)."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.models import Municipality
from forum.models import ForumIndexPage, MeetingStatus
from search.services import catalog_rebuild
from tests.factories import UserFactory
from tests.forum.conftest import add_meeting, add_proposal

pytestmark = pytest.mark.django_db


def _add(name):
    call_command(
        "municipality_add",
        f"--name={name}",
        f"--hostname={name.lower()}.example.se",
        "--practices=idelabbet,forum",
        stdout=io.StringIO(),
    )


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


@pytest.mark.parametrize(
    "group, url",
    [
        ("coacher", "/admin/"),
        ("moderatorer", "/admin/"),
        ("moderatorer", "/admin/idelabbet-granskning/"),
        ("processledare", "/admin/idelabbet/arenden/"),
    ],
)
def test_an_admin_screen_costs_the_same_with_two_or_six_municipalities(client, group, url):
    _add("Sollentuna")
    user = UserFactory(groups=[f"Sollentuna {group}"])
    client.force_login(user)
    client.get(url)  # warm caches (site root paths, content types)
    few = _queries(client, url)
    for name in ("Sigtuna", "Nacka", "Tyreso", "Vaxholm"):
        _add(name)
    client.get(url)
    many = _queries(client, url)
    assert many == few, f"{url}: {few} queries with 2 municipalities, {many} with 6"


def _forum_with_proposals(name):
    home = Municipality.objects.get(name=name).site.root_page
    index = ForumIndexPage.objects.child_of(home).get()
    meeting = add_meeting(index, title=f"Forum i {name}", days=-30, status=MeetingStatus.HELD)
    for n in range(3):
        add_proposal(meeting, title=f"Förslag {n} i {name}")


def _rebuild():
    catalog_rebuild()  # delivers what publishing the pages queued
    with CaptureQueriesContext(connection) as captured:
        entries = catalog_rebuild()
    return len(captured), entries


def test_a_catalog_rebuild_costs_the_same_queries_with_two_or_six_municipalities():
    # Each proposal's meeting (a facet) was asked for one proposal at a time:
    # two queries per proposal, so a rebuild grew with the number of forums.
    _add("Sollentuna")
    _forum_with_proposals("Sollentuna")
    few, few_entries = _rebuild()
    for name in ("Sigtuna", "Nacka", "Tyreso", "Vaxholm"):
        _add(name)
        _forum_with_proposals(name)
    many, many_entries = _rebuild()
    assert many_entries >= few_entries + 4 * 4
    assert many == few, f"{few} queries for {few_entries} entries, {many} for {many_entries}"
