"""Deadline reminders: 7 and 2 days before to the case's coaches, overdue to the lead.

Two scheduled jobs send them (``cms.schedule``): the Snabb slant three-week
guarantee (decision deadlines) and every other deadline. A missed Snabb slant
decision is also written into the case's timeline, in the same transaction as
its overdue reminder, so it is recorded exactly once.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ..models import Case, CaseReminder, CaseTransition, DeadlineKind

logger = logging.getLogger(__name__)

Step = CaseReminder.Step
BEFORE = ((Step.TWO_DAYS, timedelta(days=2)), (Step.WEEK, timedelta(days=7)))
SNABB_SLANT = (DeadlineKind.DECISION,)
# The timeline entry of a missed deadline (idelabbet/admin/case_detail.html names it).
MISSED = "tidsgrans-missad"


def reminder_step(*, deadline_at, now) -> str | None:
    """The reminder due now for a deadline: the most urgent step reached, if any.

    A job that did not run in the seven-day window sends only the two-day
    reminder; one that missed both sends only the overdue one.
    """
    if now >= deadline_at:
        return Step.OVERDUE
    for step, ahead in BEFORE:
        if now >= deadline_at - ahead:
            return step
    return None


def _recipients(case: Case, step: str) -> list[str]:
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    if step != Step.OVERDUE:
        coaches = list(case.coaches.filter(is_active=True).exclude(email=""))
        if coaches:
            return sorted(u.email for u in coaches)
    # Overdue, or nobody assigned yet: the coach lead must know.
    if case.index.lead_group_id is None:
        return []
    return sorted(users.filter(groups=case.index.lead_group_id).values_list("email", flat=True))


def _send(case: Case, step: str, recipients: list[str]) -> None:
    base = getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/")
    context = {
        "case": case,
        "step": step,
        "overdue": step == Step.OVERDUE,
        "url": base + reverse("idelabbet-arenden:case", args=[case.pk]),
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = (
            _("Försenat ärende: %(title)s") if step == Step.OVERDUE else _("Påminnelse: %(title)s")
        ) % {"title": case}
        body = render_to_string("idelabbet/emails/paminnelse.txt", context)
    send_mail(subject, body, None, recipients)


def _record_miss(case: Case) -> None:
    CaseTransition.objects.create(
        case=case,
        name=MISSED,
        from_state=case.state,
        to_state=case.state,
        comment=_("Beslut om Snabb slant är inte fattat inom tre veckor (tidsgräns %(date)s).")
        % {"date": timezone.localtime(case.deadline_at).strftime("%Y-%m-%d %H:%M")},
    )


def case_reminders_send(*, now=None, kinds=None, exclude_kinds=()) -> int:
    """Email every reminder that is due, each exactly once however often this runs.

    A reminder is a row unique per (case, deadline, step): it is inserted and
    the email sent in one transaction, so a second run (or a concurrent one)
    finds the row and sends nothing, and a failed send leaves no row, to be
    tried again next run. ``kinds``/``exclude_kinds`` narrow it to some
    deadline kinds. Returns how many reminders went out.
    """
    now = now or timezone.now()
    sent = 0
    due = Case.objects.filter(deadline_at__isnull=False, deadline_at__lte=now + timedelta(days=7))
    if kinds is not None:
        due = due.filter(deadline_kind__in=kinds)
    if exclude_kinds:
        due = due.exclude(deadline_kind__in=exclude_kinds)
    due = due.select_related("index", "submission__idea").order_by("deadline_at")
    for case in due:
        step = reminder_step(deadline_at=case.deadline_at, now=now)
        if step is None:
            continue
        recipients = _recipients(case, step)
        try:
            with transaction.atomic():
                CaseReminder.objects.create(
                    case=case,
                    kind=case.deadline_kind,
                    deadline_at=case.deadline_at,
                    step=step,
                    recipients=", ".join(recipients),
                )
                if step == Step.OVERDUE and case.deadline_kind in SNABB_SLANT:
                    _record_miss(case)
                if recipients:
                    _send(case, step, recipients)
        except IntegrityError:
            continue  # already sent
        except Exception as error:  # noqa: BLE001 - retried on the next run
            logger.warning("Påminnelse för ärende %s misslyckades: %s", case.pk, error)
            continue
        sent += 1
    return sent


def snabb_slant_reminders_send(*, now=None) -> int:
    """The Snabb slant guarantee: warn before a decision is due, tell the lead when missed.

    A decision is promised within three weeks of a complete application
    (``models.grants.DECISION_WITHIN``). The case's coaches are warned 7 and 2
    days before, the lead is told on the day it is missed, and the miss is
    written into the case's timeline. Returns how many emails went out.
    """
    return case_reminders_send(now=now, kinds=SNABB_SLANT)


def deadline_reminders_send(*, now=None) -> int:
    """Every other case deadline (first contact, ...): 7 and 2 days before, then overdue."""
    return case_reminders_send(now=now, exclude_kinds=SNABB_SLANT)
