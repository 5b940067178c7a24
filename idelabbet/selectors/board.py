"""Reads for the coaches' working day: the case board, deadlines at a glance, the dashboard."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, F, Q, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..models import Case, DeadlineKind, Theme
from ..permissions import case_policy
from ..workflow import ENDED_STATES, Action, State
from .people import person_name

SOON = timedelta(days=7)


@dataclass(frozen=True)
class Due:
    """A deadline as a coach reads it: the date, the kind, and how urgent (word + colour)."""

    at: datetime
    kind: str
    days_left: int
    level: str  # "overdue", "soon" (within seven days) or "later": a CSS modifier
    text: str


def due_for(at: datetime | None, kind: str, now: datetime) -> Due | None:
    """The deadline ``at`` seen from ``now``, in whole calendar days (Europe/Stockholm)."""
    if at is None:
        return None
    days = (timezone.localtime(at).date() - timezone.localtime(now).date()).days
    if at < now:
        level = "overdue"
        late = max(days * -1, 0)
        text = (
            ngettext("försenad %(n)d dag", "försenad %(n)d dagar", late) % {"n": late}
            if late
            else _("försenad i dag")
        )
    else:
        level = "soon" if at - now <= SOON else "later"
        text = (
            _("i dag")
            if days == 0
            else ngettext("%(n)d dag kvar", "%(n)d dagar kvar", days) % {"n": days}
        )
    return Due(
        at=at,
        kind=str(dict(DeadlineKind.choices).get(kind, "")),
        days_left=days,
        level=level,
        text=text,
    )


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
# New cases nobody took yet: a column every coach sees, whatever "mine" says.
UNASSIGNED = "att-fordela"


@dataclass(frozen=True)
class Card:
    pk: int
    title: str
    theme: str
    young: bool
    due: Due | None
    coaches: str
    # The language the idea came in, named, when it is not the source language.
    language: str = ""

    @property
    def overdue(self) -> bool:
        return bool(self.due and self.due.level == "overdue")


@dataclass
class Column:
    state: str
    label: str
    count: int
    cases: list = field(default_factory=list)
    ended: bool = False

    @property
    def more(self) -> int:
        return self.count - len(self.cases)


@dataclass
class Board:
    columns: list[Column]
    total: int
    now: datetime
    has_next: bool = False

    @property
    def working(self) -> list[Column]:
        return [c for c in self.columns if not c.ended]

    @property
    def ended(self) -> list[Column]:
        return [c for c in self.columns if c.ended]


def _filtered(cases, filters: BoardFilters, now: datetime):
    if filters.theme:
        cases = cases.filter(submission__idea__theme=filters.theme)
    if filters.young:
        cases = cases.filter(submission__idea__for_young_people=True)
    if filters.due_soon:
        cases = cases.filter(deadline_at__gte=now, deadline_at__lte=now + SOON)
    if filters.overdue:
        cases = cases.filter(deadline_at__lt=now)
    if filters.text:
        cases = cases.filter(
            Q(submission__idea__title__icontains=filters.text)
            | Q(submission__idea__summary__icontains=filters.text)
        )
    return cases


def _card(case: Case, now: datetime, themes: dict) -> Card:
    # Plain values for the template: rendering hundreds of cards is the
    # board's main cost, so the template only prints strings.
    idea = case.submission.idea
    return Card(
        pk=case.pk,
        title=idea.title if idea else str(case),
        theme=str(themes.get(idea.theme, "")) if idea else "",
        young=bool(idea and idea.for_young_people),
        due=due_for(case.deadline_at, case.deadline_kind, now),
        coaches=", ".join(person_name(c) for c in case.coaches.all()),
        language=""
        if case.submission.language == settings.LANGUAGE_CODE
        else case.submission.get_language_display(),
    )


ORDER = [F("deadline_at").asc(nulls_last=True), F("opened_at").asc(), F("pk").asc()]


def case_board(*, user, filters: BoardFilters, now: datetime | None = None) -> Board:
    """The case board of ``user``: "Att fördela", then a column per state, overdue first.

    Only cases the user may view (guardian rows, trimmed in SQL). "Att fördela"
    holds the new cases nobody is assigned to, for every coach whatever the
    "mine" filter; the other columns hold the rest. A constant number of
    queries whatever the number of cases.
    """
    now = now or timezone.now()
    themes = dict(Theme.choices)
    viewable = _filtered(
        case_policy.instances_user_has_permission_for(user, Action.VIEW), filters, now
    )
    unassigned = viewable.filter(state=State.RECEIVED, coaches=None)
    cases = viewable.exclude(pk__in=unassigned.values("pk"))
    if filters.mine:
        cases = cases.filter(coaches=user)
    if filters.coach_id:
        cases = cases.filter(coaches__id=filters.coach_id)
    counts = dict(cases.order_by().values_list("state").annotate(n=Count("pk")))
    counts[UNASSIGNED] = 0 if filters.coach_id else unassigned.count()
    rows = cases.select_related("submission__idea").prefetch_related("coaches")
    new = unassigned.select_related("submission__idea").prefetch_related("coaches").order_by(*ORDER)
    start = (max(filters.page, 1) - 1) * PER_PAGE
    by_state: dict[str, list] = {}
    if filters.state == UNASSIGNED:
        by_state[UNASSIGNED] = [_card(c, now, themes) for c in new[start : start + PER_PAGE]]
    elif filters.state:
        for case in rows.filter(state=filters.state).order_by(*ORDER)[start : start + PER_PAGE]:
            by_state.setdefault(case.state, []).append(_card(case, now, themes))
    else:
        # The first PER_COLUMN of every column in one query (a window function).
        rows = (
            rows.annotate(place=Window(RowNumber(), partition_by=[F("state")], order_by=ORDER))
            .filter(place__lte=PER_COLUMN)
            .order_by(*ORDER)
        )
        for case in rows:
            by_state.setdefault(case.state, []).append(_card(case, now, themes))
        if counts[UNASSIGNED]:
            by_state[UNASSIGNED] = [_card(c, now, themes) for c in new[:PER_COLUMN]]
    choices = [(UNASSIGNED, _("Att fördela")), *State.choices]
    columns = [
        Column(
            state=value,
            label=str(label),
            count=counts.get(value, 0),
            cases=by_state.get(value, []),
            ended=value in ENDED_STATES,
        )
        for value, label in choices
        if not filters.state or value == filters.state
    ]
    has_next = bool(filters.state) and (
        max(filters.page, 1) * PER_PAGE < counts.get(filters.state, 0)
    )
    total = sum(counts.values())
    return Board(columns=columns, total=total, now=now, has_next=has_next)


@dataclass(frozen=True)
class CaseDashboard:
    due: list  # my cases with a deadline within seven days, overdue first
    unassigned: list  # new cases nobody took yet
    unassigned_count: int
    overdue: list  # every overdue case the user may view (the lead's view)


def case_dashboard(*, user, now: datetime | None = None, limit: int = 10) -> CaseDashboard:
    """The coach's start of the day: my deadlines this week, new unassigned cases, and
    (for those who see more than their own) every overdue case."""
    now = now or timezone.now()
    themes = dict(Theme.choices)
    viewable = case_policy.instances_user_has_permission_for(user, Action.VIEW).select_related(
        "submission__idea"
    )
    soon = viewable.filter(deadline_at__lte=now + SOON).prefetch_related("coaches")
    unassigned = viewable.filter(state=State.RECEIVED, coaches=None)
    return CaseDashboard(
        due=[_card(c, now, themes) for c in soon.filter(coaches=user).order_by(*ORDER)[:limit]],
        unassigned=[
            _card(c, now, themes)
            for c in unassigned.prefetch_related("coaches").order_by(*ORDER)[:limit]
        ],
        unassigned_count=unassigned.count(),
        overdue=[
            _card(c, now, themes)
            for c in soon.filter(deadline_at__lt=now).exclude(coaches=user).order_by(*ORDER)[:limit]
        ],
    )
