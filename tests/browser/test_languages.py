"""A visitor on a phone reads Jönköping's latest meeting in English: no Swedish interface text."""

import re
from pathlib import Path

import polib
import pytest
from django.core.management import call_command

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"


def _swedish_interface_strings() -> set[str]:
    """Every Swedish interface string that has an English translation different from it."""
    found = set()
    for app in ("cms", "forum", "idelabbet", "search"):
        catalogue = ROOT / app / "locale" / "en" / "LC_MESSAGES" / "django.po"
        for entry in polib.pofile(str(catalogue)):
            text = entry.msgid
            if entry.msgid_plural or "%" in text or "{" in text or "<" in text:
                continue
            if entry.msgstr and entry.msgstr != text and len(text) >= 6:
                found.add(text)
    return found


@pytest.fixture
def demo(live_sites):
    with open("/dev/null", "w") as devnull:
        call_command("load_demo", allow_production=True, stdout=devnull)
    return live_sites


def test_jonkopings_latest_meeting_reads_in_english_on_a_phone(demo, phone):
    phone.goto(demo["jonkoping"] + "/")
    assert phone.locator("html").get_attribute("lang") == "sv"
    phone.get_by_role("link", name="English").first.click()
    phone.wait_for_load_state("load")
    assert re.search(r"/en/$", phone.url)
    assert phone.locator("html").get_attribute("lang") == "en"
    phone.locator(".next-meeting h3 a").first.click()
    phone.wait_for_load_state("load")
    assert "/en/forum/" in phone.url
    ARTIFACTS.mkdir(exist_ok=True)
    phone.screenshot(path=str(ARTIFACTS / "languages-jonkoping-meeting-en-390.png"), full_page=True)
    text = phone.locator("body").inner_text()
    assert "Forum Civilsamhälle, spring 2027" in text
    # The forum's name is a proper name; "Svenska" is the switch back, named
    # as Swedish speakers name their language.
    text = text.replace("Forum Civilsamhälle", "").replace("Svenska", "")
    swedish = sorted(s for s in _swedish_interface_strings() if s in text)
    assert swedish == [], swedish
    # The way back to Swedish is the same meeting.
    phone.get_by_role("link", name="Svenska").first.click()
    phone.wait_for_load_state("load")
    assert phone.locator("html").get_attribute("lang") == "sv"
    assert "/en/" not in phone.url and "varen-2027" in phone.url
