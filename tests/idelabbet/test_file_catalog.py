"""Files attached in Idélabbet: their words found by exactly those who may see their owner."""

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.html import strip_tags

from idelabbet.models import IdeaAttachment, NoteAttachment, NoteVisibility
from idelabbet.selectors.submissions import submission_view_permission
from idelabbet.services.notes import note_add, note_change
from idelabbet.services.submissions import submission_personal_data_erase
from idelabbet.workflow import State
from search.models import CatalogOutbox, CatalogRecord, FileText
from search.services import catalog_drain
from tests import filesamples
from tests.factories import UserFactory
from tests.idelabbet.conftest import make_case
from tests.idelabbet.test_case_permissions import rich

pytestmark = pytest.mark.django_db

PLAN_WORD = "Träkvista"  # only inside the project plan
BUDGET_WORD = "Sockenstugan"  # only inside the submitted budget


@pytest.fixture
def work(immediate_tasks, django_capture_on_commit_callbacks):
    """Deliver the outbox as the worker does: the drain, the file reading it asks for, again."""

    def run():
        with django_capture_on_commit_callbacks(execute=True):
            catalog_drain()
        assert not CatalogOutbox.objects.exists()

    return run


def _upload(name, data, content_type):
    return SimpleUploadedFile(name, data, content_type=content_type)


def _plan(name="projektplan.docx"):
    return _upload(
        name,
        filesamples.docx_bytes("Projektplan", f"Odlingslotter vid {PLAN_WORD} skola."),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )


def _staff(client, user, query):
    client.force_login(user)
    response = client.get("/admin/katalogsok/", {"q": query})
    assert response.status_code == 200
    return response.text


def _public(client, query):
    response = client.get("/sok/", {"q": query}, headers={"host": "localhost"})
    assert response.status_code == 200
    return response.text


@pytest.fixture
def team_note(ideas_index, people, work):
    case = make_case(ideas_index, state=State.COACHING, coaches=[people["assigned"]])
    note = note_add(
        case=case,
        author=people["assigned"],
        body="<p>Projektplanen bifogad.</p>",
        visibility=NoteVisibility.TEAM,
        attachments=[_plan()],
    )
    work()
    return case, note


def test_the_case_team_finds_words_inside_a_team_notes_plan_and_nobody_else_does(
    client, people, team_note
):
    case, note = team_note
    page = _staff(client, people["assigned"], PLAN_WORD)
    assert "projektplan.docx" in page
    assert "Word" in page
    assert f"<mark>{PLAN_WORD}</mark>" in page
    assert "Hör till Anteckning i Dragkroksklubben" in strip_tags(page)
    for other in ("coach", "moderator"):
        assert "projektplan.docx" not in _staff(client, people[other], PLAN_WORD)
    client.logout()
    assert "projektplan.docx" not in _public(client, PLAN_WORD)
    assert PLAN_WORD not in strip_tags(_public(client, PLAN_WORD)).split("Sök")[-1]


def test_narrowing_the_note_takes_its_file_from_the_team_through_the_outbox(
    client, people, team_note, work
):
    case, note = team_note
    from idelabbet.services.cases import case_coaches_set

    case_coaches_set(
        case=case,
        user=people["lead"],
        coaches=[people["assigned"], people["assigned2"]],
        version=case.version,
    )
    work()
    assert "projektplan.docx" in _staff(client, people["assigned2"], PLAN_WORD)
    note_change(
        note=note, user=people["assigned"], body=note.body, visibility=NoteVisibility.PRIVATE
    )
    work()
    assert "projektplan.docx" not in _staff(client, people["assigned2"], PLAN_WORD)
    assert "projektplan.docx" in _staff(client, people["assigned"], PLAN_WORD)


def test_a_private_notes_file_is_found_by_its_author_alone(client, ideas_index, people, work):
    case = make_case(ideas_index, state=State.COACHING, coaches=[people["assigned"]])
    note_add(
        case=case,
        author=people["assigned"],
        body="<p>Mitt utkast.</p>",
        visibility=NoteVisibility.PRIVATE,
        attachments=[_plan("utkast.docx")],
    )
    work()
    assert "utkast.docx" in _staff(client, people["assigned"], PLAN_WORD)
    assert "utkast.docx" not in _staff(client, people["lead"], PLAN_WORD)


def test_a_replaced_file_updates_its_entry(client, people, team_note, work):
    _case, note = team_note
    attachment = note.attachments.get()
    attachment.file.save(
        "ny.pdf",
        _upload("ny.pdf", filesamples.pdf_bytes("Nu vid Svartsjö slott."), "x"),
        save=False,
    )
    attachment.original_name = "projektplan-v2.pdf"
    attachment.content_type = "application/pdf"
    attachment.size = attachment.file.size
    attachment.save()
    work()
    page = _staff(client, people["assigned"], "Svartsjö")
    assert "projektplan-v2.pdf" in page and "PDF" in page
    assert (
        "projektplan"
        not in strip_tags(_staff(client, people["assigned"], PLAN_WORD)).split("träff")[-1]
    )
    assert FileText.objects.get(key=f"idelabbet.noteattachment:{attachment.pk}").status == "text"


def test_a_deleted_file_leaves_no_entry_and_no_text(client, people, team_note, work):
    _case, note = team_note
    attachment = note.attachments.get()
    key = f"idelabbet.noteattachment:{attachment.pk}"
    assert CatalogRecord.objects.filter(key=key).exists()
    attachment.delete()
    work()
    assert not CatalogRecord.objects.filter(key=key).exists()
    assert not FileText.objects.filter(key=key).exists()
    assert "projektplan.docx" not in _staff(client, people["assigned"], PLAN_WORD)


def test_a_hostile_file_fails_alone_and_the_queue_goes_on(
    client, ideas_index, people, work, settings
):
    # A child may unpack half its memory: 40 MB here, so a 60 MB bomb is refused.
    settings.SEARCH_FILE_MEMORY_MB = 80
    case = make_case(ideas_index, state=State.COACHING, coaches=[people["assigned"]])
    note_add(
        case=case,
        author=people["assigned"],
        body="<p>Två filer.</p>",
        visibility=NoteVisibility.TEAM,
        attachments=[
            _upload("bomb.docx", filesamples.zip_bomb_docx_bytes(60), "application/octet-stream"),
            _upload("loop.pdf", filesamples.looping_pdf_bytes(), "application/pdf"),
            _upload("last.pdf", filesamples.encrypted_pdf_bytes("Hemligt"), "application/pdf"),
            _plan(),
        ],
    )
    work()
    texts = {t.name: t for t in FileText.objects.all()}
    assert (texts["bomb.docx"].status, texts["bomb.docx"].reason) == ("failed", "zip_bomb")
    assert (texts["loop.pdf"].status, texts["loop.pdf"].reason) == ("failed", "broken")
    assert (texts["last.pdf"].status, texts["last.pdf"].reason) == ("failed", "encrypted")
    assert texts["projektplan.docx"].status == "text"
    # The good file is found; the broken ones still by their names.
    assert "projektplan.docx" in _staff(client, people["assigned"], PLAN_WORD)
    assert "bomb.docx" in _staff(client, people["assigned"], "bomb")
    # A failed file is not read again until it changes.
    work()
    assert FileText.objects.get(name="bomb.docx").status == "failed"


@pytest.fixture
def submitted_budget(ideas_index, people, work):
    from tests.idelabbet.conftest import submit

    submission = submit(
        ideas_index,
        attachments=[
            _upload(
                "budget.pdf",
                filesamples.pdf_bytes(f"Budget: hyra av {BUDGET_WORD} 2 000 kr."),
                "application/pdf",
            )
        ],
    )
    work()
    return submission


def test_those_who_may_see_submissions_find_the_words_of_their_files(
    client, people, submitted_budget, jonkoping
):
    for who in ("assigned", "coach", "lead"):
        assert "budget.pdf" in _staff(client, people[who], BUDGET_WORD), who
    arranger = UserFactory(groups=["Jönköping forumarrangörer"])
    assert "budget.pdf" not in _staff(client, arranger, BUDGET_WORD)
    # Moderators see the case but never the citizen's private data.
    assert "budget.pdf" not in _staff(client, people["moderator"], BUDGET_WORD)
    client.logout()
    assert "budget.pdf" not in _public(client, BUDGET_WORD)


def test_revoking_the_permission_to_see_submissions_re_queues_their_files(
    client, people, submitted_budget, work
):
    coaches = Group.objects.get(name="Ekerö coacher")
    coaches.permissions.remove(submission_view_permission())
    work()
    assert "budget.pdf" not in _staff(client, people["coach"], BUDGET_WORD)
    assert "budget.pdf" in _staff(client, people["lead"], BUDGET_WORD)


def test_erasing_a_submission_removes_its_files_text_from_the_catalog(
    client, people, submitted_budget, work
):
    attachment = IdeaAttachment.objects.get(submission=submitted_budget)
    key = f"idelabbet.ideaattachment:{attachment.pk}"
    assert BUDGET_WORD in FileText.objects.get(key=key).text
    submission_personal_data_erase(submission=submitted_budget)
    work()
    assert not CatalogRecord.objects.filter(key=key).exists()
    assert not FileText.objects.filter(key=key).exists()
    assert not CatalogRecord.objects.filter(body__contains=BUDGET_WORD).exists()
    assert "budget.pdf" not in _staff(client, people["lead"], BUDGET_WORD)
    assert not NoteAttachment.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_database_worker_reads_the_file_and_delivers_its_entry(client, ideas_index, people):
    """The whole path on the real django-tasks database worker: nothing is read in the request."""
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    case = make_case(ideas_index, state=State.COACHING, coaches=[people["assigned"]])
    DBTaskResult.objects.all().delete()
    note_add(
        case=case,
        author=people["assigned"],
        body="<p>Planen.</p>",
        visibility=NoteVisibility.TEAM,
        attachments=[_plan()],
    )
    assert not FileText.objects.exists()
    assert DBTaskResult.objects.filter(task_path__endswith="catalog_drain_task").exists()
    Worker(
        queue_names=["search"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    ).run()
    assert DBTaskResult.objects.filter(task_path__endswith="file_text_extract_task").exists()
    assert FileText.objects.get().status == "text"
    page = _staff(client, people["assigned"], PLAN_WORD)
    assert "projektplan.docx" in page and f"<mark>{PLAN_WORD}</mark>" in page


def test_a_coach_attaches_a_word_plan_through_the_note_form_and_finds_its_words(
    client, ideas_index, people, work
):
    from django.urls import reverse

    case = make_case(ideas_index, state=State.COACHING, coaches=[people["assigned"]])
    client.force_login(people["assigned"])
    url = reverse("idelabbet-arenden:note_add", args=[case.pk])
    fake = _upload("plan.docx", b"inte alls ett dokument", "application/octet-stream")
    response = client.post(
        url, {"body": rich("Planen"), "visibility": "team", "attachments": [fake]}
    )
    assert response.status_code == 400
    assert "”plan.docx” ser inte ut att vara en riktig DOCX-fil" in response.content.decode()
    response = client.post(
        url, {"body": rich("Planen"), "visibility": "team", "attachments": [_plan()]}
    )
    assert response.status_code == 302
    work()
    assert "projektplan.docx" in _staff(client, people["assigned"], PLAN_WORD)


def test_an_operator_reads_waiting_files_and_sees_the_failures_with_search_files(
    ideas_index, people
):
    import io

    from django.core.management import call_command

    case = make_case(ideas_index, state=State.COACHING, coaches=[people["assigned"]])
    note_add(
        case=case,
        author=people["assigned"],
        body="<p>Filer.</p>",
        visibility=NoteVisibility.TEAM,
        attachments=[_plan(), _upload("last.pdf", filesamples.encrypted_pdf_bytes("x"), "")],
    )
    catalog_drain()  # no worker here: the files wait
    assert set(FileText.objects.values_list("status", flat=True)) == {"pending"}
    out = io.StringIO()
    call_command("search_files", read=True, stdout=out)
    text = out.getvalue()
    assert "Lästa filer: 2" in text
    assert "Text hittad: 1" in text and "Kunde inte läsas: 1" in text
    assert "last.pdf: Filen är krypterad." in text
    assert CatalogRecord.objects.filter(body__contains=PLAN_WORD).exists()
