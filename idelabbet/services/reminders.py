"""Deadline reminders: 7 and 2 days before to the case's coaches, overdue to the lead."""

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

from ..models import Case, CaseDeadline, CaseReminder
from ..workflow import ENDED_STATES

logger = logging.getLogger(__name__)

Step = CaseReminder.Step
BEFORE = ((Step.TWO_DAYS, timedelta(days=2)), (Step.WEEK, timedelta(days=7)))


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
    # The coaches of the case first; overdue, or nobody assigned: the lead.
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    if step != Step.OVERDUE:
        coaches = list(case.coaches.filter(is_active=True).exclude(email=""))
        if coaches:
            return sorted(u.email for u in coaches)
    # Overdue, or nobody assigned yet: the coach lead must know.
    if case.index.lead_group_id is None:
        return []
    return sorted(users.filter(groups=case.index.lead_group_id).values_list("email", flat=True))


def _send(deadline: CaseDeadline, step: str, recipients: list[str]) -> None:
    case = deadline.case
    base = getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/")
    context = {
        "case": case,
        "deadline": deadline,
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


def case_reminders_send(*, now=None) -> int:
    """Email every reminder that is due, each exactly once however often this runs.

    Every open deadline of a case (first contact, Snabb slant decision, a
    coach's follow-up date) is reminded. A reminder is a row unique per (case,
    deadline, step): it is inserted and the email sent in one transaction, so a
    second run (or a concurrent one) finds the row and sends nothing, and a
    failed send leaves no row, to be tried again next run. Returns how many
    reminders went out. Run by the task ``case_reminders_run`` (the clock
    schedules it).
    """
    now = now or timezone.now()
    sent = 0
    due = (
        CaseDeadline.objects.filter(stopped_at__isnull=True, due_at__lte=now + timedelta(days=7))
        .exclude(case__state__in=ENDED_STATES)
        .select_related("case__index", "case__submission__idea")
        .order_by("due_at", "pk")
    )
    for deadline in due:
        case = deadline.case
        step = reminder_step(deadline_at=deadline.due_at, now=now)
        if step is None:
            continue
        recipients = _recipients(case, step)
        try:
            with transaction.atomic():
                CaseReminder.objects.create(
                    case=case,
                    kind=deadline.kind,
                    deadline_at=deadline.due_at,
                    step=step,
                    recipients=", ".join(recipients),
                )
                if recipients:
                    _send(deadline, step, recipients)
        except IntegrityError:
            continue  # already sent
        except Exception as error:  # noqa: BLE001 - retried on the next run
            logger.warning("Påminnelse för ärende %s misslyckades: %s", case.pk, error)
            continue
        sent += 1
    return sent
