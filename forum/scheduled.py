"""The forum's duties that fall due with time: feedback reminders and the registration purge.

A host runs them on a schedule (this install: ``cms.schedule``); each is safe
to run late, often, or from two places at once.
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .models import FeedbackDispatch, FeedbackReminder, MeetingPage, MeetingStatus
from .permissions import MeetingPermissionPolicy
from .services import registrations_purge

Step = FeedbackReminder.Step
REMIND_BEFORE = datetime.timedelta(days=2)
# A miss older than this is not announced any more: a clock that was stopped
# for months must not mail about meetings long past.
MISSED_TOLD_WITHIN = datetime.timedelta(days=14)
REGISTRATIONS_KEPT_MONTHS = 12


def feedback_reminder_step(*, due_on: datetime.date, today: datetime.date) -> str | None:
    """The reminder due today for feedback due on ``due_on``: the most urgent step reached."""
    if today > due_on + MISSED_TOLD_WITHIN:
        return None
    if today > due_on:
        return Step.MISSED
    if today >= due_on - REMIND_BEFORE:
        return Step.DUE_SOON
    return None


def _organisers(meeting: MeetingPage) -> list:
    """Who may send this meeting's feedback (the permission policy decides), superusers aside."""
    perm = Permission.objects.filter(
        content_type__app_label="forum", codename="add_feedbackdispatch"
    ).first()
    if perm is None:
        return []
    users = (
        get_user_model()
        .objects.filter(is_active=True)
        .exclude(email="")
        .filter(Q(groups__permissions=perm) | Q(user_permissions=perm))
        .distinct()
        .order_by("pk")
    )
    return [u for u in users if MeetingPermissionPolicy(u).can_send_feedback(meeting)]


def _recipients(meeting: MeetingPage, step: str) -> list:
    if step == Step.MISSED:
        index = meeting.get_parent().specific
        group_id = getattr(index, "lead_group_id", None)
        if group_id is not None:
            leads = list(
                get_user_model()
                .objects.filter(is_active=True, groups=group_id)
                .exclude(email="")
                .order_by("pk")
            )
            if leads:
                return leads
    # Due soon, or no lead group chosen: the organisers must know.
    return _organisers(meeting)


def _send(meeting: MeetingPage, step: str, due_on: datetime.date, users: list) -> None:
    base = getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/")
    context = {
        "meeting": meeting,
        "missed": step == Step.MISSED,
        "due_on": date_format(due_on, "j F Y"),
        "url": base + reverse("forum_meeting_admin", args=[meeting.pk]),
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = (
            _("Återkopplingen är försenad: %(title)s")
            if step == Step.MISSED
            else _("Dags att skicka återkoppling: %(title)s")
        ) % {"title": meeting.title}
        body = render_to_string("forum/email/feedback_reminder.txt", context)
    send_mail(subject, body, None, sorted(u.email for u in users))


def feedback_reminders_send(*, now: datetime.datetime | None = None) -> int:
    """Remind organisers before feedback is due, and tell the lead group when it was missed.

    Feedback to a held meeting's participants is due seven days after the
    meeting (``MeetingPage.feedback_due_on``). Two days before, the organisers
    who may send it are reminded; the day after, if it still has not been
    sent, the index's lead group is told (the organisers, if none is chosen).
    Each reminder is a row unique per meeting and step, inserted with the email
    in one transaction: sent once however often or late this runs; a run that
    missed the first step sends only the second. Returns how many went out.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    sent_for = FeedbackDispatch.objects.values("meeting_id")
    meetings = (
        MeetingPage.objects.live()
        .filter(status=MeetingStatus.HELD, start__gte=now - datetime.timedelta(days=30))
        .exclude(pk__in=sent_for)
        .order_by("start")
    )
    sent = 0
    for meeting in meetings:
        due_on = meeting.feedback_due_on
        step = feedback_reminder_step(due_on=due_on, today=today)
        if step is None:
            continue
        users = _recipients(meeting, step)
        try:
            with transaction.atomic():
                FeedbackReminder.objects.create(
                    meeting=meeting, step=step, recipient_ids=[u.pk for u in users]
                )
                if users:
                    _send(meeting, step, due_on, users)
        except IntegrityError:
            continue  # already sent
        sent += 1
    return sent


def registrations_purge_due(
    *, months: int = REGISTRATIONS_KEPT_MONTHS, now: datetime.datetime | None = None
) -> int:
    """Delete registrations to meetings held more than ``months`` months ago."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=round(months * 30.44))
    return registrations_purge(held_before=cutoff)
