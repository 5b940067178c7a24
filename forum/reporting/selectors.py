"""Reads for the forum's statistics: one forum (index page), one period.

- Participants: registrations per meeting held (or planned) in the period,
  by sector (civil society, politicians, officials).
- Proposals by follow-up status over time: at the end of each month of the
  period, how many of the forum's published proposals stood in each status,
  read from each proposal's timeline (its latest update on or before that day).
- Feedback: for each meeting held in the period, whether the feedback mailing
  went out within ``FEEDBACK_DUE_AFTER`` (seven days) of the meeting day.

Only those who organise the forum read its numbers: ``statistics_forums_for_user``.
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils import timezone
from wagtail.permission_policies.pages import PagePermissionPolicy

from ..models import (
    FEEDBACK_DUE_AFTER,
    FeedbackDispatch,
    ForumIndexPage,
    MeetingPage,
    MeetingStatus,
    ProposalPage,
    ProposalStatus,
    ProposalStatusUpdate,
    Registration,
    Sector,
)

STATISTICS_PERMISSION = "forum.view_registration"


@dataclass(frozen=True)
class MeetingParticipants:
    meeting_id: int
    title: str
    start: datetime.datetime
    by_sector: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.by_sector.values())


@dataclass(frozen=True)
class FeedbackRow:
    meeting_id: int
    title: str
    day: datetime.date
    due: datetime.date
    sent_on: datetime.date | None

    @property
    def verdict(self) -> str:
        """``within`` seven days, ``late``, or ``missing`` (not sent)."""
        if self.sent_on is None:
            return "missing"
        return "within" if self.sent_on <= self.due else "late"


@dataclass(frozen=True)
class ForumStatistics:
    index_id: int
    start: datetime.datetime
    end: datetime.datetime
    participants: list[MeetingParticipants]
    by_sector: dict[str, int]
    # month end (local date) → status → number of proposals
    proposals_over_time: dict[datetime.date, dict[str, int]]
    feedback: list[FeedbackRow]

    @property
    def feedback_counts(self) -> dict[str, int]:
        counts = Counter(row.verdict for row in self.feedback)
        return {key: counts[key] for key in ("within", "late", "missing")}


def statistics_forums_for_user(*, user) -> QuerySet[ForumIndexPage]:
    """The forums whose statistics ``user`` may read.

    Those they organise: they may edit the forum's pages (Wagtail's page
    permissions, scoped to their municipality's tree) and hold the organiser
    permission over registrations. A superuser reads all.
    """
    if not (user.is_authenticated and user.is_active):
        return ForumIndexPage.objects.none()
    if user.is_superuser:
        return ForumIndexPage.objects.all().order_by("path")
    if not user.has_perm(STATISTICS_PERMISSION):
        return ForumIndexPage.objects.none()
    editable = PagePermissionPolicy().instances_user_has_permission_for(user, "change")
    return ForumIndexPage.objects.filter(pk__in=editable.values("pk")).order_by("path")


def _month_ends(start: datetime.datetime, end: datetime.datetime) -> list[datetime.date]:
    day = timezone.localtime(start).date()
    last = timezone.localtime(end - datetime.timedelta(microseconds=1)).date()
    ends = []
    while day <= last:
        next_month = (day.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
        ends.append(min(next_month - datetime.timedelta(days=1), last))
        day = next_month
    return ends


def forum_statistics(
    *,
    user,
    index: ForumIndexPage,
    start: datetime.datetime,
    end: datetime.datetime,
    today: datetime.date | None = None,
) -> ForumStatistics:
    """The numbers of one forum for the period from ``start`` to ``end``.

    Raises ``PermissionDenied`` unless ``user`` organises this forum.
    """
    if not statistics_forums_for_user(user=user).filter(pk=index.pk).exists():
        raise PermissionDenied
    today = today or timezone.localdate()
    meetings = list(
        MeetingPage.objects.child_of(index)
        .live()
        .filter(start__gte=start, start__lt=end)
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("start")
    )
    counts: dict[int, Counter] = defaultdict(Counter)
    for meeting_id, sector in Registration.objects.filter(meeting__in=meetings).values_list(
        "meeting_id", "sector"
    ):
        counts[meeting_id][sector] += 1
    participants = [
        MeetingParticipants(
            meeting_id=m.pk,
            title=m.title,
            start=m.start,
            by_sector={s: counts[m.pk][s] for s in Sector.values},
        )
        for m in meetings
    ]
    by_sector = {s: sum(p.by_sector[s] for p in participants) for s in Sector.values}

    sent = dict(
        FeedbackDispatch.objects.filter(meeting__in=meetings).values_list(
            "meeting_id", "completed_at"
        )
    )
    feedback = []
    for m in meetings:
        if m.status != MeetingStatus.HELD:
            continue
        day = timezone.localtime(m.start).date()
        sent_at = sent.get(m.pk)
        feedback.append(
            FeedbackRow(
                meeting_id=m.pk,
                title=m.title,
                day=day,
                due=day + FEEDBACK_DUE_AFTER,
                sent_on=timezone.localtime(sent_at).date() if sent_at else None,
            )
        )

    return ForumStatistics(
        index_id=index.pk,
        start=start,
        end=end,
        participants=participants,
        by_sector=by_sector,
        proposals_over_time=_proposals_over_time(index=index, start=start, end=end, today=today),
        feedback=feedback,
    )


def _proposals_over_time(*, index, start, end, today) -> dict[datetime.date, dict[str, int]]:
    proposals = dict(ProposalPage.objects.descendant_of(index).live().values_list("pk", "path"))
    meeting_days = {
        m.path: timezone.localtime(m.start).date()
        for m in MeetingPage.objects.child_of(index).live()
    }
    born = {pk: meeting_days.get(path[: -ProposalPage.steplen]) for pk, path in proposals.items()}
    timelines: dict[int, list[tuple[datetime.date, str]]] = defaultdict(list)
    for page_id, on, status in (
        ProposalStatusUpdate.objects.filter(page_id__in=proposals)
        .order_by("date", "sort_order", "pk")
        .values_list("page_id", "date", "status")
    ):
        timelines[page_id].append((on, status))
    result = {}
    for point in _month_ends(start, end):
        if point > today:
            break
        counts = Counter()
        for pk, day in born.items():
            if day is None or day > point:
                continue
            status = ProposalStatus.NEW
            for on, value in timelines[pk]:
                if on <= point:
                    status = value
            counts[status] += 1
        result[point] = {s: counts[s] for s in ProposalStatus.values}
    return result


@dataclass(frozen=True)
class ProposalRow:
    title: str
    meeting: str
    status: str
    url: str


def proposals_with_status(*, index: ForumIndexPage, end: datetime.datetime) -> list[ProposalRow]:
    """The forum's published proposals from meetings before ``end``, with their status then.

    Public pages only (a proposal of an unpublished or restricted meeting is
    left out): the yearly report lists them as the public site shows them.
    """
    meetings = {
        m.path: m for m in MeetingPage.objects.child_of(index).live().public().filter(start__lt=end)
    }
    last_day = timezone.localtime(end - datetime.timedelta(microseconds=1)).date()
    rows = []
    proposals = (
        ProposalPage.objects.descendant_of(index)
        .live()
        .public()
        .prefetch_related("status_updates")
        .order_by("path")
    )
    for proposal in proposals:
        meeting = meetings.get(proposal.path[: -ProposalPage.steplen])
        if meeting is None:
            continue
        status = ProposalStatus.NEW
        for update in proposal.timeline():
            if update.date <= last_day:
                status = update.status
        rows.append(
            ProposalRow(
                title=proposal.title,
                meeting=meeting.title,
                status=str(ProposalStatus(status).label),
                url=proposal.full_url or "",
            )
        )
    return rows
