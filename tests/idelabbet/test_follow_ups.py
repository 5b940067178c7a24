"""A coach's own follow-up dates: set with a reason on the case page, shown on the
board, reminded like any deadline, and only by those who work on the case."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from idelabbet.models import CaseDeadline
from idelabbet.services.reminders import case_reminders_send
from idelabbet.workflow import State

from .conftest import make_case

pytestmark = pytest.mark.django_db


def _add(client, case, due_on, reason="Avtalat samtal om lokalen"):
    return client.post(
        reverse("idelabbet-arenden:follow_up", args=[case.pk]),
        {"due_on": f"{due_on:%Y-%m-%d}", "reason": reason},
    )


def test_a_follow_up_shows_on_the_case_and_the_board_and_is_reminded_once(
    client, ideas_index, people
):
    case = make_case(ideas_index, state=State.COACHING, coaches=[people["assigned"]])
    client.force_login(people["assigned"])
    due_on = timezone.localdate() + timedelta(days=2)
    assert _add(client, case, due_on).status_code == 302
    page = client.get(reverse("idelabbet-arenden:case", args=[case.pk])).content.decode()
    assert "Avtalat samtal om lokalen" in page and f"Uppföljning {due_on:%Y-%m-%d}" in page
    board = client.get(reverse("idelabbet-arenden:index")).content.decode()
    board = " ".join(strip_tags(board).split())
    # On the case's card: the date whole, and why it was set.
    assert f"Uppföljning {due_on:%Y-%m-%d} Avtalat samtal om lokalen" in board
    mail.outbox.clear()
    assert case_reminders_send() == 1
    assert case_reminders_send() == 0
    assert mail.outbox[0].to == [people["assigned"].email]
    assert "Avtalat samtal om lokalen" in mail.outbox[0].body


def test_a_follow_up_needs_a_reason_and_a_date_not_in_the_past(client, ideas_index, people):
    case = make_case(ideas_index, state=State.COACHING, coaches=[people["assigned"]])
    client.force_login(people["assigned"])
    response = _add(client, case, timezone.localdate() - timedelta(days=1), reason=" ")
    assert response.status_code == 400
    text = response.content.decode()
    assert "Välj ett datum från och med i dag." in text or "Skriv varför" in text
    assert not CaseDeadline.objects.filter(case=case, kind="uppfoljning").exists()


def test_those_who_only_read_the_case_cannot_set_or_close_follow_ups(client, ideas_index, people):
    case = make_case(ideas_index, state=State.COACHING, coaches=[people["assigned"]])
    client.force_login(people["moderator"])
    response = _add(client, case, timezone.localdate() + timedelta(days=1))
    assert response.status_code in (302, 403) and "login" not in response.get("Location", "")
    assert not CaseDeadline.objects.filter(case=case, kind="uppfoljning").exists()
    client.force_login(people["assigned"])
    _add(client, case, timezone.localdate() + timedelta(days=1))
    deadline = CaseDeadline.objects.get(case=case, kind="uppfoljning")
    client.force_login(people["moderator"])
    client.post(reverse("idelabbet-arenden:follow_up_done", args=[case.pk, deadline.pk]))
    deadline.refresh_from_db()
    assert deadline.stopped_at is None
    client.force_login(people["assigned"])
    client.post(reverse("idelabbet-arenden:follow_up_done", args=[case.pk, deadline.pk]))
    deadline.refresh_from_db()
    assert deadline.stopped_at is not None
