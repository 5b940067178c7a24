"""Case reminders as the clock sends them: through the worker, once, and Snabb slant's guarantee."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from cms.models import JobRun
from idelabbet.models import Case, CaseReminder, CaseTransition
from idelabbet.services.grants import snabb_slant_mark_complete
from idelabbet.services.reminders import snabb_slant_reminders_send
from idelabbet.workflow import State
from tests.clock import simulate

from .conftest import make_case
from .test_deadlines import _apply

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Europe/Stockholm")


def _snabb_slant_case(ideas_index, people, *, completed_at):
    case = make_case(ideas_index, state=State.APPLICATION, coaches=[people["assigned"]])
    application = _apply(case)
    snabb_slant_mark_complete(application=application, user=people["assigned"])
    application.__class__.objects.filter(pk=application.pk).update(completed_at=completed_at)
    Case.objects.filter(pk=case.pk).update(deadline_at=completed_at + timedelta(weeks=3))
    return Case.objects.get(pk=case.pk)


def test_two_clocks_send_each_reminder_exactly_once(ideas_index, people):
    start = datetime(2026, 5, 4, 6, 0, tzinfo=TZ)
    first_contact = make_case(ideas_index, coaches=[people["assigned"]], title="Första kontakten")
    Case.objects.filter(pk=first_contact.pk).update(deadline_at=start + timedelta(days=6))
    snabb = _snabb_slant_case(
        ideas_index, people, completed_at=start + timedelta(days=6) - timedelta(weeks=3)
    )
    mail.outbox.clear()
    # Both clocks tick every moment of an hour on the days each reminder falls
    # due (7 days before, 2 days before, overdue), the real worker beside them.
    # In between they stand still: catching up must not send anything twice.
    jobs = ["arendepaminnelser", "snabb-slant-tre-veckor"]
    for day in (0, 4, 6):
        begin = start + timedelta(days=day)
        simulate(
            begin,
            begin + timedelta(hours=1),
            clocks=("klocka-a", "klocka-b"),
            only=jobs,
            worker=True,
        )

    subjects = sorted(m.subject for m in mail.outbox)
    assert subjects == sorted(
        ["Påminnelse: Första kontakten"] * 2
        + ["Försenat ärende: Första kontakten"]
        + [f"Påminnelse: {snabb}"] * 2
        + [f"Försenat ärende: {snabb}"]
    )
    assert CaseReminder.objects.count() == 6
    assert not JobRun.objects.exclude(status=JobRun.Status.DONE).exists()
    assert JobRun.objects.filter(job="arendepaminnelser").count() == 3 * (12 + 1)


def test_a_missed_snabb_slant_decision_warns_coaches_tells_the_lead_and_goes_on_the_timeline(
    client, ideas_index, people
):
    completed = timezone.now() - timedelta(days=10)
    case = _snabb_slant_case(ideas_index, people, completed_at=completed)
    deadline = case.deadline_at
    mail.outbox.clear()
    assert snabb_slant_reminders_send(now=deadline - timedelta(days=6)) == 1
    assert snabb_slant_reminders_send(now=deadline - timedelta(days=1)) == 1
    assert [m.to for m in mail.outbox] == [[people["assigned"].email]] * 2
    assert not CaseTransition.objects.filter(case=case, name="tidsgrans-missad").exists()

    assert snabb_slant_reminders_send(now=deadline + timedelta(hours=1)) == 1
    assert snabb_slant_reminders_send(now=deadline + timedelta(days=2)) == 0
    assert mail.outbox[2].to == [people["lead"].email]
    assert mail.outbox[2].subject.startswith("Försenat ärende")
    assert CaseTransition.objects.filter(case=case, name="tidsgrans-missad").count() == 1

    client.force_login(people["lead"])
    page = client.get(reverse("idelabbet-arenden:case", args=[case.pk])).content.decode()
    timeline = page[page.index("Tidslinje") :]
    assert "Tidsgränsen passerades" in timeline
    assert "Beslut om Snabb slant är inte fattat inom tre veckor" in timeline


def test_the_first_contact_job_leaves_snabb_slant_deadlines_to_their_own_job(ideas_index, people):
    from idelabbet.services.reminders import deadline_reminders_send

    case = _snabb_slant_case(ideas_index, people, completed_at=timezone.now() - timedelta(days=20))
    mail.outbox.clear()
    assert deadline_reminders_send() == 0
    assert snabb_slant_reminders_send() == 1
    assert CaseReminder.objects.get().case == case
