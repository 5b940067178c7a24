"""Cases and notes in the staff search: trimmed to who may see them, at once."""

import pytest
from django.utils.html import strip_tags

from idelabbet.models import NoteVisibility
from idelabbet.services.cases import case_coaches_set
from idelabbet.services.notes import note_add, note_change
from idelabbet.workflow import State
from search.services import catalog_drain
from tests.conftest import search_results_text
from tests.idelabbet.conftest import make_case

pytestmark = pytest.mark.django_db

SECRET = "Kvarnbacken"  # a word only the private note holds


def _staff_hits(client, user, query):
    """The facets and hits of the admin's catalog search, as ``user`` sees it."""
    client.force_login(user)
    response = client.get("/admin/katalogsok/", {"q": query})
    assert response.status_code == 200
    return search_results_text(response.text)


@pytest.fixture
def case_with_notes(ideas_index, people):
    case = make_case(ideas_index, state=State.COACHING, coaches=[people["assigned"]])
    private = note_add(
        case=case,
        author=people["assigned"],
        body=f"<p>Ring tillbaka om lokalen vid {SECRET}.</p>",
        visibility=NoteVisibility.PRIVATE,
    )
    team = note_add(
        case=case,
        author=people["assigned"],
        body="<p>Teamet träffar idébäraren på torsdag.</p>",
        visibility=NoteVisibility.TEAM,
    )
    catalog_drain()
    return case, private, team


def test_the_author_finds_their_private_note_and_another_coach_does_not(
    client, people, case_with_notes
):
    assert "Anteckning i" in _staff_hits(client, people["assigned"], SECRET)
    assert "Anteckning i" not in _staff_hits(client, people["coach"], SECRET)
    assert "Anteckning i" not in _staff_hits(client, people["lead"], SECRET)
    # The other coach's search works: it finds the case itself, which all coaches see.
    assert "Dragkroksklubben" in _staff_hits(client, people["coach"], "Dragkroksklubben")


def test_the_public_search_finds_no_case_and_no_note(client, case_with_notes):
    response = client.get("/sok/", {"q": SECRET}, headers={"host": "localhost"})
    assert "Anteckning i" not in strip_tags(response.text)
    response = client.get("/sok/", {"q": "torsdag"}, headers={"host": "localhost"})
    assert "Anteckning i" not in strip_tags(response.text)


def test_a_note_narrowed_to_private_leaves_the_team_at_the_next_search(
    client, people, case_with_notes
):
    case, _, team = case_with_notes
    case_coaches_set(
        case=case,
        user=people["lead"],
        coaches=[people["assigned"], people["assigned2"]],
        version=case.version,
    )
    catalog_drain()
    assert "Anteckning i" in _staff_hits(client, people["assigned2"], "torsdag")
    note_change(
        note=team,
        user=people["assigned"],
        body=team.body,
        visibility=NoteVisibility.PRIVATE,
    )
    catalog_drain()
    assert "Anteckning i" not in _staff_hits(client, people["assigned2"], "torsdag")
    assert "Anteckning i" in _staff_hits(client, people["assigned"], "torsdag")


def test_an_unassigned_coach_no_longer_finds_the_team_notes(client, people, ideas_index):
    case = make_case(
        ideas_index, state=State.COACHING, coaches=[people["assigned"], people["assigned2"]]
    )
    note_add(
        case=case,
        author=people["assigned2"],
        body="<p>Budgeten för Snabb slant ses över på måndag.</p>",
        visibility=NoteVisibility.TEAM,
    )
    catalog_drain()
    assert "Anteckning i" in _staff_hits(client, people["assigned"], "budgeten")
    case.refresh_from_db()
    case_coaches_set(
        case=case, user=people["lead"], coaches=[people["assigned2"]], version=case.version
    )
    catalog_drain()
    assert "Anteckning i" not in _staff_hits(client, people["assigned"], "budgeten")
    assert "Anteckning i" in _staff_hits(client, people["assigned2"], "budgeten")


def test_erasure_leaves_nothing_of_the_notes_in_the_catalog(client, people, case_with_notes):
    from idelabbet.services.erasure import case_personal_data_erase

    case, _, _ = case_with_notes
    assert "Anteckning i" in _staff_hits(client, people["assigned"], SECRET)
    case_personal_data_erase(case=case, user=people["lead"])
    catalog_drain()
    assert "Anteckning i" not in _staff_hits(client, people["assigned"], SECRET)
    assert "Anteckning i" not in _staff_hits(client, people["assigned"], "torsdag")
    from search.models import CatalogRecord

    for record in CatalogRecord.objects.filter(kind__in=["case", "note"]):
        assert SECRET not in record.body and "torsdag" not in record.body


def test_a_rebuild_gives_cases_and_notes_the_same_viewers_in_a_constant_number_of_queries(
    ideas_index, people
):
    """The batch path (``prepare``) must trim exactly as the one-by-one path does."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from idelabbet.models import Case, Note
    from search.registry import source_for_model
    from search.services import _entries_of

    for n in range(3):
        case = make_case(
            ideas_index, state=State.COACHING, coaches=[people["assigned"]], title=f"Idé {n}"
        )
        for visibility in NoteVisibility.values:
            note_add(case=case, author=people["assigned"], body="<p>Ok.</p>", visibility=visibility)
    make_case(ideas_index, state=State.RECEIVED, title="Ny idé")
    for model in (Case, Note):
        source = source_for_model(model)
        one_by_one = {e.key: e for e in map(source.to_entry, source.get_object_queryset())}
        batch = list(source.get_queryset())
        with CaptureQueriesContext(connection) as few:
            _entries_of(source, batch[:2])
        with CaptureQueriesContext(connection) as many:
            batched = {e.key: e for e in _entries_of(source, list(source.get_queryset()))}
        assert batched == one_by_one
        assert len(batched) == (4 if model is Case else 12)
        # The whole table costs what two objects cost (plus the queryset itself).
        assert len(many.captured_queries) <= len(few.captured_queries) + 1
