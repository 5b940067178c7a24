import datetime

import pytest

from forum.models import CoordinationMember
from forum.selectors import coordination_composition_problems
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

START = datetime.date(2023, 1, 1)


def _members(politicians=2, substitutes=2, officials=3, civil=4, **overrides):
    rows = (
        [("politician", "kommunstyrelsen")] * politicians
        + [("substitute", "kommunstyrelsen")] * substitutes
        + [("official", "")] * officials
        + [("civil_society", "csam")] * civil
    )
    for i, (role, body) in enumerate(rows):
        CoordinationMember.objects.create(
            name=f"Person {i}", role=role, appointed_by=body, term_start=START
        )


def test_group_following_the_rule_has_no_problems():
    _members()
    assert coordination_composition_problems() == []


def test_missing_official_and_extra_politician_are_reported():
    _members(politicians=3, officials=2)
    problems = coordination_composition_problems()
    assert "Politisk representant: 3 i dag, regeln säger 2." in problems
    assert "Kommunal tjänsteperson: 2 i dag, regeln säger 3." in problems
    assert len(problems) == 2


def test_wrong_appointing_body_is_reported():
    _members(civil=3)
    CoordinationMember.objects.create(
        name="Fel Utsedd", role="civil_society", appointed_by="kommunstyrelsen", term_start=START
    )
    assert coordination_composition_problems() == [
        "Fel Utsedd (representant för civilsamhället) ska vara utsedd av csam."
    ]


def test_members_whose_term_has_ended_do_not_count():
    _members(officials=2)
    CoordinationMember.objects.create(
        name="Avgången", role="official", term_start=START, term_end=datetime.date(2023, 12, 31)
    )
    assert coordination_composition_problems() == [
        "Kommunal tjänsteperson: 2 i dag, regeln säger 3."
    ]
    assert coordination_composition_problems(on=datetime.date(2023, 6, 1)) == []


def test_admin_listing_warns_when_composition_differs(client, sites):
    _members(substitutes=1)
    client.force_login(UserFactory(groups=["Jönköping forumarrangörer"]))
    html = client.get("/admin/snippets/forum/coordinationmember/").text
    assert "Samordningsgruppens sammansättning: Ersättare: 1 i dag, regeln säger 2." in html


def test_admin_listing_is_quiet_when_composition_follows_the_rule(client, sites):
    _members()
    client.force_login(UserFactory(groups=["Jönköping forumarrangörer"]))
    html = client.get("/admin/snippets/forum/coordinationmember/").text
    assert "Samordningsgruppens sammansättning" not in html


def test_term_ending_before_it_starts_is_refused(client, sites):
    client.force_login(UserFactory(groups=["Jönköping forumarrangörer"]))
    response = client.post(
        "/admin/snippets/forum/coordinationmember/add/",
        {
            "name": "Ny Person",
            "role": "official",
            "appointed_by": "",
            "organisation": "",
            "term_start": "2024-01-01",
            "term_end": "2023-01-01",
        },
    )
    assert response.status_code == 200
    assert "Mandatperioden kan inte sluta innan den har börjat." in response.text
    assert not CoordinationMember.objects.exists()
