"""The interface catalogues: English complete, Arabic for the citizen's side, marked for review."""

import re
import shutil
import subprocess

import pytest
from django.conf import settings

APPS = ("cms", "idelabbet", "forum", "search")
# What a citizen reads: the emails they get (not the staff reminders) and the public forms.
CITIZEN_SOURCES = re.compile(
    r"templates/idelabbet/emails/(?!paminnelse)|templates/forum/email/(?!feedback_reminder)"
    r"|templates/idelabbet/(submit|submit_done|status|snabb_slant|participate)\.html"
    r"|templates/forum/(meeting_page|registration_cancel)\.html|templates/base\.html"
    r"|templates/cms/includes/footer\.html|templates/cms/accessibility_statement_page\.html"
    r"|templates/search/search\.html"
)


def catalogue(app: str, language: str) -> str:
    return (settings.BASE_DIR / app / "locale" / language / "LC_MESSAGES" / "django.po").read_text()


def entries(text: str):
    """(references, msgid, translated) for each entry of a .po file but the header."""
    for block in text.split("\n\n"):
        refs = " ".join(line[3:] for line in block.splitlines() if line.startswith("#: "))
        msgid = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        if not msgid or block.lstrip().startswith("#~") or msgid.group(1).strip() == '""':
            continue
        strings = re.findall(r'^msgstr(?:\[\d\])? ((?:".*"\n?)+)', block, re.M)
        translated = bool(strings) and all(s.strip() != '""' for s in strings)
        yield refs, msgid.group(1), translated


@pytest.mark.parametrize("app", APPS)
def test_the_english_catalogue_translates_every_string(app):
    untranslated = [msgid for _refs, msgid, done in entries(catalogue(app, "en")) if not done]
    assert untranslated == []
    if shutil.which("msgattrib"):
        po = settings.BASE_DIR / app / "locale/en/LC_MESSAGES/django.po"
        out = subprocess.run(
            ["msgattrib", "--untranslated", "--no-obsolete", str(po)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert "msgid" not in out


@pytest.mark.parametrize("app", APPS)
def test_the_arabic_catalogue_is_marked_as_awaiting_a_native_speakers_review(app):
    header = catalogue(app, "ar").split("\n\n", 1)[0]
    assert "AWAITING REVIEW BY A NATIVE SPEAKER" in header
    assert '"X-Review-Status: awaiting native-speaker review\\n"' in header
    assert '"Language: ar\\n"' in header
    assert "nplurals=6" in header
    assert "#, fuzzy" not in header  # a fuzzy header would drop the plural rule


@pytest.mark.parametrize("app", APPS)
def test_the_arabic_catalogue_covers_the_citizens_emails_and_public_forms(app):
    missing = [
        (refs, msgid)
        for refs, msgid, done in entries(catalogue(app, "ar"))
        if CITIZEN_SOURCES.search(refs) and not done
    ]
    assert missing == []
