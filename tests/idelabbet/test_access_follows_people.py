# ruff: noqa: F811 - test parameters named after the imported ``engine`` fixture
"""Search access follows people and groups by id, on every engine.

After each change to a group or a person (rename, a new group taking an old
name, membership removed in either direction, deactivation, deletion) only the
affected entries are queued, in the same transaction; once the outbox has
drained, a staff search in the admin gives the right people the note and
nobody else. Runs on the database engine (SQLite, or PostgreSQL under
DATABASE_URL) and on Elasticsearch when ELASTICSEARCH_URL is set.
"""

import importlib

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group

from idelabbet.models import NoteVisibility
from idelabbet.services.notes import note_add
from idelabbet.workflow import State
from search.models import CatalogOutbox, CatalogRecord
from search.selectors import catalog_search
from search.services import catalog_drain
from tests.conftest import search_results_text
from tests.factories import UserFactory
from tests.idelabbet.conftest import make_case

# The engine fixture: every engine available here (pytest finds it by name).
from tests.search.conftest import engine, refresh  # noqa: F401

pytestmark = pytest.mark.django_db

COACHES_WORD = "Kvarnbacken"  # only in the note all the municipality's coaches see
TEAM_WORD = "Solrosängen"  # only in the note of the case's team
PRIVATE_WORD = "Mjölnarstugan"  # only in the assigned coach's private note


def _drain(engine):
    catalog_drain()
    refresh(engine)


def _finds(client, user, word) -> bool:
    """Whether ``user`` finds a note holding ``word`` in the admin's staff search.

    One who may no longer open the admin at all finds nothing there, and the
    catalog answers them nothing either.
    """
    client.force_login(user)
    response = client.get("/admin/katalogsok/", {"q": word})
    if response.status_code == 302 and response.url.startswith("/admin/login/"):
        assert catalog_search(user=user, query=word).total == 0
        return False
    assert response.status_code == 200
    return "Anteckning i" in search_results_text(response.text)


@pytest.fixture
def notes(engine, ideas_index, people):
    case = make_case(ideas_index, state=State.COACHING, coaches=[people["assigned"]])
    for word, visibility in (
        (COACHES_WORD, NoteVisibility.COACHES),
        (TEAM_WORD, NoteVisibility.TEAM),
        (PRIVATE_WORD, NoteVisibility.PRIVATE),
    ):
        note_add(
            case=case,
            author=people["assigned"],
            body=f"<p>Lokalen vid {word} är ledig på torsdagar.</p>",
            visibility=visibility,
        )
    _drain(engine)
    return case


def _queued_keys() -> set[str]:
    return set(CatalogOutbox.objects.values_list("key", flat=True))


def _case_keys(case) -> set[str]:
    return {f"idelabbet.case:{case.pk}"} | {f"idelabbet.note:{n.pk}" for n in case.notes.all()}


def test_a_renamed_group_keeps_its_notes_and_a_new_group_with_the_old_name_gets_none(
    client,
    engine,
    people,
    notes,
):
    coaches = Group.objects.get(name="Ekerö coacher")
    coaches.name = "Ekerö coacher 2019"
    coaches.save()
    # Nothing in an entry names a group: a rename queues nothing at all.
    assert _queued_keys() == set()
    # The new group gets the same rights in the admin: only the name is old.
    impostor_group = Group.objects.create(name="Ekerö coacher")
    impostor_group.permissions.set(coaches.permissions.all())
    impostor = UserFactory(username="ny.grupp", groups=["Ekerö coacher"])
    assert impostor.groups.get() == impostor_group
    _drain(engine)
    assert _finds(client, people["coach"], COACHES_WORD)
    assert _finds(client, people["lead"], COACHES_WORD)
    assert not _finds(client, impostor, COACHES_WORD)
    # Not even the title of the case leaks to the new group's members.
    impostor_hits = catalog_search(user=impostor, query="Dragkroksklubben")
    assert impostor_hits.total == 0


@pytest.mark.parametrize("direction", ["user.groups.remove", "group.user_set.remove"])
def test_a_coach_removed_from_the_group_loses_the_notes_and_only_their_cases_are_queued(
    client,
    engine,
    people,
    notes,
    ideas_index,
    direction,
):
    other_case = make_case(ideas_index, state=State.COACHING, coaches=[people["assigned2"]])
    _drain(engine)
    assert _finds(client, people["assigned"], TEAM_WORD)
    coaches = Group.objects.get(name="Ekerö coacher")
    if direction == "user.groups.remove":
        people["assigned"].groups.remove(coaches)
    else:
        coaches.user_set.remove(people["assigned"])
    # Exactly the case they worked on and its notes; not the other coach's case.
    assert _queued_keys() == _case_keys(notes)
    assert f"idelabbet.case:{other_case.pk}" not in _queued_keys()
    _drain(engine)
    assert not _finds(client, people["assigned"], COACHES_WORD)
    assert not _finds(client, people["assigned"], TEAM_WORD)
    assert catalog_search(user=people["assigned"], query="Dragkroksklubben").total == 0
    # Everybody else is as before.
    assert _finds(client, people["coach"], COACHES_WORD)
    assert not _finds(client, people["coach"], TEAM_WORD)
    assert _finds(client, people["lead"], COACHES_WORD)


def test_a_coach_added_to_the_group_finds_the_coaches_notes_at_once(
    client,
    engine,
    people,
    notes,
):
    newcomer = UserFactory(username="ny.coach", groups=["Ekerö moderatorer"])
    assert not _finds(client, newcomer, COACHES_WORD)
    newcomer.groups.add(Group.objects.get(name="Ekerö coacher"))
    _drain(engine)
    assert _finds(client, newcomer, COACHES_WORD)
    assert not _finds(client, newcomer, TEAM_WORD)
    assert not _finds(client, newcomer, PRIVATE_WORD)


def test_a_deactivated_coach_is_taken_out_of_their_entries(
    client,
    engine,
    people,
    notes,
):
    assigned = people["assigned"]
    principal = frozenset({f"user:{assigned.pk}"})
    assert catalog_search(principals=principal, query=PRIVATE_WORD).total == 1
    assigned.is_active = False
    assigned.save()
    assert _queued_keys() == _case_keys(notes)
    _drain(engine)
    # No entry names them any more, not even their own private note.
    for word in (COACHES_WORD, TEAM_WORD, PRIVATE_WORD):
        assert catalog_search(principals=principal, query=word).total == 0
        assert catalog_search(user=assigned, query=word).total == 0
    assert _finds(client, people["coach"], COACHES_WORD)
    assert not _finds(client, people["coach"], PRIVATE_WORD)
    # Back at work: their notes are theirs again.
    assigned.is_active = True
    assigned.save()
    _drain(engine)
    assert _finds(client, assigned, PRIVATE_WORD)
    assert _finds(client, assigned, TEAM_WORD)


def test_a_deleted_group_takes_its_entries_with_it(client, engine, people, notes):
    lead_group = Group.objects.get(name="Ekerö processledare")
    assert _finds(client, people["lead"], COACHES_WORD)
    lead_group.delete()
    assert _queued_keys() == {f"idelabbet.case:{notes.pk}"} | {
        f"idelabbet.note:{n.pk}" for n in notes.notes.filter(visibility=NoteVisibility.COACHES)
    }
    _drain(engine)
    assert not _finds(client, people["lead"], COACHES_WORD)
    assert _finds(client, people["coach"], COACHES_WORD)
    # A group created later may get the deleted group's name, never its entries.
    Group.objects.create(name="Ekerö processledare")
    UserFactory(username="ny.ledare", groups=["Ekerö processledare"])
    _drain(engine)
    assert catalog_search(user=people["lead"], query="Dragkroksklubben").total == 0


def test_the_migration_queues_every_stored_entry(people, notes):
    if not CatalogRecord.objects.exists():
        pytest.skip("this engine keeps no database records")
    migration = importlib.import_module("search.migrations.0004_principals_by_id")
    migration.queue_all(django_apps, None)
    assert _queued_keys() == set(CatalogRecord.objects.values_list("key", flat=True))
    catalog_drain()
    for record in CatalogRecord.objects.all():
        assert not any(p.startswith("group:Ekerö") for p in record.principals)
