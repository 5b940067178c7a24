"""The admin login against password guessing (django-axes): lock-out and its reset."""

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"


@pytest.fixture
def coach(sites):
    return UserFactory(username="coach.ekero", groups=["Ekerö coacher"])


def _login(client, username, password, address="192.0.2.10"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def test_five_wrong_passwords_lock_the_login_even_for_the_right_one(client, coach):
    for _ in range(4):
        response = _login(client, "coach.ekero", "fel-losenord")
        assert response.status_code == 200  # the form again, with Wagtail's error
    locked = _login(client, "coach.ekero", "fel-losenord")
    assert locked.status_code == 429
    assert "Inloggningen är spärrad en stund" in locked.text
    assert '<html lang="sv">' in locked.text
    # The right password does not get in either while it is locked.
    right = _login(client, "coach.ekero", "losenord-123")
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session
    # Another address, or another user from this one, is not locked.
    assert _login(client, "coach.ekero", "losenord-123", address="198.51.100.7").status_code == 302
    client.logout()
    other = UserFactory(username="lead.ekero", groups=["Ekerö processledare"])
    assert _login(client, other.username, "losenord-123").status_code == 302


def test_a_forwarded_header_does_not_buy_fresh_attempts(client, coach):
    for n in range(5):
        client.post(
            LOGIN,
            {"username": "coach.ekero", "password": "fel"},
            REMOTE_ADDR="192.0.2.10",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}",
        )
    assert _login(client, "coach.ekero", "losenord-123").status_code == 429


def test_the_lock_is_reset_by_the_command(client, coach):
    for _ in range(5):
        _login(client, "coach.ekero", "fel-losenord")
    assert _login(client, "coach.ekero", "losenord-123").status_code == 429
    call_command("axes_reset_username", "coach.ekero")
    assert not AccessAttempt.objects.exists()
    response = _login(client, "coach.ekero", "losenord-123")
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_a_site_administrator_resets_it_in_the_admin(client, coach):
    for _ in range(5):
        _login(client, "coach.ekero", "fel-losenord")
    attempt = AccessAttempt.objects.get(username="coach.ekero")
    admin = UserFactory(username="webbadmin", is_superuser=True, is_staff=True, groups=[])
    admin.save()
    client.force_login(admin)
    listing = client.get("/django-admin/axes/accessattempt/")
    assert listing.status_code == 200 and "coach.ekero" in listing.text
    client.post(f"/django-admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})
    assert not AccessAttempt.objects.exists()
    client.logout()
    assert _login(client, "coach.ekero", "losenord-123").status_code == 302
