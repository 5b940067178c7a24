"""Queries per admin screen do not grow with the number of municipalities (issue 20)."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import UserFactory

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
