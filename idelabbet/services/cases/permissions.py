"""Object permissions of cases and notes, written from the workflow's maps.

``idelabbet.workflow`` says which role may do what in each state and who reads
each note visibility; this module resolves the roles of one case to people
(the assigned coaches) and groups (those the ideas index names), and writes the
django-guardian direct-FK rows. Every service that changes a state, a team or a
note calls it inside its own transaction; the demo generator calls
``permissions_insert`` for its batches.
"""

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from search.services import catalog_queue

from ...models import (
    Case,
    CaseGroupObjectPermission,
    CaseUserObjectPermission,
    IdeaIndexPage,
    Note,
    NoteGroupObjectPermission,
    NoteUserObjectPermission,
)
from ...selectors.access import case_staff_ids, case_team_ids
from ...workflow import (
    CODENAMES,
    NOTE_AUTHOR_READS,
    NOTE_CHANGE_NEEDS,
    NOTE_READERS,
    PERMISSIONS,
    Role,
)


class _Writer:
    """The rows for one municipality (ideas index): its role groups and permission ids."""

    def __init__(self, index: IdeaIndexPage):
        self.groups = {
            Role.COACH: index.coach_group_id,
            Role.LEAD: index.lead_group_id,
            Role.MODERATOR: index.moderator_group_id,
        }
        self.active_authors: set[int] = set()
        self.case_perm = _permission_ids(Case)
        self.note_perm = _permission_ids(Note)

    def roles_of(self, user_id: int, coach_ids: set[int], group_ids: set[int]) -> set[str]:
        roles = {r for r, g in self.groups.items() if g is not None and g in group_ids}
        if user_id in coach_ids:
            roles.add(Role.ASSIGNED)
        return roles

    def case_rows(self, case: Case, coach_ids: set[int]):
        state_map = PERMISSIONS[case.state]
        users = [
            CaseUserObjectPermission(
                content_object_id=case.pk, user_id=uid, permission_id=self.case_perm[CODENAMES[a]]
            )
            for uid in sorted(coach_ids)
            for a in state_map[Role.ASSIGNED]
        ]
        groups = {
            (group_id, self.case_perm[CODENAMES[a]])
            for role, group_id in self.groups.items()
            if group_id is not None
            for a in state_map[role]
        }
        return users, [
            CaseGroupObjectPermission(content_object_id=case.pk, group_id=g, permission_id=p)
            for g, p in sorted(groups)
        ]

    def note_rows(self, state: str, note: Note, coach_ids: set[int], author_groups: set[int]):
        readers = NOTE_READERS[note.visibility]
        view, change = self.note_perm["view_note"], self.note_perm["change_note"]
        author = note.author_id if note.author_id in self.active_authors else None
        user_ids = {author} if author and NOTE_AUTHOR_READS else set()
        if Role.ASSIGNED in readers:
            user_ids |= coach_ids
        group_ids = {self.groups[r] for r in readers if self.groups.get(r) is not None}
        users = [
            NoteUserObjectPermission(content_object_id=note.pk, user_id=uid, permission_id=view)
            for uid in sorted(user_ids)
        ]
        if author:
            actions = set()
            for role in self.roles_of(author, coach_ids, author_groups):
                actions |= PERMISSIONS[state][role]
            if NOTE_CHANGE_NEEDS in actions:
                users.append(
                    NoteUserObjectPermission(
                        content_object_id=note.pk, user_id=author, permission_id=change
                    )
                )
        groups = [
            NoteGroupObjectPermission(content_object_id=note.pk, group_id=g, permission_id=view)
            for g in sorted(group_ids)
        ]
        return users, groups


def _permission_ids(model) -> dict[str, int]:
    content_type = ContentType.objects.get_for_model(model)
    return dict(Permission.objects.filter(content_type=content_type).values_list("codename", "pk"))


def _memberships(user_ids: Iterable[int]) -> dict[int, set[int]]:
    memberships: dict[int, set[int]] = {}
    through = get_user_model().groups.through
    for user_id, group_id in through.objects.filter(user_id__in=set(user_ids)).values_list(
        "user_id", "group_id"
    ):
        memberships.setdefault(user_id, set()).add(group_id)
    return memberships


@transaction.atomic
def permissions_insert(
    *,
    index: IdeaIndexPage,
    cases: list[Case],
    teams: dict[int, set[int]],
    notes: list[Note],
    notes_only: bool = False,
) -> None:
    """Insert the guardian rows of ``cases`` and ``notes`` that have none yet.

    ``teams`` maps a case's pk to its assigned coaches' ids; every case and
    note belongs to ``index``. Used for new cases, after ``case_permissions_sync``
    deleted the old rows, and by the demo generator for its batches, so the
    rows always come from the same maps. ``notes_only`` writes only the notes'
    rows (the cases give their state). Queues nothing in the catalog.
    """
    writer = _Writer(index)
    states = {case.pk: case.state for case in cases}
    author_ids = {n.author_id for n in notes if n.author_id}
    memberships = _memberships(author_ids)
    # An author who left the municipality's coaches (or was deactivated) no
    # longer reads or edits their notes; an administrator may transfer them.
    writer.active_authors = case_staff_ids(case=cases[0], user_ids=author_ids) if cases else set()
    rows: dict[type, list] = {
        CaseUserObjectPermission: [],
        CaseGroupObjectPermission: [],
        NoteUserObjectPermission: [],
        NoteGroupObjectPermission: [],
    }
    for case in [] if notes_only else cases:
        users, groups = writer.case_rows(case, teams.get(case.pk, set()))
        rows[CaseUserObjectPermission] += users
        rows[CaseGroupObjectPermission] += groups
    for note in notes:
        users, groups = writer.note_rows(
            states[note.case_id],
            note,
            teams.get(note.case_id, set()),
            memberships.get(note.author_id, set()),
        )
        rows[NoteUserObjectPermission] += users
        rows[NoteGroupObjectPermission] += groups
    for model, objs in rows.items():
        model.objects.bulk_create(objs, batch_size=5000)


def notes_permissions_sync(*, case: Case, notes: Iterable[Note]) -> None:
    """Rewrite the rows of some notes of ``case`` (after a note was written or changed)."""
    notes = list(notes)
    if not notes:
        return
    ids = [n.pk for n in notes]
    NoteUserObjectPermission.objects.filter(content_object_id__in=ids).delete()
    NoteGroupObjectPermission.objects.filter(content_object_id__in=ids).delete()
    team = {case.pk: case_team_ids(case=case)}
    permissions_insert(index=case.index, cases=[case], teams=team, notes=notes, notes_only=True)
    # Who may find the notes changed (or their text did): the catalog's outbox.
    catalog_queue(instances=notes)


@transaction.atomic
def case_permissions_sync(*, case: Case) -> None:
    """Rewrite the object permissions of a case and all its notes from the workflow.

    The permission map of the case's state says which role may do what; the
    roles resolve to the assigned coaches (user rows) and to the groups the
    ideas index names (group rows). Notes follow ``NOTE_READERS`` and the
    case's state. Called by every service that changes state or team.
    """
    notes = list(case.notes.all())
    CaseUserObjectPermission.objects.filter(content_object=case).delete()
    CaseGroupObjectPermission.objects.filter(content_object=case).delete()
    NoteUserObjectPermission.objects.filter(content_object__case=case).delete()
    NoteGroupObjectPermission.objects.filter(content_object__case=case).delete()
    # Only assigned coaches who still work in the municipality act as its team.
    team = {case.pk: case_team_ids(case=case)}
    permissions_insert(index=case.index, cases=[case], teams=team, notes=notes)
    catalog_queue(instances=[case, *notes])


@transaction.atomic
def cases_permissions_resync(*, index: IdeaIndexPage) -> int:
    """Rewrite every case's permissions of a municipality, after its role groups changed."""
    count = 0
    for case in Case.objects.filter(index=index).select_related("index"):
        case_permissions_sync(case=case)
        count += 1
    return count
