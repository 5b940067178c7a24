"""Two-factor sign-in (TOTP, django-otp): optional, and required for the groups an admin picks."""

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from freezegun import freeze_time

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"


def _code(device) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def _sign_in(client, user):
    response = client.post(LOGIN, {"username": user.username, "password": "losenord-123"})
    assert response.status_code == 302
    return client.get("/admin/")


@pytest.fixture
def required_for_coaches(sites):
    coaches = Group.objects.get(name="Ekerö coacher")
    coaches.permissions.add(
        Permission.objects.get(codename="require_two_factor", content_type__app_label="cms")
    )
    return coaches


def test_a_coach_in_a_required_group_must_add_a_device_before_the_admin_opens(
    client, required_for_coaches
):
    coach = UserFactory(username="coach.tvasteg", groups=["Ekerö coacher"])
    first = _sign_in(client, coach)
    assert first.status_code == 302 and first.url.startswith("/admin/tvastegs/?next=")
    # Nothing else opens meanwhile, not even the case board.
    assert client.get("/admin/idelabbet/arenden/").url.startswith("/admin/tvastegs/")
    setup = client.get(first.url)
    assert "Din grupp kräver tvåstegsverifiering" in setup.text
    assert "<svg" in setup.text
    device = TOTPDevice.objects.get(user=coach, confirmed=False)
    wrong = client.post("/admin/tvastegs/", {"token": "000000", "next": "/admin/"})
    assert "Koden stämmer inte" in wrong.text
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()
    done = client.post("/admin/tvastegs/", {"token": _code(device), "next": "/admin/"})
    assert done.status_code == 302 and done.url == "/admin/"
    assert client.get("/admin/").status_code == 200
    # The next sign-in (a minute later: a code is good once) asks for a code before anything.
    client.logout()
    with freeze_time(datetime.now(tz=UTC) + timedelta(seconds=60), tick=True):
        again = _sign_in(client, coach)
        assert again.url.startswith("/admin/tvastegs/verifiera/")
        assert client.get("/admin/idelabbet/arenden/").status_code == 302
        device.refresh_from_db()
        verified = client.post(
            "/admin/tvastegs/verifiera/",
            {"token": _code(device), "next": "/admin/idelabbet/arenden/"},
        )
        assert verified.url == "/admin/idelabbet/arenden/"
        assert client.get("/admin/idelabbet/arenden/").status_code == 200


def test_it_is_optional_for_groups_that_do_not_require_it(client, required_for_coaches):
    lead = UserFactory(username="lead.tvasteg", groups=["Ekerö processledare"])
    assert _sign_in(client, lead).status_code == 200


def test_a_next_address_elsewhere_is_not_followed(client, sites):
    lead = UserFactory(username="lead.extern", groups=["Ekerö processledare"])
    _sign_in(client, lead)
    client.get("/admin/tvastegs/")
    device = TOTPDevice.objects.get(user=lead)
    response = client.post(
        "/admin/tvastegs/", {"token": _code(device), "next": "https://evil.example/"}
    )
    assert response.url == "/admin/"


def test_the_administrator_finds_the_requirement_in_the_group_settings(client, sites):
    admin = UserFactory(username="superadmin", is_superuser=True, is_staff=True)
    admin.save()
    client.force_login(admin)
    group = Group.objects.get(name="Ekerö coacher")
    page = client.get(f"/admin/groups/edit/{group.pk}/")
    assert page.status_code == 200
    permission = Permission.objects.get(codename="require_two_factor")
    assert "<h3>Tvåstegsverifiering</h3>" in page.text
    assert f'value="{permission.pk}"' in page.text  # its checkbox in the group's permissions
