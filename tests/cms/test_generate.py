"""The data generator: a valid page tree, ideas that render, notes of every
visibility, and the same object permissions the services would have written."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from wagtail.models import Page

from forum.models import MeetingPage, ProposalPage
from idelabbet.models import (
    Case,
    CaseGroupObjectPermission,
    CaseUserObjectPermission,
    IdeaIndexPage,
    IdeaPage,
    Note,
    NoteGroupObjectPermission,
    NoteUserObjectPermission,
    NoteVisibility,
)
from idelabbet.services.cases import cases_permissions_resync
from search.selectors import catalog_search
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

IDEAS = 24


@pytest.fixture
def generated(settings, tmp_path):
    settings.IDELABBET_PRIVATE_ROOT = str(tmp_path)
    out = io.StringIO()
    call_command(
        "generate_data",
        ideas=IDEAS,
        coaches=3,
        pending=2,
        meetings=2,
        proposals=3,
        index=True,
        allow_production=True,
        stdout=out,
    )
    return out.getvalue()


def _rows():
    return {
        "case_users": set(
            CaseUserObjectPermission.objects.values_list(
                "content_object_id", "user_id", "permission_id"
            )
        ),
        "case_groups": set(
            CaseGroupObjectPermission.objects.values_list(
                "content_object_id", "group_id", "permission_id"
            )
        ),
        "note_users": set(
            NoteUserObjectPermission.objects.values_list(
                "content_object_id", "user_id", "permission_id"
            )
        ),
        "note_groups": set(
            NoteGroupObjectPermission.objects.values_list(
                "content_object_id", "group_id", "permission_id"
            )
        ),
    }


def test_generator_reports_progress_and_what_it_made(generated):
    assert "[##############################]" in generated
    assert f"{IDEAS} idéer (2 väntar på granskning)" in generated
    assert "Katalogen ombyggd" in generated


def test_generated_tree_passes_treebeards_checks(generated):
    assert Page.find_problems() == ([], [], [], [], [])
    index = IdeaIndexPage.objects.get(locale__language_code="sv")
    assert index.numchild == index.get_children().count()
    assert MeetingPage.objects.filter(slug__startswith="forum-gen-").count() == 2
    assert ProposalPage.objects.filter(depth=5).count() >= 6


def test_generated_ideas_and_meetings_render(client, generated):
    ideas = IdeaPage.objects.live().filter(slug__regex=r"-\d+$")
    assert ideas.count() > IDEAS // 2
    for idea in ideas:
        response = client.get(idea.url, headers={"host": "localhost"})
        assert response.status_code == 200
        assert idea.summary[:40] in response.text
    index = client.get("/ideer/", headers={"host": "localhost"})
    assert ideas.order_by("-first_published_at", "-pk").first().title in index.text
    meeting = MeetingPage.objects.filter(slug="forum-gen-0").get()
    response = client.get(meeting.url, headers={"host": "jonkoping.localhost"})
    assert response.status_code == 200
    assert "Välkommen till Forum Civilsamhälle" in response.text


def test_every_generated_case_has_notes_of_every_visibility(generated):
    generated_cases = Case.objects.filter(submission__name__startswith="Invånare ")
    assert generated_cases.count() == IDEAS
    for case in generated_cases:
        assert set(case.notes.values_list("visibility", flat=True)) == set(NoteVisibility.values)
        assert case.coaches.count() == 1


def test_generated_permissions_equal_what_the_services_write(generated):
    written = _rows()
    assert all(written.values())
    cases_permissions_resync(index=IdeaIndexPage.objects.get(locale__language_code="sv"))
    assert _rows() == written


def test_search_is_trimmed_on_generated_notes(generated):
    coach = Case.objects.filter(submission__name__startswith="Invånare ")[0].coaches.get()
    other = UserFactory(username="coach.utan.arenden", groups=["Ekerö coacher"])

    def visible(user):
        results = catalog_search(user=user, query="", filters={"kind": "note"}, per_page=10_000)
        return set(results.keys)

    def expected(user):
        notes = Note.objects.filter(case__submission__name__startswith="Invånare ")
        keys = set()
        for note in notes.select_related("case"):
            team = set(note.case.coaches.values_list("pk", flat=True))
            if (
                note.author_id == user.pk
                or note.visibility in (NoteVisibility.COACHES, NoteVisibility.CITIZEN)
                or (note.visibility == NoteVisibility.TEAM and user.pk in team)
            ):
                keys.add(f"idelabbet.note:{note.pk}")
        return keys

    mine = expected(coach)
    assert visible(coach) >= mine
    assert any(
        Note.objects.get(pk=int(key.split(":")[1])).visibility == NoteVisibility.PRIVATE
        for key in mine
    )
    theirs = visible(other)
    assert theirs >= expected(other)
    private_or_team = {
        f"idelabbet.note:{pk}"
        for pk in Note.objects.filter(
            case__coaches=coach, visibility__in=[NoteVisibility.PRIVATE, NoteVisibility.TEAM]
        ).values_list("pk", flat=True)
    }
    assert private_or_team and not (theirs & private_or_team)


def test_moderators_queue_lists_the_pending_generated_ideas(client, generated):
    moderator = UserFactory(username="mod.gen", groups=["Ekerö moderatorer"])
    client.force_login(moderator)
    response = client.get(reverse("idelabbet-granskning:index"))
    assert response.status_code == 200
    for idea in IdeaPage.objects.filter(live=False, submission__name__startswith="Ny invånare"):
        assert idea.title in response.text


def test_generator_refuses_without_debug_unless_asked():
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("generate_data", ideas=1, stdout=io.StringIO())
