"""End to end: the clock queues the reminders, the real worker mails them, the report shows it."""

import os
import re
import subprocess
import sys
from datetime import timedelta
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, assert_no_serious_axe_violations, ekero_ideas_index
from tests.factories import UserFactory
from tests.idelabbet.conftest import case_reset, submit

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]


def _database_url() -> str:
    """The URL of the database this test runs against (the test database)."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    user, host, port = settings["USER"], settings["HOST"] or "127.0.0.1", settings["PORT"] or 5432
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    return f"postgres://{user}{password}@{host}:{port}/{settings['NAME']}"


def _manage(*args: str, mail_dir: Path) -> str:
    """Run a management command in its own process, as the Procfile's processes do."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "DEBUG": "false",
        "DATABASE_URL": _database_url(),
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
    }
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def _mails(mail_dir: Path) -> list:
    messages = []
    for path in sorted(mail_dir.glob("*.log")):
        # The file backend writes each message followed by a line of dashes.
        for raw in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if raw.strip():
                messages.append(message_from_bytes(raw.lstrip(), policy=policy.default))
    return messages


def _sign_in(page, base, user):
    page.goto(base + "/admin/login/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill("losenord-123")
    page.locator("form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/admin/$"))


def test_an_overdue_case_gets_its_email_through_the_clock_and_the_worker(
    live_sites, page, tmp_path
):
    index = ekero_ideas_index(live_sites)
    coach = UserFactory(username="kim", groups=["Ekerö coacher"])
    lead = UserFactory(username="lena", groups=["Ekerö processledare"])
    case = case_reset(submit(index, title="Bytardag i Skå").case, coaches=[coach])
    # The case's open first-contact deadline, passed an hour ago.
    case.deadlines.filter(stopped_at__isnull=True).update(
        due_at=timezone.now() - timedelta(hours=1)
    )
    mail_dir = tmp_path / "mail"

    queued = _manage("clock", "--once", mail_dir=mail_dir)
    assert "arendepaminnelser" in queued
    _manage("db_worker", "--batch", "--queue-name", "*", "--no-startup-delay", mail_dir=mail_dir)

    # The default policy decodes the encoded Swedish subject.
    overdue = [m for m in _mails(mail_dir) if str(m["Subject"]).startswith("Försenat")]
    assert len(overdue) == 1
    assert str(overdue[0]["Subject"]) == "Försenat ärende: Bytardag i Skå"
    assert overdue[0]["To"] == lead.email
    assert f"/admin/idelabbet/arenden/{case.pk}/" in overdue[0].get_content()

    _sign_in(page, live_sites["ekero"], lead)
    page.get_by_role("button", name="Rapporter").click()
    page.get_by_role("link", name="Schemalagda jobb").click()
    expect(page.get_by_role("heading", name="Schemalagda jobb", level=1)).to_be_visible()
    row = page.locator('tr[data-job="arendepaminnelser"]')
    expect(row).to_contain_text("Klar")
    expect(row).to_contain_text("påminnelser skickade: 1")
    expect(row.locator("td").last).to_have_text("–")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "schemalagda-jobb.png"), full_page=True)
    assert_no_serious_axe_violations(page)
