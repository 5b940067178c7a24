"""Reads of the forum: what the public pages and the admin panels list.

Public reads only ever return live, public pages, so drafts and pages behind
privacy settings never reach the site or the feed.
"""

import datetime
from collections import Counter
from dataclasses import dataclass
from itertools import groupby

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Locale

from .models import (
    AppointingBody,
    CoordinationMember,
    CoordinationRole,
    CsamOrganisation,
    FeedbackDispatch,
    ForumIndexPage,
    GuidingPrinciple,
    MeetingPage,
    MeetingStatus,
    ProposalPage,
    Season,
)
from .permissions import MeetingPermissionPolicy


@dataclass(frozen=True)
class SeasonGroup:
    year: int
    season: str
    label: str
    meetings: list


def changes_at(request, when: datetime.datetime) -> None:
    """Tell a host's page cache that the page being rendered changes by itself at ``when``.

    A meeting that starts moves from "upcoming" to "past" with no write to
    tell anyone: a host that caches pages (``request.page_cache_until``, read
    by the host's cache) keeps the page no longer than that.
    """
    earlier = getattr(request, "page_cache_until", None)
    if earlier is None or when < earlier:
        request.page_cache_until = when


def meetings_for_index(*, index, now: datetime.datetime | None = None):
    """The index's meetings: upcoming (soonest first) and past grouped by year and season.

    Past groups are newest first; a planned meeting whose date has passed is
    listed as past until an organiser marks it held or cancelled.
    """
    now = now or timezone.now()
    meetings = list(MeetingPage.objects.child_of(index).live().public().order_by("start"))
    upcoming = [m for m in meetings if m.start >= now]
    past = sorted((m for m in meetings if m.start < now), key=lambda m: m.start, reverse=True)
    groups = []
    for (year, season), items in groupby(past, key=lambda m: (m.year, m.season)):
        label = f"{Season(season).label} {year}"
        groups.append(SeasonGroup(year=year, season=season, label=label, meetings=list(items)))
    return upcoming, groups


def proposals_for_meeting(*, meeting) -> QuerySet:
    return ProposalPage.objects.child_of(meeting).live().public().order_by("path")


def proposals_for_index(
    *, index, meeting_id: int | None = None, status: str = "", principle: str = ""
) -> QuerySet:
    """Every live proposal under the index, narrowed by meeting, status and principle.

    A proposal counts only if its meeting is live too: unpublishing a meeting
    hides its proposals even if someone left them published.
    """
    live_meetings = (
        MeetingPage.objects.child_of(index).live().public().values_list("path", flat=True)
    )
    under_live_meeting = Q(pk__in=[])
    for path in live_meetings:
        under_live_meeting |= Q(path__startswith=path)
    proposals = ProposalPage.objects.descendant_of(index).live().public().filter(under_live_meeting)
    if meeting_id:
        meeting = MeetingPage.objects.filter(pk=meeting_id).first()
        proposals = proposals.child_of(meeting) if meeting else proposals.none()
    if status:
        proposals = proposals.filter(status=status)
    if principle:
        proposals = proposals.filter(principles__slug=principle)
    return proposals.prefetch_related("principles", "status_updates").order_by("path").distinct()


def proposals_with_meetings(proposals: QuerySet, *, index) -> list:
    """The proposals, each with its meeting as ``meeting`` (one query, not one per proposal)."""
    meetings = {m.path: m for m in MeetingPage.objects.child_of(index)}
    found = list(proposals)
    for proposal in found:
        proposal.meeting = meetings.get(proposal.path[: -ProposalPage.steplen])
    return found


def meetings_with_proposals(*, index) -> QuerySet:
    return (
        MeetingPage.objects.child_of(index)
        .live()
        .public()
        .filter(numchild__gt=0)
        .order_by("-start")
    )


def in_active_language(queryset: QuerySet) -> QuerySet:
    """One row per translatable item: its translation in the active language, else the source.

    For snippets with Wagtail's ``TranslatableMixin`` (principles, coordination
    group members): an English page shows the English text where an editor has
    translated it and the Swedish text where not, and never both.
    """
    active, default = Locale.get_active(), Locale.get_default()
    if active.pk == default.pk:
        return queryset.filter(locale=default)
    translated = queryset.filter(locale=active).values("translation_key")
    return queryset.filter(
        Q(locale=active) | (Q(locale=default) & ~Q(translation_key__in=translated))
    )


def principles_list() -> QuerySet:
    """The guiding principles in the active language (Swedish where not translated)."""
    return in_active_language(GuidingPrinciple.objects.all())


def csam_organisations() -> QuerySet:
    return CsamOrganisation.objects.all()


def coordination_members(*, on: datetime.date | None = None) -> QuerySet:
    """Members whose term covers the given day (today by default)."""
    on = on or timezone.localdate()
    return (
        in_active_language(CoordinationMember.objects.all())
        .filter(term_start__lte=on)
        .exclude(term_end__lt=on)
        .order_by("role", "name")
    )


# role -> (required number, required appointing body or None)
COMPOSITION_RULE = {
    CoordinationRole.POLITICIAN: (2, AppointingBody.KOMMUNSTYRELSEN),
    CoordinationRole.SUBSTITUTE: (2, AppointingBody.KOMMUNSTYRELSEN),
    CoordinationRole.OFFICIAL: (3, None),
    CoordinationRole.CIVIL_SOCIETY: (4, AppointingBody.CSAM),
}


def coordination_composition_problems(*, on: datetime.date | None = None) -> list[str]:
    """How today's coordination group differs from the rule, as Swedish sentences.

    The rule (the programme for collaboration): two political representatives
    and two substitutes appointed by kommunstyrelsen, three municipal officials
    and four civil-society representatives appointed by Csam. An empty list
    means the composition follows the rule.
    """
    members = list(coordination_members(on=on))
    counts = Counter(m.role for m in members)
    problems = []
    for role, (wanted, body) in COMPOSITION_RULE.items():
        have = counts.get(role, 0)
        if have != wanted:
            problems.append(
                _("%(role)s: %(have)d i dag, regeln säger %(wanted)d.")
                % {"role": CoordinationRole(role).label, "have": have, "wanted": wanted}
            )
        if body is not None:
            for member in members:
                if member.role == role and member.appointed_by != body:
                    problems.append(
                        _("%(name)s (%(role)s) ska vara utsedd av %(body)s.")
                        % {
                            "name": member.name,
                            "role": CoordinationRole(role).label.lower(),
                            "body": AppointingBody(body).label.lower(),
                        }
                    )
    return problems


@dataclass(frozen=True)
class RegistrationState:
    is_open: bool
    message: str
    count: int
    places_left: int | None
    # When the state changes by itself (registration closing, the meeting
    # starting), with no write to say so; None if it no longer does.
    changes_at: datetime.datetime | None = None


def meeting_registration_state(
    *, meeting, now: datetime.datetime | None = None
) -> RegistrationState:
    """Whether the meeting takes registrations now, and why not if it does not.

    Only numbers are returned; who registered is never part of it.
    """
    now = now or timezone.now()
    count = meeting.registrations.count() if meeting.pk else 0
    cap = meeting.registration_cap
    left = max(cap - count, 0) if cap is not None else None
    closes = meeting.registration_closes or meeting.start
    upcoming = [moment for moment in (closes, meeting.start) if moment > now]
    changes_at = min(upcoming) if upcoming else None
    if meeting.status == MeetingStatus.CANCELLED:
        message = _("Mötet är inställt. Det går inte att anmäla sig.")
    elif meeting.status == MeetingStatus.HELD or now >= meeting.start:
        message = _("Mötet har redan ägt rum. Anmälan är stängd.")
    elif now >= closes:
        message = _("Anmälan stängde %(date)s.") % {
            "date": timezone.localtime(closes).strftime("%Y-%m-%d %H:%M")
        }
    elif left == 0:
        message = _("Mötet är fullt: alla %(cap)d platser är tagna.") % {"cap": cap}
    else:
        return RegistrationState(
            is_open=True, message="", count=count, places_left=left, changes_at=changes_at
        )
    if meeting.status != MeetingStatus.PLANNED:
        changes_at = None  # cancelled or held: nothing changes until an organiser says so
    return RegistrationState(
        is_open=False, message=message, count=count, places_left=left, changes_at=changes_at
    )


@dataclass(frozen=True)
class FeedbackDue:
    meeting: MeetingPage
    due_on: datetime.date
    overdue: bool
    recipients: int


def meetings_feedback_due(*, user, today: datetime.date | None = None) -> list[FeedbackDue]:
    """Held meetings the user may send feedback for and nobody has sent it yet.

    Feedback is due seven days after the meeting; a meeting appears here from the
    day it is marked held, and is overdue once the due day has passed.
    """
    today = today or timezone.localdate()
    policy = MeetingPermissionPolicy(user)
    sent = FeedbackDispatch.objects.values("meeting_id")
    meetings = (
        MeetingPage.objects.filter(status=MeetingStatus.HELD).exclude(pk__in=sent).order_by("start")
    )
    rows = []
    for meeting in meetings:
        if not policy.can_send_feedback(meeting):
            continue
        due_on = meeting.feedback_due_on
        rows.append(
            FeedbackDue(
                meeting=meeting,
                due_on=due_on,
                overdue=today > due_on,
                recipients=meeting.registrations.count(),
            )
        )
    return rows


def meeting_next_or_latest(*, index, now: datetime.datetime | None = None):
    """The meeting a visitor most likely looks for: the next one, else the latest held.

    Returns ``(meeting, is_upcoming)``, or ``(None, False)`` when the index has
    no live meeting. A cancelled upcoming meeting is skipped in favour of the
    next one that will take place.
    """
    now = now or timezone.now()
    meetings = MeetingPage.objects.child_of(index).live().public()
    upcoming = (
        meetings.filter(start__gte=now).exclude(status=MeetingStatus.CANCELLED).order_by("start")
    ).first()
    if upcoming is not None:
        return upcoming, True
    latest = meetings.filter(start__lt=now).exclude(status=MeetingStatus.CANCELLED)
    return latest.order_by("-start").first(), False


def forum_index_for_site(*, site):
    """The live forum index under a site's home page, or None."""
    if site is None:
        return None
    return ForumIndexPage.objects.live().descendant_of(site.root_page).first()
