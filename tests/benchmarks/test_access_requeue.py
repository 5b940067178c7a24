"""Benchmark (not a timed test): one coach leaves a group of 20 holding 10,000 cases.

Run explicitly, on PostgreSQL:

    BENCHMARK=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> \\
        .venv/bin/python -m pytest tests/benchmarks/test_access_requeue.py -s -p no:warnings

10,000 cases in coaching, each assigned to one of 20 coaches (500 each), each
with one note by its coach (private, team or all coaches in turn): 20,000
catalog entries. One coach is removed from the coach group; it prints how many
entries that queued, how long the removal's transaction took, and how long
until the search is consistent (the outbox drained), then checks the answer.
"""

import os
import sys
import time
import uuid

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone

from idelabbet.models import (
    Case,
    CaseGroupObjectPermission,
    CaseUserObjectPermission,
    IdeaSubmission,
    Note,
    NoteGroupObjectPermission,
    NoteUserObjectPermission,
    NoteVisibility,
)
from idelabbet.workflow import CODENAMES, PERMISSIONS, Role, State
from search.models import CatalogOutbox
from search.selectors import catalog_search
from search.services import catalog_drain, catalog_rebuild
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.environ.get("BENCHMARK"), reason="benchmark: set BENCHMARK=1"),
]

CASES = 10_000
COACHES = 20
VISIBILITIES = [NoteVisibility.PRIVATE, NoteVisibility.TEAM, NoteVisibility.COACHES]


def _build(index, coaches):
    """The cases, notes and the guardian rows the workflow gives them, bulk-inserted."""
    now = timezone.now()
    submissions = IdeaSubmission.objects.bulk_create(
        IdeaSubmission(
            form_key=uuid.uuid4(),
            name="Testperson",
            email="test@example.se",
            consent_at=now,
            token_nonce=uuid.uuid4().hex,
            token_hash=uuid.uuid4().hex + uuid.uuid4().hex,
        )
        for _ in range(CASES)
    )
    cases = Case.objects.bulk_create(
        Case(index=index, submission=s, state=State.COACHING) for s in submissions
    )
    owner = {case.pk: coaches[n % COACHES] for n, case in enumerate(cases)}
    Case.coaches.through.objects.bulk_create(
        [Case.coaches.through(case_id=c.pk, user_id=owner[c.pk].pk) for c in cases],
        batch_size=5000,
    )
    notes = Note.objects.bulk_create(
        Note(
            case=c,
            author=owner[c.pk],
            body=f"<p>Lokalen vid Kvarnbacken {n}.</p>",
            visibility=VISIBILITIES[n % 3],
        )
        for n, c in enumerate(cases)
    )
    case_perms = {p.codename: p for p in Permission.objects.filter(content_type__model="case")}
    note_perms = {p.codename: p for p in Permission.objects.filter(content_type__model="note")}
    state_map = PERMISSIONS[State.COACHING]
    groups = {
        Role.COACH: index.coach_group_id,
        Role.LEAD: index.lead_group_id,
        Role.MODERATOR: index.moderator_group_id,
    }
    case_users, case_groups, note_users, note_groups = [], [], [], []
    for c in cases:
        for action in state_map[Role.ASSIGNED]:
            case_users.append(
                CaseUserObjectPermission(
                    content_object=c, user=owner[c.pk], permission=case_perms[CODENAMES[action]]
                )
            )
        for role, group_id in groups.items():
            for action in state_map[role]:
                case_groups.append(
                    CaseGroupObjectPermission(
                        content_object=c,
                        group_id=group_id,
                        permission=case_perms[CODENAMES[action]],
                    )
                )
    for note in notes:
        for codename in ("view_note", "change_note"):
            note_users.append(
                NoteUserObjectPermission(
                    content_object=note, user=note.author, permission=note_perms[codename]
                )
            )
        if note.visibility == NoteVisibility.COACHES:
            for group_id in (index.coach_group_id, index.lead_group_id):
                note_groups.append(
                    NoteGroupObjectPermission(
                        content_object=note, group_id=group_id, permission=note_perms["view_note"]
                    )
                )
    for model, rows in (
        (CaseUserObjectPermission, case_users),
        (CaseGroupObjectPermission, case_groups),
        (NoteUserObjectPermission, note_users),
        (NoteGroupObjectPermission, note_groups),
    ):
        model.objects.bulk_create(rows, batch_size=5000)


def test_removing_one_coach_of_20_requeues_only_their_cases(ideas_index):
    coaches = [UserFactory(username=f"coach.{n}", groups=["Ekerö coacher"]) for n in range(COACHES)]
    _build(ideas_index, coaches)
    start = time.perf_counter()
    entries = catalog_rebuild()
    rebuild_s = time.perf_counter() - start
    CatalogOutbox.objects.all().delete()
    leaving, staying = coaches[0], coaches[1]
    assert catalog_search(user=leaving, query="Kvarnbacken").total > 0
    group = Group.objects.get(name="Ekerö coacher")

    start = time.perf_counter()
    with transaction.atomic():
        group.user_set.remove(leaving)
        queued = CatalogOutbox.objects.count()
    removed_s = time.perf_counter() - start
    start = time.perf_counter()
    report = catalog_drain()
    drain_s = time.perf_counter() - start

    assert catalog_search(user=leaving, query="Kvarnbacken").total == 0
    # The staying coach: their own 500 notes and the all-coaches notes of the others.
    mine = Note.objects.filter(author=staying).count()
    others = Note.objects.filter(visibility=NoteVisibility.COACHES).exclude(author=staying)
    assert catalog_search(user=staying, query="Kvarnbacken").total == min(
        mine + others.count(), 1000
    )
    sys.stdout.write(
        f"\n{CASES} cases, {COACHES} coaches, {entries} entries (rebuild {rebuild_s:.1f} s). "
        f"Removing one coach from the group queued {queued} entries "
        f"({Case.objects.filter(coaches=leaving).count()} cases and their notes) "
        f"in a transaction of {removed_s:.2f} s; search consistent after a drain of "
        f"{drain_s:.2f} s ({report.delivered} delivered): {removed_s + drain_s:.2f} s in all.\n"
    )
