"""The admin screens around the cases: the moderator's dashboard panel and the Snabb
slant application as a person reads it (names, yes/no, local time)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from idelabbet.models import SnabbSlantApplication
from idelabbet.services.grants import BudgetLine, GroupMember, snabb_slant_apply
from tests.factories import UserFactory

from .conftest import make_case, submit

pytestmark = pytest.mark.django_db


def test_a_moderator_sees_the_waiting_ideas_on_the_dashboard(client, ideas_index):
    submit(ideas_index, title="Cykelkök i Stenhamra")
    moderator = UserFactory(username="moa", groups=["Ekerö moderatorer"])
    client.force_login(moderator)
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    panel = page[page.index("Idéer som väntar på granskning") :]
    assert "Cykelkök i Stenhamra" in panel and "Alla 1 idé att granska" in panel


def test_the_snabb_slant_application_reads_as_a_person_would_say_it(client, ideas_index, people):
    case = make_case(ideas_index, coaches=[people["assigned"]])
    application = snabb_slant_apply(
        submission=case.submission,
        activity_what="Loppis",
        activity_when="Lördag",
        activity_where="Torget",
        activity_for_whom="Alla",
        contacted_idelabbet=True,
        persons=[GroupMember(name=f"Person {n}", contact="070-000 00 00") for n in range(3)],
        budget=[BudgetLine(description="Bord", amount_sek=10_000)],
    )
    # 23:30 in UTC is already the next day in Stockholm.
    SnabbSlantApplication.objects.filter(pk=application.pk).update(
        submitted_at=datetime(2026, 3, 1, 23, 30, tzinfo=ZoneInfo("UTC")),
    )
    lead = people["lead"]
    lead.first_name, lead.last_name = "Lena", "Ek"
    lead.save()
    lead.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["view_snabbslantapplication", "change_snabbslantapplication"]
        )
    )
    client.force_login(lead)
    url = reverse("idelabbet-snabb-slant:inspect", args=[application.pk])
    client.post(reverse("idelabbet-snabb-slant:complete", args=[application.pk]))
    page = client.get(url).content.decode()
    assert "2026-03-02 00:30" in page  # Europe/Stockholm, not UTC
    assert "Lena Ek" in page and lead.username not in page
    for raw in (">True<", ">None<", ">False<"):
        assert raw not in page.replace("\n", "").replace(" ", "")
    assert "10\xa0000 kr" in page
    listing = client.get(reverse("idelabbet-snabb-slant:index")).content.decode()
    assert "2026-03-02 00:30" in listing
    assert ">None<" not in listing.replace(" ", "").replace("\n", "")
