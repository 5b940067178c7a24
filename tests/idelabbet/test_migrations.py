"""The data migrations of the case pipeline, run on rows made with the historical models.

Each test migrates Idélabbet back to the state before the migration, writes
rows as the code of that time would have, migrates forward and looks at what
came out. They are transactional (the schema changes), and each takes a few
seconds; the database is migrated back to the latest state afterwards.
"""

import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from idelabbet.models import IdeaPage
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

APP = "idelabbet"


def _migrate(target: str):
    """Migrate Idélabbet to ``target`` and return the app registry of that state."""
    executor = MigrationExecutor(connection)
    executor.migrate([(APP, target)])
    executor.loader.build_graph()
    return executor.loader.project_state([(APP, target)]).apps


@pytest.fixture
def migrate_back():
    """Migrate back for the test, and forward to the latest state whatever happens."""
    yield _migrate
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def _idea(index, title):
    # Pages are made with today's models: the page tables are the same before and
    # after these migrations, and Wagtail's tree needs its own methods to add one.
    return index.add_child(
        instance=IdeaPage(
            title=title, slug=title.lower().replace(" ", "-"), summary=".", theme="kultur"
        )
    )


def _submission(apps, *, idea=None, **fields):
    IdeaSubmission = apps.get_model(APP, "IdeaSubmission")
    return IdeaSubmission.objects.create(
        form_key=uuid.uuid4(),
        idea_id=idea.pk if idea else None,
        name="Hedda Sjöberg",
        email="hedda@example.se",
        consent_at=timezone.now(),
        token_nonce=uuid.uuid4().hex,
        token_hash=uuid.uuid4().hex,
        **fields,
    )


def test_0003_opens_a_received_case_for_every_idea_submitted_before_the_pipeline(
    ideas_index, migrate_back
):
    ideas_index.first_contact_days = 3
    ideas_index.save(update_fields=["first_contact_days"])
    received_idea = _idea(ideas_index, "Språkcafé")
    withdrawn_idea = _idea(ideas_index, "Bytardag")
    submitted = timezone.now() - timedelta(days=10)
    withdrawn_at = submitted + timedelta(days=2)

    apps = migrate_back("0002_cases")
    received = _submission(apps, idea=received_idea, submitted_at=submitted)
    withdrawn = _submission(
        apps,
        idea=withdrawn_idea,
        submitted_at=submitted,
        moderation_state="aterkallad",
        withdrawn_at=withdrawn_at,
    )
    rejected_and_deleted = _submission(apps, idea=None, moderation_state="avslagen")

    apps = migrate_back("0003_cases_for_existing_ideas")
    Case = apps.get_model(APP, "Case")
    case = Case.objects.get(submission_id=received.pk)
    assert case.index_id == ideas_index.pk
    assert case.state == "inkommen"
    assert case.opened_at == submitted
    assert case.deadline_kind == "forsta-kontakt"
    assert case.deadline_at == submitted + timedelta(days=3)  # the index's own setting
    opened = apps.get_model(APP, "CaseTransition").objects.get(case=case)
    assert (opened.name, opened.to_state, opened.at) == ("oppna", "inkommen", submitted)

    ended = Case.objects.get(submission_id=withdrawn.pk)
    assert ended.state == "aterkallat"
    assert ended.closed_at == withdrawn_at
    assert ended.deadline_at is None and ended.deadline_kind == ""
    # A submission whose idea page is gone has nowhere to belong: no case.
    assert not Case.objects.filter(submission_id=rejected_and_deleted.pk).exists()
    assert Case.objects.count() == 2


def test_0004_turns_each_shared_message_into_a_note_shared_with_the_citizen(
    ideas_index, migrate_back
):
    coach = UserFactory(username="coach.migrering")
    idea = _idea(ideas_index, "Cykelkök")
    written = timezone.now() - timedelta(days=30)

    apps = migrate_back("0003_cases_for_existing_ideas")
    submission = _submission(apps, idea=idea)
    case = apps.get_model(APP, "Case").objects.create(
        index_id=ideas_index.pk, submission=submission, state="coachning"
    )
    SharedMessage = apps.get_model(APP, "SharedMessage")
    message = SharedMessage.objects.create(
        submission=submission,
        author_id=coach.pk,
        body="Hej Hedda!\n\nVi ses <på> torsdag & tar med <script>kaffe</script>.",
        created_at=written,
    )
    OutgoingEmail = apps.get_model(APP, "OutgoingEmail")
    email = OutgoingEmail.objects.create(
        submission=submission, kind="meddelande", shared_message=message
    )
    receipt = OutgoingEmail.objects.create(submission=submission, kind="kvitto")
    caseless = _submission(apps, idea=None)
    SharedMessage.objects.create(submission=caseless, body="Utan ärende", created_at=written)

    apps = migrate_back("0004_absorb_shared_messages")
    Note = apps.get_model(APP, "Note")
    note = Note.objects.get(case_id=case.pk)
    # Plain text became safe rich text: paragraphs kept, markup shown as text.
    assert note.body == (
        "<p>Hej Hedda!</p>\n\n<p>Vi ses &lt;på&gt; torsdag &amp; tar med "
        "&lt;script&gt;kaffe&lt;/script&gt;.</p>"
    )
    assert note.visibility == "idebarare"
    assert note.author_id == coach.pk
    assert note.created_at == note.changed_at == note.shared_at == written
    revision = apps.get_model(APP, "NoteRevision").objects.get(note=note)
    assert (revision.body, revision.visibility, revision.user_id, revision.at) == (
        note.body,
        "idebarare",
        coach.pk,
        written,
    )
    email = OutgoingEmail.objects.get(pk=email.pk)
    assert (email.kind, email.note_id) == ("anteckning", note.pk)
    receipt = OutgoingEmail.objects.get(pk=receipt.pk)
    assert (receipt.kind, receipt.note_id) == ("kvitto", None)
    assert Note.objects.count() == 1  # the message of the caseless submission is not a note

    # 0005 then drops the messages; the notes and their emails stay.
    apps = migrate_back("0005_remove_sharedmessage")
    assert apps.get_model(APP, "Note").objects.filter(pk=note.pk).exists()
    email = apps.get_model(APP, "OutgoingEmail").objects.get(pk=email.pk)
    assert (email.kind, email.note_id) == ("anteckning", note.pk)
    with pytest.raises(LookupError):
        apps.get_model(APP, "SharedMessage")
