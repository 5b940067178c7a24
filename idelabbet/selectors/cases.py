"""Reads of the case pipeline: the board, a case's timeline, who may see what."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.db.models import Count, F, Q, QuerySet, Window
from django.db.models.functions import RowNumber
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
    Theme,
)
from ..permissions import case_policy, note_policy
from ..workflow import TRANSITIONS_BY_NAME, Action, State, Transition, transitions_from
from .audit import case_audit_entries


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


@dataclass(frozen=True)
class BoardFilters:
    mine: bool = True
    coach_id: int | None = None
    theme: str = ""
    young: bool = False
    due_soon: bool = False
    overdue: bool = False
    text: str = ""
    # One column in full (paginated) instead of the top of every column.
    state: str = ""
    page: int = 1


# A board shows the nearest deadlines of each column; "show all" opens one
# column, paginated. Either way the page stays small and fast with thousands.
PER_COLUMN = 15
PER_PAGE = 50


@dataclass(frozen=True)
class Card:
    pk: int
    title: str
    theme: str
    young: bool
    deadline_at: datetime | None
    deadline_kind: str
    overdue: bool
    coaches: str


@dataclass
class Column:
    state: str
    label: str
    count: int
    cases: list = field(default_factory=list)

    @property
    def more(self) -> int:
        return self.count - len(self.cases)


@dataclass
class Board:
    columns: list[Column]
    total: int
    now: datetime
    has_next: bool = False


def case_board(*, user, filters: BoardFilters, now: datetime | None = None) -> Board:
    """The case board of ``user``: a column per state, nearest deadline first.

    Only cases the user may view (guardian rows, trimmed in SQL). A constant
    number of queries whatever the number of cases: one for the counts per
    state, one for the cases with their idea, one for their coaches.
    """
    now = now or timezone.now()
    cases = case_policy.instances_user_has_permission_for(user, Action.VIEW)
    if filters.mine:
        cases = cases.filter(coaches=user)
    if filters.coach_id:
        cases = cases.filter(coaches__id=filters.coach_id)
    if filters.theme:
        cases = cases.filter(submission__idea__theme=filters.theme)
    if filters.young:
        cases = cases.filter(submission__idea__for_young_people=True)
    if filters.due_soon:
        cases = cases.filter(deadline_at__gte=now, deadline_at__lte=now + timedelta(days=7))
    if filters.overdue:
        cases = cases.filter(deadline_at__lt=now)
    if filters.text:
        cases = cases.filter(
            Q(submission__idea__title__icontains=filters.text)
            | Q(submission__idea__summary__icontains=filters.text)
        )
    counts = dict(cases.order_by().values_list("state").annotate(n=Count("pk")))
    order = [F("deadline_at").asc(nulls_last=True), F("opened_at").asc(), F("pk").asc()]
    rows = cases.select_related("submission__idea").prefetch_related("coaches")
    if filters.state:
        start = (max(filters.page, 1) - 1) * PER_PAGE
        rows = rows.filter(state=filters.state).order_by(*order)[start : start + PER_PAGE]
    else:
        # The first PER_COLUMN of every column in one query (a window function).
        rows = (
            rows.annotate(place=Window(RowNumber(), partition_by=[F("state")], order_by=order))
            .filter(place__lte=PER_COLUMN)
            .order_by(*order)
        )
    by_state: dict[str, list] = {}
    themes = dict(Theme.choices)
    kinds = dict(DeadlineKind.choices)
    for case in rows:
        # Plain values for the template: rendering hundreds of cards is the
        # board's main cost, so the template only prints strings.
        idea = case.submission.idea
        names = [c.get_full_name() or c.get_username() for c in case.coaches.all()]
        by_state.setdefault(case.state, []).append(
            Card(
                pk=case.pk,
                title=idea.title if idea else str(case),
                theme=str(themes.get(idea.theme, "")) if idea else "",
                young=bool(idea and idea.for_young_people),
                deadline_at=case.deadline_at,
                deadline_kind=str(kinds.get(case.deadline_kind, "")),
                overdue=bool(case.deadline_at and case.deadline_at < now),
                coaches=", ".join(names),
            )
        )
    columns = [
        Column(
            state=value, label=str(label), count=counts.get(value, 0), cases=by_state.get(value, [])
        )
        for value, label in State.choices
        if not filters.state or value == filters.state
    ]
    has_next = bool(filters.state) and (
        max(filters.page, 1) * PER_PAGE < counts.get(filters.state, 0)
    )
    return Board(columns=columns, total=sum(counts.values()), now=now, has_next=has_next)


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
    kind: str  # "transition", "note", "referral", "email"
    item: object


def case_timeline(*, case: Case, user) -> list[TimelineEntry]:
    """Transitions, the notes ``user`` may see, referrals, emails and audit entries, in order."""
    entries = [
        TimelineEntry(t.at, "transition", t) for t in case.transitions.select_related("user")
    ]
    entries += [TimelineEntry(n.created_at, "note", n) for n in notes_visible(case=case, user=user)]
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
    return sorted(entries, key=lambda e: e.at)


def transition_named(name: str) -> Transition | None:
    return TRANSITIONS_BY_NAME.get(name)


def citizen_notes(*, submission) -> QuerySet[Note]:
    """Notes shared with the citizen, for their status page."""
    return Note.objects.filter(case__submission=submission, visibility="idebarare").order_by(
        "created_at"
    )


def case_decline_reason(*, submission) -> str:
    """The reason given to the citizen when their case was declined, or ""."""
    case = Case.objects.filter(submission=submission, state=State.DECLINED).first()
    if case is None:
        return ""
    last = case.transitions.filter(to_state=State.DECLINED).order_by("-at", "-pk").first()
    return last.comment if last else ""


@dataclass(frozen=True)
class Deadlines:
    overdue: list
    this_week: list


def case_deadlines(*, user, now: datetime | None = None, limit: int = 20) -> Deadlines:
    """The overdue deadlines and those within seven days, of cases ``user`` may view."""
    now = now or timezone.now()
    cases = list(
        case_policy.instances_user_has_permission_for(user, Action.VIEW)
        .filter(deadline_at__lte=now + timedelta(days=7))
        .select_related("submission__idea")
        .order_by("deadline_at")[: limit * 2]
    )
    return Deadlines(
        overdue=[c for c in cases if c.deadline_at < now][:limit],
        this_week=[c for c in cases if c.deadline_at >= now][:limit],
    )


def organisations_public(*, index) -> QuerySet:
    """The organisations of a municipality's directory that may be listed publicly."""
    return Organisation.objects.filter(index=index, is_public=True).order_by("name")
