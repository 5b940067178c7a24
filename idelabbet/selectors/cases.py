"""Reads of the case pipeline: the board, a case's timeline, who may see what."""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils import timezone

from ..models import (
    Case,
    CaseGroupObjectPermission,
    CaseUserObjectPermission,
    DeadlineKind,
    Note,
    NoteGroupObjectPermission,
    NoteUserObjectPermission,
    Organisation,
    OutgoingEmail,
)
from ..permissions import case_policy, note_policy
from ..workflow import (
    NOTE_READERS,
    TRANSITIONS_BY_NAME,
    Action,
    Role,
    State,
    Transition,
    transitions_from,
)
from .audit import case_audit_entries
from .board import due_for


@dataclass(frozen=True)
class Principals:
    """Who may see an object: user ids and group ids (ids: group names change).

    ``private``: exactly these, superusers included (a private note).
    """

    user_ids: frozenset[int]
    group_ids: frozenset[int]
    private: bool = False


def _principals(user_model, group_model, obj, codename: str) -> Principals:
    users = user_model.objects.filter(content_object=obj, permission__codename=codename)
    groups = group_model.objects.filter(content_object=obj, permission__codename=codename)
    return Principals(
        user_ids=frozenset(users.values_list("user_id", flat=True)),
        group_ids=frozenset(groups.values_list("group_id", flat=True)),
    )


def case_principals(*, case: Case) -> Principals:
    """The users and groups that may see ``case``, read from its guardian rows.

    The single answer to "who may see this case" for a security-trimmed search
    catalog: it reflects the case's state and team as the workflow set them.
    """
    return _principals(CaseUserObjectPermission, CaseGroupObjectPermission, case, "view_case")


def note_principals(*, note: Note) -> Principals:
    """The users and groups that may see ``note`` (its visibility, the case's team)."""
    return _principals(NoteUserObjectPermission, NoteGroupObjectPermission, note, "view_note")


def cases_principals(*, cases: list[Case]) -> dict[int, Principals]:
    """``case_principals`` for many cases at once (two queries), by case pk."""
    return _principals_by_pk(
        CaseUserObjectPermission, CaseGroupObjectPermission, cases, "view_case"
    )


def notes_principals(*, notes: list[Note]) -> dict[int, Principals]:
    """``note_principals`` for many notes at once (two queries), by note pk."""
    return _principals_by_pk(
        NoteUserObjectPermission, NoteGroupObjectPermission, notes, "view_note"
    )


def _principals_by_pk(user_model, group_model, objs, codename: str) -> dict[int, Principals]:
    pks = [obj.pk for obj in objs]
    users: dict[int, set[int]] = {pk: set() for pk in pks}
    groups: dict[int, set[int]] = {pk: set() for pk in pks}
    for pk, user_id in user_model.objects.filter(
        content_object_id__in=pks, permission__codename=codename
    ).values_list("content_object_id", "user_id"):
        users[pk].add(user_id)
    for pk, name in group_model.objects.filter(
        content_object_id__in=pks, permission__codename=codename
    ).values_list("content_object_id", "group_id"):
        groups[pk].add(name)
    return {pk: Principals(frozenset(users[pk]), frozenset(groups[pk])) for pk in pks}


def case_for_admin(*, pk) -> Case | None:
    return (
        Case.objects.select_related("index", "submission", "submission__idea").filter(pk=pk).first()
    )


def case_assignable_coaches(*, case: Case) -> QuerySet:
    """The municipality's coaches and lead: the only people a case can be assigned to."""
    groups = [g for g in (case.index.coach_group_id, case.index.lead_group_id) if g]
    return (
        get_user_model()
        .objects.filter(groups__in=groups, is_active=True)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def case_transitions_for(*, case: Case, user) -> list[Transition]:
    """The transitions ``user`` may take now, as buttons (guard conditions shown, not hidden)."""
    if not case_policy.user_has_permission_for_instance(user, Action.TRANSITION, case):
        return []
    return transitions_from(case.state)


def notes_visible(*, case: Case, user) -> list[Note]:
    """The case's notes ``user`` may open (after one prefetch of their permissions)."""
    notes = list(case.notes.select_related("author"))
    note_policy.prefetch(user, notes)
    return [n for n in notes if note_policy.user_has_permission_for_instance(user, "view", n)]


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    kind: str  # "transition", "referral", "email", "follow-up", "audit"
    item: object
    # The same reading by the same person, one after another, is one line:
    # every case page view logs a read of the contact details.
    repeats: int = 1
    first_at: datetime | None = None


def _same_reading(a: TimelineEntry, b: TimelineEntry) -> bool:
    return (
        a.kind == b.kind == "audit"
        and a.item.action == b.item.action
        and a.item.user_id == b.item.user_id
        and (a.item.data or {}) == (b.item.data or {})
    )


def _collapsed(entries: list[TimelineEntry]) -> list[TimelineEntry]:
    out: list[TimelineEntry] = []
    for entry in entries:  # newest first
        if out and _same_reading(out[-1], entry):
            last = out[-1]
            out[-1] = TimelineEntry(last.at, last.kind, last.item, last.repeats + 1, entry.at)
        else:
            out.append(entry)
    return out


def case_timeline(*, case: Case) -> list[TimelineEntry]:
    """What happened to the case, newest first: transitions, referrals, emails to the
    citizen and follow-up dates set. (Notes have their own column beside it.)"""
    entries = [
        TimelineEntry(t.at, "transition", t) for t in case.transitions.select_related("user")
    ]
    entries += [
        TimelineEntry(d.created_at, "follow-up", d)
        for d in case.deadlines.filter(kind=DeadlineKind.FOLLOW_UP).select_related("created_by")
    ]
    entries += [
        TimelineEntry(r.at, "referral", r)
        for r in case.referrals.select_related("organisation", "user")
    ]
    entries += [
        TimelineEntry(e.created_at, "email", e)
        for e in OutgoingEmail.objects.filter(submission_id=case.submission_id)
    ]
    # Reads of the citizen's personal data and notes transferred: the audit trail.
    entries += [TimelineEntry(e.timestamp, "audit", e) for e in case_audit_entries(case=case)]
    return _collapsed(sorted(entries, key=lambda e: e.at, reverse=True))


def case_open_deadlines(*, case: Case, now: datetime | None = None) -> list[tuple]:
    """The case's open deadlines, nearest first, each with how it reads (``Due``)."""
    now = now or timezone.now()
    deadlines = case.deadlines.filter(stopped_at__isnull=True).select_related("created_by")
    return [(d, due_for(d.due_at, d.kind, now)) for d in deadlines.order_by("due_at", "pk")]


def transition_named(name: str) -> Transition | None:
    return TRANSITIONS_BY_NAME.get(name)


def citizen_notes(*, submission) -> QuerySet[Note]:
    """Notes the citizen reads (``workflow.NOTE_READERS``), for their status page."""
    visibilities = [v for v, readers in NOTE_READERS.items() if Role.CITIZEN in readers]
    return Note.objects.filter(case__submission=submission, visibility__in=visibilities).order_by(
        "created_at"
    )


def case_decline_reason(*, submission) -> str:
    """The reason given to the citizen when their case was declined, or ""."""
    case = Case.objects.filter(submission=submission, state=State.DECLINED).first()
    if case is None:
        return ""
    last = case.transitions.filter(to_state=State.DECLINED).order_by("-at", "-pk").first()
    return last.comment if last else ""


def organisations_public(*, index) -> QuerySet:
    """The organisations of a municipality's directory that may be listed publicly."""
    return Organisation.objects.filter(index=index, is_public=True).order_by("name")
