"""Reads for Idélabbet's statistics: one municipality (ideas index), one period.

Everything is counted from the case records as the services wrote them: a
case's ``opened_at`` (when the idea came in), its history of transitions
(``CaseTransition``: when it first reached each state), its referrals, its
Snabb slant applications and how it ended. Counting happens in Python over
the period's rows, which keeps the definitions readable and identical on
SQLite and PostgreSQL; a municipality's year is at most a few thousand cases.

Only a municipality's lead (processledare, the index's ``lead_group``) or a
superuser may read its numbers: ``statistics_indexes_for_user`` is the rule,
and ``idea_statistics`` refuses any other index with ``PermissionDenied``.
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from statistics import median

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from ..models import (
    Case,
    CaseTransition,
    IdeaIndexPage,
    IdeaPage,
    Referral,
    SnabbSlantApplication,
    Theme,
)
from ..models.grants import DECISION_WITHIN
from ..workflow import ENDED_STATES, REALISED_OUTCOMES, Outcome, State

# The pipeline's main road, in order: the funnel counts how many cases of the
# period reached each of these states (at any time up to now).
FUNNEL_STATES = (
    State.RECEIVED,
    State.CONTACTED,
    State.COACHING,
    State.APPLICATION,
    State.DECIDED,
    State.REALISING,
    State.CLOSED,
)
UNKNOWN_THEME = "okant"
DAY = 86400.0


@dataclass(frozen=True)
class FunnelStep:
    state: str
    reached: int
    # Median days from first reaching the previous state to first reaching
    # this one, over the ``sample`` cases that reached both (None: no case).
    median_days: float | None
    sample: int


@dataclass(frozen=True)
class FirstContact:
    target_days: int
    contacted: int
    median_days: float | None
    within_target: int
    waiting: int


@dataclass(frozen=True)
class SnabbSlant:
    applications: int
    complete: int
    decided: int
    # Complete applications whose three weeks have run out or that are decided:
    # the denominator of the share (one still inside its weeks is not late).
    due: int
    decided_within: int
    amount_granted_sek: int

    @property
    def share_within(self) -> float | None:
        return self.decided_within / self.due if self.due else None


@dataclass(frozen=True)
class IdeaStatistics:
    index_id: int
    start: datetime.datetime
    end: datetime.datetime
    received: int
    # month (first day, local date) → theme value → count, months in order
    by_month_theme: dict[datetime.date, dict[str, int]]
    by_theme: dict[str, int]
    funnel: list[FunnelStep]
    first_contact: FirstContact
    snabb_slant: SnabbSlant
    referrals: list[tuple[str, int]]
    young: int
    # ended in the period: Outcome values for closed cases, else the end state
    outcomes: dict[str, int] = field(default_factory=dict)

    @property
    def young_share(self) -> float | None:
        return self.young / self.received if self.received else None


def statistics_indexes_for_user(*, user) -> QuerySet[IdeaIndexPage]:
    """The municipalities (ideas indexes) whose statistics ``user`` may read.

    The lead of a municipality (a member of its index's ``lead_group``) reads
    its numbers; a superuser reads all. Coaches and moderators do not: the
    numbers cover every case of the municipality, not only the ones they see.
    """
    if not (user.is_authenticated and user.is_active):
        return IdeaIndexPage.objects.none()
    if user.is_superuser:
        return IdeaIndexPage.objects.all().order_by("path")
    return IdeaIndexPage.objects.filter(lead_group__in=user.groups.all()).order_by("path")


def _months(start: datetime.datetime, end: datetime.datetime) -> list[datetime.date]:
    first = timezone.localtime(start).date().replace(day=1)
    last = timezone.localtime(end - datetime.timedelta(microseconds=1)).date()
    months = []
    while first <= last:
        months.append(first)
        first = (first + datetime.timedelta(days=32)).replace(day=1)
    return months


def _days(later: datetime.datetime, earlier: datetime.datetime) -> float:
    return (later - earlier).total_seconds() / DAY


def _median(values: list[float]) -> float | None:
    return round(median(values), 1) if values else None


def _first_reached(case_ids: list[int]) -> dict[int, dict[str, datetime.datetime]]:
    reached: dict[int, dict[str, datetime.datetime]] = defaultdict(dict)
    for case_id, state, at in (
        CaseTransition.objects.filter(case_id__in=case_ids)
        .order_by("at", "pk")
        .values_list("case_id", "to_state", "at")
    ):
        reached[case_id].setdefault(state, at)
    return reached


def idea_statistics(
    *,
    user,
    index: IdeaIndexPage,
    start: datetime.datetime,
    end: datetime.datetime,
    now: datetime.datetime | None = None,
) -> IdeaStatistics:
    """The numbers of one municipality for ideas that came in from ``start`` to ``end``.

    Ideas, funnel, first contact and the young-people share follow the cases
    opened in the period; Snabb slant follows applications sent in it;
    referrals and outcomes follow when they happened. Raises
    ``PermissionDenied`` unless ``user`` may read this municipality.
    """
    if not statistics_indexes_for_user(user=user).filter(pk=index.pk).exists():
        raise PermissionDenied
    now = now or timezone.now()
    cases = list(
        Case.objects.filter(index=index, opened_at__gte=start, opened_at__lt=end).values_list(
            "pk", "opened_at", "submission__idea__theme", "submission__idea__for_young_people"
        )
    )
    by_month_theme = {month: {} for month in _months(start, end)}
    by_theme: Counter = Counter()
    for _pk, opened_at, theme, _young in cases:
        month = timezone.localtime(opened_at).date().replace(day=1)
        theme = theme or UNKNOWN_THEME
        by_month_theme[month][theme] = by_month_theme[month].get(theme, 0) + 1
        by_theme[theme] += 1
    reached = _first_reached([pk for pk, *_ in cases])
    opened = {pk: opened_at for pk, opened_at, *_ in cases}
    for pk, opened_at in opened.items():
        reached[pk].setdefault(State.RECEIVED, opened_at)

    funnel = []
    for i, state in enumerate(FUNNEL_STATES):
        count = sum(1 for pk in opened if state in reached[pk])
        gaps = []
        if i:
            previous = FUNNEL_STATES[i - 1]
            gaps = [
                _days(reached[pk][state], reached[pk][previous])
                for pk in opened
                if state in reached[pk] and previous in reached[pk]
            ]
        funnel.append(FunnelStep(state, count, _median(gaps) if i else None, len(gaps)))

    contact_days = [
        _days(reached[pk][State.CONTACTED], opened[pk])
        for pk in opened
        if State.CONTACTED in reached[pk]
    ]
    waiting = Case.objects.filter(pk__in=opened, state=State.RECEIVED).count()
    first_contact = FirstContact(
        target_days=index.first_contact_days,
        contacted=len(contact_days),
        median_days=_median(contact_days),
        within_target=sum(1 for d in contact_days if d <= index.first_contact_days),
        waiting=waiting,
    )

    return IdeaStatistics(
        index_id=index.pk,
        start=start,
        end=end,
        received=len(cases),
        by_month_theme=by_month_theme,
        by_theme={theme: by_theme[theme] for theme in [*Theme.values, UNKNOWN_THEME]},
        funnel=funnel,
        first_contact=first_contact,
        snabb_slant=_snabb_slant(index=index, start=start, end=end, now=now),
        referrals=_referrals(index=index, start=start, end=end),
        young=sum(1 for *_, young in cases if young),
        outcomes=_outcomes(index=index, start=start, end=end),
    )


def _snabb_slant(*, index, start, end, now) -> SnabbSlant:
    applications = list(
        SnabbSlantApplication.objects.filter(
            submission__case__index=index, submitted_at__gte=start, submitted_at__lt=end
        )
        .select_related("submission__case")
        .prefetch_related("budget_lines")
    )
    decisions: dict[int, list[datetime.datetime]] = defaultdict(list)
    for case_id, at in CaseTransition.objects.filter(
        case__submission__in=[a.submission_id for a in applications], to_state=State.DECIDED
    ).values_list("case_id", "at"):
        decisions[case_id].append(at)
    complete = decided = due = within = amount = 0
    for application in applications:
        if application.completed_at is None:
            continue
        complete += 1
        # The decision on this application: the case's first decision after
        # it was complete (the workflow refuses one before).
        after = [
            at for at in decisions[application.submission.case.pk] if at >= application.completed_at
        ]
        decided_at = min(after) if after else None
        if decided_at is not None:
            decided += 1
            amount += application.total_sek
        if decided_at is not None or now > application.completed_at + DECISION_WITHIN:
            due += 1
        if decided_at is not None and decided_at - application.completed_at <= DECISION_WITHIN:
            within += 1
    return SnabbSlant(
        applications=len(applications),
        complete=complete,
        decided=decided,
        due=due,
        decided_within=within,
        amount_granted_sek=amount,
    )


def _referrals(*, index, start, end) -> list[tuple[str, int]]:
    counts = Counter(
        Referral.objects.filter(case__index=index, at__gte=start, at__lt=end).values_list(
            "organisation__name", flat=True
        )
    )
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def _outcomes(*, index, start, end) -> dict[str, int]:
    counts = Counter()
    for state, outcome in Case.objects.filter(
        index=index, state__in=ENDED_STATES, closed_at__gte=start, closed_at__lt=end
    ).values_list("state", "outcome"):
        counts[outcome if state == State.CLOSED and outcome else state] += 1
    keys = [*Outcome.values, State.REFERRED, State.DECLINED, State.WITHDRAWN]
    return {key: counts[key] for key in keys}


def outcome_label(key: str) -> str:
    """The label of an ``outcomes`` key: an outcome of a closed case, or an end state."""
    labels = {**dict(Outcome.choices), **dict(State.choices)}
    return str(labels.get(key, key))


def theme_label(key: str) -> str:
    """The label of a ``by_theme`` key (a theme, or ideas whose page is gone)."""
    return gettext("Okänt tema") if key == UNKNOWN_THEME else str(dict(Theme.choices)[key])


def ideas_realised(
    *, index: IdeaIndexPage, start: datetime.datetime, end: datetime.datetime
) -> QuerySet[IdeaPage]:
    """Published ideas of ``index`` whose case ended realised in the period.

    Public pages only (live, without view restrictions): a yearly report lists
    them by their published title and theme, never by who brought them.
    """
    return (
        IdeaPage.objects.child_of(index)
        .live()
        .public()
        .filter(
            submission__case__state=State.CLOSED,
            submission__case__outcome__in=REALISED_OUTCOMES,
            submission__case__closed_at__gte=start,
            submission__case__closed_at__lt=end,
        )
        .order_by("submission__case__closed_at", "pk")
    )
