import uuid

import pytest
from django.contrib.auth.models import Group

from idelabbet.models import IdeaIndexPage
from idelabbet.services.moderation import ideas_workflow_setup
from tests.factories import practice_index


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.IDELABBET_PRIVATE_ROOT = tmp_path / "privat"
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def ideas_index(ekero):
    home = ekero.root_page
    index = practice_index(home, IdeaIndexPage, title="Idéer", intro="Idéer från invånarna.")
    index.coach_group = Group.objects.get(name="Ekerö coacher")
    index.lead_group = Group.objects.get(name="Ekerö processledare")
    index.moderator_group = Group.objects.get(name="Ekerö moderatorer")
    index.save_revision().publish()
    index.refresh_from_db()
    ideas_workflow_setup(index=index, groups=[Group.objects.get(name="Ekerö moderatorer")])
    return index


@pytest.fixture
def people(ideas_index):
    """One user per role of a case (the assigned coach is assigned by ``make_case``)."""
    from tests.factories import UserFactory

    return {
        "assigned": UserFactory(username="coach.assigned", groups=["Ekerö coacher"]),
        "assigned2": UserFactory(username="coach.assigned2", groups=["Ekerö coacher"]),
        "coach": UserFactory(username="coach.other", groups=["Ekerö coacher"]),
        "lead": UserFactory(username="lead", groups=["Ekerö processledare"]),
        "moderator": UserFactory(username="moderator", groups=["Ekerö moderatorer"]),
    }


def make_case(index, *, state=None, coaches=(), outcome="", **overrides):
    """A submitted idea's case, put in ``state`` with ``coaches`` assigned.

    The state is set directly (then the permissions rewritten by the service),
    so each permission cell starts from a known case without walking the
    workflow; the transitions themselves are tested on their own.
    """

    case = submit(index, **overrides).case
    return case_reset(case, state=state, coaches=coaches, outcome=outcome)


def case_reset(case, *, state=None, coaches=(), outcome=""):
    from idelabbet.models import Case
    from idelabbet.services.cases import (
        case_deadline_refresh,
        case_permissions_sync,
        deadlines_stop,
    )
    from idelabbet.workflow import DeadlineKind, State

    case = Case.objects.select_related("index", "submission__idea").get(pk=case.pk)
    case.state = state or State.RECEIVED
    case.outcome = outcome or ("genomford" if case.state == State.CLOSED else "")
    case.save(update_fields=["state", "outcome"])
    case.coaches.set(coaches)
    # The first contact is taken once the case has moved on.
    if case.state != State.RECEIVED:
        deadlines_stop(case=case, kinds=[DeadlineKind.FIRST_CONTACT])
    case_permissions_sync(case=case)
    return case_deadline_refresh(case=case)


def idea_data(**overrides):
    data = {
        "form_key": str(uuid.uuid4()),
        "title": "Språkcafé i Stenhamra",
        "summary": "Ett språkcafé varje torsdag där nyanlända och infödda träffas.",
        "theme": "integration",
        "help_wanted": ["coachning", "lokaler"],
        "for_young_people": "",
        "name": "Alva Lindqvist",
        "email": "alva.lindqvist@example.se",
        "phone": "070-123 45 67",
        "consent": "on",
        "webbplats": "",
        "med-TOTAL_FORMS": "3",
        "med-INITIAL_FORMS": "0",
        "med-MIN_NUM_FORMS": "0",
        "med-MAX_NUM_FORMS": "10",
        "med-0-name": "Nils Ek",
        "med-0-email": "nils.ek@example.se",
        "med-1-name": "",
        "med-1-email": "",
        "med-2-name": "",
        "med-2-email": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def submit(index, **overrides):
    """Submit an idea through the service, as the form would."""
    from idelabbet.services.submissions import Person, idea_submit

    fields = {
        "form_key": uuid.uuid4(),
        "title": "Dragkroksklubben",
        "summary": "Frivilliga med dragkrok hämtar möbler som annars slängs.",
        "theme": "naturvard",
        "help_wanted": ["kontakter"],
        "for_young_people": False,
        "name": "Hedda Sjöberg",
        "email": "hedda.sjoberg@example.se",
        "phone": "070-765 43 21",
        "co_initiators": [Person(name="Ivar Holm", email="ivar.holm@example.se")],
    }
    fields.update(overrides)
    submission, _ = idea_submit(index=index, **fields)
    return submission


def status_token(submission):
    from idelabbet.tokens import make_token

    return make_token(form_key=submission.form_key, nonce=submission.token_nonce)


def publish(submission):
    idea = submission.idea.specific
    idea.get_latest_revision().publish()
    idea.refresh_from_db()
    submission.refresh_from_db()
    return idea
