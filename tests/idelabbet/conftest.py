import uuid

import pytest
from django.contrib.auth.models import Group

from idelabbet.models import IdeaIndexPage
from idelabbet.services.moderation import ideas_workflow_setup


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.IDELABBET_PRIVATE_ROOT = tmp_path / "privat"
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def ideas_index(ekero):
    home = ekero.root_page
    index = home.add_child(
        instance=IdeaIndexPage(title="Idéer", slug="ideer", intro="Idéer från invånarna.")
    )
    index.save_revision().publish()
    ideas_workflow_setup(index=index, groups=[Group.objects.get(name="Ekerö moderatorer")])
    return index


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


IMMEDIATE_TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "QUEUES": ["default", "email", "search"],
    }
}


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = IMMEDIATE_TASKS


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
