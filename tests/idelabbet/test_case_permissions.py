"""The permission test, driven by the workflow's states and roles.

Every role × state × action cell is exercised through the admin views: an
allowed cell must succeed (and change what the user sees), a forbidden cell
must be refused (404 for a case the user may not see, 403 for an action they
may not take, a login redirect for the citizen, who has no account).

What is allowed comes from ``EXPECTED`` below, written by hand from the
process (issue 5 and DOMAIN.md), not read from ``workflow.PERMISSIONS``: a
wrong cell in the map fails this test instead of being copied into it.
"""

import json

import pytest
from django.urls import reverse

from idelabbet.models import Case, Note
from idelabbet.workflow import (
    PERMISSIONS,
    TRANSITIONS_BY_NAME,
    Action,
    Role,
    State,
    transitions_from,
)

from .conftest import case_reset, make_case

pytestmark = pytest.mark.django_db


def rich(text: str) -> str:
    """The Draftail editor's contentstate for one paragraph, as the browser posts it."""
    block = {
        "key": "a1",
        "type": "unstyled",
        "text": text,
        "depth": 0,
        "inlineStyleRanges": [],
        "entityRanges": [],
    }
    return json.dumps({"blocks": [block], "entityMap": {}})


def _transition_for(state: str):
    available = transitions_from(state)
    # A state with no outgoing transition is still tried with one from
    # elsewhere: it must be refused all the same.
    return available[0] if available else TRANSITIONS_BY_NAME["coacha"]


def _transition_data(transition, version):
    data = {"version": version, "comment": "Provar"}
    if "reason" in transition.requires:
        data["reason"] = "Idén passar inte Idélabbet."
    if "outcome" in transition.requires:
        data["outcome"] = "genomford"
    if "grant" in transition.requires:
        data.update(grant_decision="beviljad", grant_amount=5000)
    return data


def _attempt(client, case, action, people):
    """Try ``action`` through the admin view; return (succeeded, status)."""
    case.refresh_from_db()
    url = reverse("idelabbet-arenden:case", args=[case.pk])
    if action == Action.VIEW:
        response = client.get(url)
        return response.status_code == 200 and "Tidslinje" in response.content.decode(), response
    if action == Action.CHANGE:
        response = client.post(
            reverse("idelabbet-arenden:assign", args=[case.pk]),
            {"version": case.version, "coaches": [people["assigned"].pk, people["assigned2"].pk]},
        )
        ok = response.status_code == 302 and case.coaches.filter(pk=people["assigned2"].pk).exists()
        return ok, response
    if action == Action.ADD_NOTE:
        before = Note.objects.filter(case=case).count()
        response = client.post(
            reverse("idelabbet-arenden:note_add", args=[case.pk]),
            {"body": rich("En anteckning"), "visibility": "team"},
        )
        return Note.objects.filter(case=case).count() == before + 1, response
    transition = _transition_for(case.state)
    response = client.post(
        reverse("idelabbet-arenden:transition", args=[case.pk, transition.name]),
        _transition_data(transition, case.version),
    )
    moved = Case.objects.get(pk=case.pk).state == transition.target
    return response.status_code == 302 and moved, response


def _refused(response) -> bool:
    # Wagtail's admin answers PermissionDenied by a redirect to the dashboard
    # with an error message; a direct 403 is also a refusal.
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )


# V view, C change (team), N write notes, T move. Hand-written; see the docstring.
_OPEN = {"assigned": "VCNT", "coach": "VN", "lead": "VCNT", "moderator": "V", "citizen": ""}
_ENDED = {"assigned": "V", "coach": "V", "lead": "VCNT", "moderator": "V", "citizen": ""}
EXPECTED = {
    "inkommen": {
        "assigned": "VCNT",
        "coach": "VCNT",
        "lead": "VCNT",
        "moderator": "V",
        "citizen": "",
    },
    "forsta-kontakt": _OPEN,
    "coachning": _OPEN,
    "ansokan": _OPEN,
    "beslut": _OPEN,
    "genomfors": _OPEN,
    "avslutat": _ENDED,
    "hanvisat": _ENDED,
    "avbojt": _ENDED,
    "aterkallat": {**_ENDED, "lead": "VCN"},
}
LETTERS = {"view": "V", "change": "C", "note": "N", "transition": "T"}
CELLS = [(state, role) for state in State.values for role in Role.values]


def _allowed(state: str, role: str, action: str) -> bool:
    return LETTERS[action] in EXPECTED[state][role]


def test_the_expectations_cover_every_state_and_role():
    assert set(EXPECTED) == set(State.values)
    assert all(set(roles) == set(Role.values) for roles in EXPECTED.values())


@pytest.mark.parametrize("state,role", CELLS)
def test_every_cell_of_the_permission_map_holds_through_the_admin(
    client, ideas_index, people, state, role
):
    case = make_case(ideas_index, state=state, coaches=[people["assigned"]])
    if role != Role.CITIZEN:
        client.force_login(people[role])
    for action in Action.values:
        case = case_reset(case, state=state, coaches=[people["assigned"]])
        allowed = _allowed(state, role, action)
        succeeded, response = _attempt(client, case, action, people)
        cell = f"{role} × {state} × {action}"
        if allowed:
            assert succeeded, f"{cell} should be allowed (HTTP {response.status_code})"
        else:
            assert not succeeded, f"{cell} should be forbidden"
            if role == Role.CITIZEN:
                assert response.status_code == 302 and "/login/" in response["Location"], cell
            elif _allowed(state, role, Action.VIEW):
                assert _refused(response), cell
            else:
                assert response.status_code == 404, cell


def test_the_permission_map_covers_every_state_and_role():
    assert set(PERMISSIONS) == set(State.values)
    for state, roles in PERMISSIONS.items():
        assert set(roles) == set(Role.values), state
        assert PERMISSIONS[state][Role.CITIZEN] == frozenset()
        # The lead can always act where there is somewhere to go, so no case
        # is ever stuck; where there is nowhere to go, nobody may move it.
        movable = bool(transitions_from(state))
        assert (Action.TRANSITION in PERMISSIONS[state][Role.LEAD]) == movable, state
        for role in Role.values:
            if not movable:
                assert Action.TRANSITION not in PERMISSIONS[state][role], (state, role)


def test_closed_case_is_read_only_to_its_coaches_but_not_to_the_lead(client, ideas_index, people):
    case = make_case(ideas_index, state=State.CLOSED, coaches=[people["assigned"]])
    client.force_login(people["assigned"])
    response = client.get(reverse("idelabbet-arenden:case", args=[case.pk]))
    assert response.status_code == 200
    assert "Ny anteckning" not in response.content.decode()
    assert "Öppna igen" not in response.content.decode()
    client.force_login(people["lead"])
    page = client.get(reverse("idelabbet-arenden:case", args=[case.pk])).content.decode()
    assert "Ny anteckning" in page and "Öppna igen" in page
