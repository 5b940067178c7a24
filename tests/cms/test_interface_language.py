"""The interface in the visitor's language: English where a catalogue is missing, rtl for Arabic.

An operator adds a language by configuration alone (``LANGUAGES``); until its
catalogue exists its interface text is English, never the Swedish source.
"""

import datetime
import re

import pytest
from django.conf import settings
from django.core import mail
from django.utils import translation

from cms.models import AccessibilityFeedback, AccessibilityStatementPage, SiteContact
from tests.conftest import in_language  # noqa: E402

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _arabic_offered(sites):
    """Both municipalities offer English and Arabic (Inställningar → Språk)."""
    from cms.languages.services import site_languages_set

    for site in sites.values():
        site_languages_set(site=site, codes=["en", "ar"])


OFFERED = [("sv", "Svenska"), ("en", "English"), ("ar", "العربية")]
WITH_SOMALI = [*OFFERED, ("so", "Soomaali")]
WITH_PERSIAN = [*OFFERED, ("fa", "فارسی")]


def home(client, language: str) -> str:
    """The home page as a visitor who chose ``language`` gets it (its URL prefix)."""
    response = client.get(in_language("/", language), headers={"host": "localhost"})
    assert response.status_code == 200
    return response.content.decode()


def test_the_install_offers_swedish_english_and_arabic():
    assert [code for code, _name in settings.LANGUAGES] == ["sv", "en", "ar"]
    assert settings.LANGUAGE_CODE == "sv"


def test_a_language_without_a_catalogue_shows_english_not_swedish(client, ekero, settings):
    from cms.languages.services import site_languages_set

    settings.LANGUAGES = WITH_SOMALI
    site_languages_set(site=ekero, codes=["en", "ar", "so"])
    with translation.override("so"):
        assert translation.gettext("Hoppa till innehållet") == "Skip to content"
        assert (
            translation.ngettext("%(counter)s idé", "%(counter)s idéer", 3) == "%(counter)s ideas"
        )
    html = home(client, "so")
    assert '<html lang="so">' in html  # left to right, the default
    assert "Skip to content" in html
    assert "Hoppa till innehållet" not in html
    assert "Sök på webbplatsen" not in html


def test_a_partial_catalogue_is_completed_in_english(settings):
    # The Arabic catalogue covers the public side; an admin string falls back to English.
    with translation.override("ar"):
        assert translation.gettext("Skicka in en idé") == "أرسل فكرة"
        assert translation.gettext("Schemalagda jobb") == "Scheduled jobs"
    # Swedish and English keep Django's own behaviour.
    with translation.override("en"):
        assert translation.gettext("Skicka in en idé") == "Submit an idea"
    with translation.override("sv"):
        assert translation.gettext("Skicka in en idé") == "Skicka in en idé"


def test_a_language_the_operator_adds_is_accepted_without_a_catalogue(settings):
    settings.LANGUAGES = WITH_SOMALI
    assert translation.check_for_language("so")
    assert translation.get_language_info("so")["name_local"] == "Soomaali"
    settings.LANGUAGES = OFFERED
    # Not offered and no catalogue of ours or Django's: still refused.
    assert not translation.check_for_language("so")


def test_arabic_and_persian_pages_are_right_to_left(client, ekero, settings):
    html = home(client, "ar")
    assert '<html lang="ar" dir="rtl">' in html
    assert "انتقل إلى المحتوى" in html  # "Hoppa till innehållet"
    assert 'placeholder="بحث"' in html
    from cms.languages.services import site_languages_set

    settings.LANGUAGES = WITH_PERSIAN
    site_languages_set(site=ekero, codes=["en", "ar", "fa"])
    assert '<html lang="fa" dir="rtl">' in home(client, "fa")
    assert '<html lang="sv">' in home(client, "sv")


def test_the_public_stylesheets_use_logical_properties_only():
    physical = re.compile(
        r"(margin|padding|border)-(left|right)\b|(?<![-\w])(left|right)\s*:|text-align:\s*(left|right)"
    )
    for path in ("cms/static/cms/css/site.css", "forum/static/forum/css/forum.css"):
        css = (settings.BASE_DIR / path).read_text()
        rules = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
        # The one deliberate exception: Latin-script inputs in a rtl form align right.
        rules = rules.replace('[dir="rtl"] input[dir="ltr"] { text-align: right; }', "")
        assert not physical.search(rules), (path, physical.search(rules).group(0))


def _statement(site):
    statement = AccessibilityStatementPage(
        title="Tillgänglighetsredogörelse",
        slug="tillganglighet",
        compliance="partial",
        last_reviewed=datetime.date(2026, 10, 15),
    )
    site.root_page.add_child(instance=statement)
    statement.save_revision().publish()
    return statement


def test_accessibility_feedback_in_arabic_is_stored_with_its_language_and_the_email_says_so(
    client, ekero, immediate_tasks, django_capture_on_commit_callbacks
):
    contact = SiteContact.for_site(ekero)
    contact.email = "idelabbet@ekero.example.se"
    contact.save()
    statement = _statement(ekero)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    page = client.get(in_language("/tillganglighet/", "ar"), headers={"host": "localhost"})
    assert "الإبلاغ عن أوجه قصور في إمكانية الوصول" in page.content.decode()
    form_url = in_language(f"/tillganglighet/{statement.pk}/synpunkt/", "ar")
    assert f'href="{form_url}">أرسل ملاحظاتك</a>' in page.content.decode()
    html = client.get(form_url, headers={"host": "localhost"}).content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert re.search(r'<input type="email" name="email"[^>]* dir="ltr"', html)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            in_language(f"/tillganglighet/{statement.pk}/synpunkt/", "ar"),
            {"description": "زر الإرسال لا يعمل بلوحة المفاتيح ⌨️", "email": "kim@example.se"},
            headers={"host": "localhost"},
        )
    assert response.status_code == 302
    feedback = AccessibilityFeedback.objects.get()
    assert (feedback.language, feedback.description) == (
        "ar",
        "زر الإرسال لا يعمل بلوحة المفاتيح ⌨️",
    )
    # To the administrators: in Swedish, naming the visitor's language.
    [message] = mail.outbox
    assert message.subject.startswith("Synpunkt på tillgängligheten")
    assert "Skrivet på: Arabiska" in message.body
    assert "زر الإرسال لا يعمل بلوحة المفاتيح ⌨️" in message.body


def test_a_report_from_the_arabic_statement_reaches_the_swedish_ones_administrators(
    client, ekero, immediate_tasks, django_capture_on_commit_callbacks
):
    from wagtail.models import Locale

    statement = _statement(ekero)
    arabic = statement.copy_for_translation(
        Locale.objects.get(language_code="ar"), copy_parents=True
    )
    arabic.title = "بيان إمكانية الوصول"
    arabic.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/ar/tillganglighet/{arabic.pk}/synpunkt/",
            {"description": "الخريطة لا تعمل ሰላም"},
            headers={"host": "localhost"},
        )
    assert response.status_code == 302
    # Back to the statement they were reading, in Arabic.
    assert response["Location"].endswith("/ar/tillganglighet/#tack")
    feedback = AccessibilityFeedback.objects.get()
    assert (feedback.statement_id, feedback.language) == (statement.pk, "ar")
