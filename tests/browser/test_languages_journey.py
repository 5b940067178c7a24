"""The issue's "Done means": a phone (390 px) in the citizen's language, with no Swedish interface.

Ekerö's home page in Arabic, an idea submitted in Arabic (its receipt in
Arabic, the status link opened exactly as sent), then Jönköping's latest
meeting in English. Every interface string a page shows comes from our
catalogues: none of their Swedish source texts may be on the way. Each page
passes axe and is kept as test-artifacts/journey-*.png.
"""

import gettext
import re
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import expect

from idelabbet.models import IdeaSubmission
from tests.browser.conftest import ARTIFACTS, axe_violations

pytestmark = pytest.mark.browser

APPS = ("cms", "idelabbet", "forum", "search")
# Where the interface is: the header, menu, footer, forms and their messages.
INTERFACE = "header, footer, form, nav, .skip-link, .messages, .confirmation, .error-summary"
# Names, not Swedish words: they stay as they are in every language (the forum's
# and the grant's names; "Civilsamhälle" alone is a sector and is translated).
PROPER_NAMES = ("Forum Civilsamhälle", "Snabb slant", "Idélabbet")


def swedish_interface_texts() -> list[re.Pattern]:
    """Our catalogues' Swedish source strings that a translation would change."""
    patterns = []
    for app in APPS:
        path = settings.BASE_DIR / app / "locale/en/LC_MESSAGES/django.mo"
        with path.open("rb") as mo:
            catalog = gettext.GNUTranslations(mo)._catalog
        for msgid, english in catalog.items():
            if not isinstance(msgid, str) or not msgid or "%" in msgid or "{" in msgid:
                continue
            if msgid == english or len(msgid) < 4 or "\n" in msgid:
                continue
            patterns.append(re.compile(rf"(?<!\w){re.escape(msgid)}(?!\w)"))
    return patterns


SWEDISH = swedish_interface_texts()


@pytest.fixture
def demo(live_sites):
    with open("/dev/null", "w") as devnull:
        call_command("load_demo", allow_production=True, stdout=devnull)
    return live_sites


def _run_worker():
    with open("/dev/null", "w") as devnull:
        call_command("db_worker", batch=True, no_startup_delay=True, queue_name="*", stdout=devnull)


def _no_swedish_interface(page, language: str, name: str):
    """The page is in ``language``, passes axe, and its interface has no Swedish source text."""
    page.wait_for_load_state("load")
    assert page.evaluate("() => document.documentElement.lang") == language, page.url
    text = "\n".join(page.locator(INTERFACE).all_inner_texts())
    text += "\n".join(
        page.locator("input[placeholder], [aria-label]").evaluate_all(
            "els => els.map(e => [e.placeholder, e.getAttribute('aria-label')].join(' '))"
        )
    )
    for proper in PROPER_NAMES:
        text = text.replace(proper, "")
    found = sorted({p.pattern for p in SWEDISH if p.search(text)})
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"journey-{name}.png"), full_page=True)
    assert not found, (page.url, found)
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, (page.url, overflow)
    violations = axe_violations(page)
    assert not violations, (page.url, violations)


def _phone(browser):
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="sv-SE",  # the browser's own language changes nothing: the URL decides
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def test_ekero_in_arabic_and_an_idea_submitted_in_arabic(browser, demo):
    context, page = _phone(browser)
    try:
        # Ekerö's home page in Arabic, reached by the language switch.
        page.goto(demo["ekero"] + "/")
        page.locator(".language-switch").get_by_role("link", name="العربية").click()
        page.wait_for_url(re.compile(r"/ar/$"))
        assert page.evaluate("() => document.documentElement.dir") == "rtl"
        _no_swedish_interface(page, "ar", "01-ekero-home-ar")

        # Submit an idea in Arabic, from the home page's way in.
        page.locator("a[href$='/ar/idelabbet/skicka-in/']").first.click()
        page.wait_for_url(re.compile(r"/ar/idelabbet/skicka-in/$"))
        _no_swedish_interface(page, "ar", "02-idea-form-ar")
        page.get_by_role("button", name="أرسل الفكرة").last.click()  # empty: errors in Arabic
        expect(page.locator(".error-summary")).to_contain_text("هناك ما يحتاج إلى تصحيح")
        _no_swedish_interface(page, "ar", "03-idea-form-errors-ar")
        page.get_by_label("اسم الفكرة").fill("حديقة مشتركة في جزيرة إكيرو 🌱")
        page.get_by_label("ما الفكرة ومن يستفيد منها؟").fill(
            "نزرع الخضار معًا كل سبت، ونتعلم اللغة السويدية أثناء العمل. ሰላም!"
        )
        page.get_by_label("الموضوع").select_option(label="التآلف المجتمعي")
        page.get_by_label("اسمك").fill("ليلى حسن")
        page.get_by_label("عنوان بريدك الإلكتروني").fill("layla@example.se")
        page.get_by_label(re.compile("^أوافق على أن يعالج مختبر الأفكار")).check()
        page.get_by_role("button", name="أرسل الفكرة").last.click()
        page.wait_for_url(re.compile(r"/ar/idelabbet/skicka-in/tack/$"))
        expect(page.locator("h1")).to_have_text("شكرًا على فكرتك!")
        _no_swedish_interface(page, "ar", "04-idea-thanks-ar")
        submission = IdeaSubmission.objects.get(email="layla@example.se")
        assert submission.language == "ar"

        # The receipt in Arabic; its status link opened exactly as sent.
        mail.outbox.clear()
        _run_worker()
        [receipt] = [m for m in mail.outbox if m.to == ["layla@example.se"]]
        assert receipt.subject == "شكرًا على فكرتك: حديقة مشتركة في جزيرة إكيرو 🌱"
        link = re.search(r"https?://\S+/idelabbet/status/\S+/", receipt.body).group(0)
        assert urlsplit(link).path.startswith("/ar/idelabbet/status/")
        page.goto(link)
        expect(page.locator("h1")).to_contain_text("فكرتك")
        _no_swedish_interface(page, "ar", "05-status-ar")
    finally:
        context.close()


def test_jonkopings_latest_meeting_in_english(browser, demo):
    context, page = _phone(browser)
    try:
        # Jönköping's latest meeting in English, from its home page.
        page.goto(demo["jonkoping"] + "/en/")
        _no_swedish_interface(page, "en", "06-jonkoping-home-en")
        meeting_link = page.locator(".next-meeting-block a[href*='/en/forum/']").first
        title = meeting_link.inner_text()
        meeting_link.click()
        # The meeting itself in English, not an error page.
        expect(page.locator("h1")).not_to_have_text("Page not found")
        expect(page.locator(".facts, .meeting-facts, dl").first).to_be_visible()
        assert title, "the block names the meeting"
        _no_swedish_interface(page, "en", "07-jonkoping-meeting-en")
        assert page.evaluate("() => getComputedStyle(document.body).direction") == "ltr"
    finally:
        context.close()
