import datetime

import pytest
from django.core import mail

from forum.models import CoordinationMember, FeedbackDispatch, GuidingPrinciple
from tests.factories import UserFactory

from .conftest import add_meeting, register

pytestmark = pytest.mark.django_db


def _forbidden(response):
    return response.status_code == 403 or (
        response.status_code == 302 and "/admin/" in response["Location"]
    )


@pytest.fixture
def member(db):
    return CoordinationMember.objects.create(
        name="Test Testsson", role="official", term_start=datetime.date(2023, 1, 1)
    )


@pytest.mark.parametrize("group", ["Ekerö moderatorer", "Ekerö processledare", "Ekerö coacher"])
def test_ekero_groups_cannot_touch_forum_content(client, forum_index, member, group):
    meeting = add_meeting(forum_index, days=-3, status="held")
    register(meeting, email="deltagare@example.se", name="Privat Person")
    principle = GuidingPrinciple.objects.create(name="Dialog", definition="x")
    client.force_login(UserFactory(groups=[group]))

    assert _forbidden(client.get(f"/admin/pages/{meeting.pk}/edit/"))
    assert _forbidden(client.get(f"/admin/pages/add/forum/proposalpage/{meeting.pk}/"))
    assert _forbidden(client.get(f"/admin/pages/{forum_index.pk}/edit/"))
    registrations = client.get(f"/admin/forum/moten/{meeting.pk}/")
    assert _forbidden(registrations)
    assert "Privat Person" not in registrations.text
    assert _forbidden(client.post(f"/admin/forum/moten/{meeting.pk}/", {"summary": "x"}))
    assert not FeedbackDispatch.objects.exists()
    assert mail.outbox == []
    assert _forbidden(client.get(f"/admin/snippets/forum/coordinationmember/edit/{member.pk}/"))
    assert _forbidden(
        client.post(
            f"/admin/snippets/forum/coordinationmember/edit/{member.pk}/",
            {"name": "Kapad", "role": "official", "term_start": "2023-01-01"},
        )
    )
    assert _forbidden(client.get(f"/admin/snippets/forum/guidingprinciple/edit/{principle.pk}/"))
    assert CoordinationMember.objects.get(pk=member.pk).name == "Test Testsson"
    admin_home = client.get("/admin/").text
    assert "Återkoppling till forumdeltagare" not in admin_home
    assert "Samordningsgruppen" not in admin_home  # no forum menu
    assert _forbidden(client.get(f"/admin/forum/moten/{meeting.pk}/?format=csv"))


def test_jonkoping_moderators_edit_content_but_never_see_registrations(client, forum_index, member):
    meeting = add_meeting(forum_index, days=-3, status="held")
    register(meeting, email="deltagare@example.se", name="Privat Person")
    client.force_login(UserFactory(groups=["Jönköping moderatorer"]))

    assert client.get(f"/admin/pages/{meeting.pk}/edit/").status_code == 200
    assert (
        client.get(f"/admin/snippets/forum/coordinationmember/edit/{member.pk}/").status_code == 200
    )
    response = client.get(f"/admin/forum/moten/{meeting.pk}/")
    assert _forbidden(response)
    assert "Privat Person" not in response.text


def test_organiser_sees_registrations_with_needs(client, forum_index):
    meeting = add_meeting(forum_index, days=5)
    register(meeting, email="deltagare@example.se", name="Privat Person")
    client.force_login(UserFactory(groups=["Jönköping forumarrangörer"]))
    edit = client.get(f"/admin/pages/{meeting.pk}/edit/").text
    assert f"/admin/forum/moten/{meeting.pk}/" in edit  # header button
    html = client.get(f"/admin/forum/moten/{meeting.pk}/").text
    assert "Privat Person" in html and "deltagare@example.se" in html
    assert "Civilsamhälle: 1" in html
    assert "Samordningsgruppen" in client.get("/admin/").text  # the forum menu
    csv = client.get(f"/admin/forum/moten/{meeting.pk}/?format=csv")
    assert csv["Content-Type"].startswith("text/csv")
    assert "Privat Person;;Civilsamhälle;deltagare@example.se;" in csv.content.decode("utf-8-sig")


def test_registration_csv_never_starts_a_spreadsheet_formula(client, forum_index):
    meeting = add_meeting(forum_index, days=5)
    register(meeting, email="x@example.se", name='=HYPERLINK("http://evil")')
    client.force_login(UserFactory(groups=["Jönköping forumarrangörer"]))
    text = client.get(f"/admin/forum/moten/{meeting.pk}/?format=csv").content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text
    assert "\n=HYPERLINK" not in text


def test_anonymous_visitor_cannot_reach_registrations(client, forum_index):
    meeting = add_meeting(forum_index, days=5)
    response = client.get(f"/admin/forum/moten/{meeting.pk}/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
