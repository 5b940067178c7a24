"""Deadlines, reminders (each exactly once) and the dashboard panel."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from idelabbet.models import Case, CaseReminder
from idelabbet.services.grants import (
    BudgetLine,
    GroupMember,
    snabb_slant_apply,
    snabb_slant_mark_complete,
)
from idelabbet.services.reminders import case_reminders_send, reminder_step
from idelabbet.workflow import State

from .conftest import make_case

pytestmark = pytest.mark.django_db


def _apply(case):
    return snabb_slant_apply(
        submission=case.submission,
        activity_what="Loppis",
        activity_when="Lördag",
        activity_where="Torget",
        activity_for_whom="Alla",
        contacted_idelabbet=True,
        persons=[GroupMember(name=f"Person {n}", contact="070-000 00 00") for n in range(3)],
        budget=[BudgetLine(description="Bord", amount_sek=500)],
    )


def test_first_contact_is_due_the_configured_number_of_days_after_submission(ideas_index):
    ideas_index.first_contact_days = 3
    ideas_index.save()
    case = make_case(ideas_index)
    from idelabbet.services.cases import case_deadline_refresh

    case = case_deadline_refresh(
        case=Case.objects.select_related("index", "submission").get(pk=case.pk)
    )
    assert case.deadline_at == case.submission.submitted_at + timedelta(days=3)
    assert case.deadline_kind == "forsta-kontakt"


def test_snabb_slant_decision_is_due_21_days_after_the_application_is_complete(ideas_index, people):
    case = make_case(ideas_index, state=State.APPLICATION, coaches=[people["assigned"]])
    application = _apply(case)
    case.refresh_from_db()
    assert case.deadline_at is None  # the clock has not started
    application = snabb_slant_mark_complete(application=application, user=people["assigned"])
    case.refresh_from_db()
    assert case.deadline_at == application.completed_at + timedelta(days=21)
    assert case.deadline_kind == "beslut"


def test_contacting_the_citizen_ends_the_first_contact_deadline(client, ideas_index, people):
    case = make_case(ideas_index, coaches=[people["assigned"]])
    from idelabbet.services.cases import case_transition

    case_transition(case=case, user=people["assigned"], name="kontakta", version=case.version)
    case.refresh_from_db()
    assert case.deadline_at is None


@pytest.mark.parametrize(
    "days_left,step",
    [(8, None), (7, "7-dagar"), (3, "7-dagar"), (2, "2-dagar"), (0.5, "2-dagar"), (-1, "forsenad")],
)
def test_the_reminder_due_depends_on_the_days_left(days_left, step):
    now = timezone.now()
    assert reminder_step(deadline_at=now + timedelta(days=days_left), now=now) == step


def test_each_reminder_is_sent_exactly_once_however_often_the_job_runs(ideas_index, people):
    case = make_case(ideas_index, coaches=[people["assigned"]])
    deadline = case.deadline_at
    mail.outbox.clear()
    week_before = deadline - timedelta(days=6)
    assert case_reminders_send(now=week_before) == 1
    assert case_reminders_send(now=week_before + timedelta(hours=1)) == 0
    assert [m.to for m in mail.outbox] == [[people["assigned"].email]]
    assert "Påminnelse" in mail.outbox[0].subject
    two_days = deadline - timedelta(days=1)
    assert case_reminders_send(now=two_days) == 1
    assert case_reminders_send(now=two_days) == 0
    overdue = deadline + timedelta(days=1)
    assert case_reminders_send(now=overdue) == 1
    assert case_reminders_send(now=overdue + timedelta(days=3)) == 0
    assert len(mail.outbox) == 3
    assert mail.outbox[2].to == [people["lead"].email]
    assert "Försenat ärende" in mail.outbox[2].subject
    assert CaseReminder.objects.filter(case=case).count() == 3


def test_a_failed_reminder_is_tried_again_on_the_next_run(ideas_index, people, monkeypatch):
    case = make_case(ideas_index, coaches=[people["assigned"]])
    now = case.deadline_at - timedelta(days=1)

    def broken(*args, **kwargs):
        raise ConnectionError("SMTP nere")

    monkeypatch.setattr("idelabbet.services.reminders.send_mail", broken)
    assert case_reminders_send(now=now) == 0
    assert not CaseReminder.objects.exists()
    monkeypatch.undo()
    mail.outbox.clear()
    assert case_reminders_send(now=now) == 1
    assert len(mail.outbox) == 1


def test_the_operators_command_sends_reminders_once(ideas_index, people):
    case = make_case(ideas_index, coaches=[people["assigned"]])
    Case.objects.filter(pk=case.pk).update(deadline_at=timezone.now() + timedelta(days=1))
    mail.outbox.clear()
    call_command("idelabbet_arenden", "--bara-paminnelser", stdout=_Null())
    call_command("idelabbet_arenden", "--bara-paminnelser", stdout=_Null())
    assert len(mail.outbox) == 1


def test_the_reminder_task_runs_through_the_database_worker(ideas_index, people):
    from django_tasks_db.models import DBTaskResult

    from idelabbet.tasks.cases import case_reminders_run

    case = make_case(ideas_index, coaches=[people["assigned"]])
    Case.objects.filter(pk=case.pk).update(deadline_at=timezone.now() + timedelta(days=1))
    mail.outbox.clear()
    case_reminders_run.enqueue()
    # The worker closes "old" connections between tasks, which would close
    # the test's own transaction; the loop itself is the real one.
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command(
            "db_worker",
            batch=True,
            queue_name="default",
            no_startup_delay=True,
            interval=0,
            stdout=_Null(),
            stderr=_Null(),
        )
    result = DBTaskResult.objects.get(task_path__endswith="case_reminders_run")
    assert result.status == "SUCCESSFUL"
    assert len(mail.outbox) == 1


def test_the_dashboard_shows_my_week_and_the_new_unassigned_cases(client, ideas_index, people):
    overdue = make_case(ideas_index, coaches=[people["assigned"]], title="Försenad idé")
    soon = make_case(ideas_index, coaches=[people["assigned"]], title="Snart idé")
    later = make_case(ideas_index, coaches=[people["assigned"]], title="Senare idé")
    make_case(ideas_index, title="Ny idé utan coach")
    others = make_case(ideas_index, coaches=[people["assigned2"]], title="Kollegans försenade")
    now = timezone.now()
    Case.objects.filter(pk=overdue.pk).update(deadline_at=now - timedelta(days=2))
    Case.objects.filter(pk=soon.pk).update(deadline_at=now + timedelta(days=3))
    Case.objects.filter(pk=later.pk).update(deadline_at=now + timedelta(days=30))
    Case.objects.filter(pk=others.pk).update(deadline_at=now - timedelta(days=1))
    client.force_login(people["assigned"])
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    mine = page[page.index("Mina ärenden den här veckan") : page.index("Nya ärenden att fördela")]
    assert mine.index("Försenad idé") < mine.index("Snart idé")
    assert "försenad 2 dagar" in mine and "3 dagar kvar" in mine
    assert "Senare idé" not in mine and "Ny idé utan coach" not in mine
    new = page[page.index("Nya ärenden att fördela") :]
    assert "Ny idé utan coach" in new
    # Another coach's overdue case is the lead's concern, shown to those who may see it.
    client.force_login(people["lead"])
    lead_page = client.get(reverse("wagtailadmin_home")).content.decode()
    overdue_panel = lead_page[lead_page.index("Andras försenade ärenden") :]
    assert "Kollegans försenade" in overdue_panel and "Försenad idé" in overdue_panel


class _Null:
    def write(self, *args, **kwargs):
        pass

    def flush(self):
        pass
