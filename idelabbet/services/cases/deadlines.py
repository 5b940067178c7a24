"""Deadlines of cases: started by events, stopped by the workflow's effects.

A case has open deadlines (``CaseDeadline`` rows): the first contact (started
when the case opens), the Snabb slant decision (when a coach marks the
application complete) and the coaches' own follow-up dates. The nearest open
one is kept on ``Case.deadline_at`` so the board sorts and filters on a column;
the reminders (``services.reminders``) walk the open rows.
"""

from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ...models import Case, CaseDeadline
from ...permissions import case_policy
from ...workflow import DECISION_STARTS_IN, DECISION_WITHIN, Action, DeadlineKind


@transaction.atomic
def case_deadline_refresh(*, case: Case) -> Case:
    """Put the nearest open deadline of ``case`` on the case row (for the board)."""
    nearest = (
        CaseDeadline.objects.filter(case=case, stopped_at__isnull=True)
        .order_by("due_at", "pk")
        .first()
    )
    case.deadline_at = nearest.due_at if nearest else None
    case.deadline_kind = nearest.kind if nearest else ""
    Case.objects.filter(pk=case.pk).update(
        deadline_at=case.deadline_at, deadline_kind=case.deadline_kind
    )
    return case


def deadline_start(
    *, case: Case, kind: str, due_at: datetime, reason: str = "", user=None
) -> CaseDeadline:
    """Open a deadline (no refresh: the caller refreshes once after all its writes)."""
    return CaseDeadline.objects.create(
        case=case, kind=kind, due_at=due_at, reason=reason, created_by=user
    )


def deadlines_stop(*, case: Case, kinds) -> int:
    """Stop the open deadlines of the given kinds (an effect of a transition)."""
    return CaseDeadline.objects.filter(
        case=case, kind__in=list(kinds), stopped_at__isnull=True
    ).update(stopped_at=timezone.now())


@transaction.atomic
def case_decision_deadline_start(*, case: Case, completed_at: datetime) -> Case:
    """A Snabb slant application is complete: the decision is due three weeks later.

    Only while the case is before its decision, and once (a second complete
    application does not restart the guarantee).
    """
    if (
        case.state in DECISION_STARTS_IN
        and not case.deadlines.filter(kind=DeadlineKind.DECISION).exists()
    ):
        deadline_start(case=case, kind=DeadlineKind.DECISION, due_at=completed_at + DECISION_WITHIN)
    return case_deadline_refresh(case=case)


@transaction.atomic
def case_follow_up_add(*, case: Case, user, due_on, reason: str) -> CaseDeadline:
    """A coach's own follow-up date (e.g. an agreed call), with the reason for it.

    Needs the ``note`` action on the case (those who work on it). Due at the
    end of the office day on ``due_on``; shown on the board and reminded like
    any deadline.
    """
    if not case_policy.user_has_permission_for_instance(user, Action.ADD_NOTE, case, fresh=True):
        raise PermissionDenied
    reason = reason.strip()
    errors = []
    if not reason:
        errors.append(_("Skriv varför: det står i påminnelsen."))
    if due_on is None or due_on < timezone.localdate():
        errors.append(_("Välj ett datum från och med i dag."))
    if errors:
        raise ValidationError(errors)
    day_end = datetime.combine(due_on, datetime.min.time()) + timedelta(hours=17)
    deadline = deadline_start(
        case=case,
        kind=DeadlineKind.FOLLOW_UP,
        due_at=timezone.make_aware(day_end),
        reason=reason[:300],
        user=user,
    )
    case_deadline_refresh(case=case)
    return deadline


@transaction.atomic
def case_follow_up_done(*, deadline: CaseDeadline, user) -> CaseDeadline:
    """Mark a follow-up date done; the board shows the next deadline instead."""
    case = deadline.case
    if deadline.kind != DeadlineKind.FOLLOW_UP or not case_policy.user_has_permission_for_instance(
        user, Action.ADD_NOTE, case, fresh=True
    ):
        raise PermissionDenied
    CaseDeadline.objects.filter(pk=deadline.pk, stopped_at__isnull=True).update(
        stopped_at=timezone.now()
    )
    case_deadline_refresh(case=case)
    deadline.refresh_from_db()
    return deadline
