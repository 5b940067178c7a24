"""The host site in a real browser: both municipalities, language switch, accessibility."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_serious_axe_violations

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(live_sites):
    with open("/dev/null", "w") as devnull:
        call_command("load_demo", allow_production=True, stdout=devnull)
    return live_sites


def test_each_municipality_has_its_own_site(demo, page):
    page.goto(demo["ekero"] + "/")
    assert page.locator("h1").inner_text() == "Idélabbet Ekerö"
    assert page.locator("html").get_attribute("lang") == "sv"
    page.goto(demo["jonkoping"] + "/")
    assert page.locator("h1").inner_text() == "Forum Civilsamhälle Jönköping"
    assert "forumcivilsamhalle@jonkoping.example.se" in page.locator("footer").inner_text()


def test_skip_link_is_first_and_visible_on_focus(demo, page):
    page.goto(demo["ekero"] + "/")
    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    assert focused.inner_text() == "Hoppa till innehållet"
    box = focused.bounding_box()
    assert box is not None and box["y"] >= 0  # moved on screen, not left off it
    outline = focused.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    # Following an in-page link updates the URL a moment after the key press.
    expect(page).to_have_url(re.compile("#huvudinnehall$"))


def test_language_switch_shows_english_and_back_to_swedish(demo, page):
    page.goto(demo["ekero"] + "/om/")
    assert page.locator(".skip-link").inner_text() == "Hoppa till innehållet"
    # The switch is a link to the same page in the other language (the URL carries it).
    page.get_by_role("link", name="English", exact=True).click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.url.endswith("/en/om/")
    assert page.locator(".skip-link").inner_text() == "Skip to content"
    assert page.get_by_role("navigation", name="Main menu").is_visible()
    page.get_by_role("link", name="Svenska", exact=True).click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "sv"
    assert page.url.endswith("/om/") and "/en/" not in page.url
    assert page.get_by_role("navigation", name="Huvudmeny").is_visible()


def test_readable_on_a_phone_without_horizontal_scrolling(demo, phone):
    for base in (demo["ekero"], demo["jonkoping"]):
        phone.goto(base + "/")
        overflow = phone.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0
        assert phone.get_by_role("navigation", name="Huvudmeny").is_visible()


@pytest.mark.parametrize("path", ["/", "/om/", "/kontakt/", "/personuppgifter/", "/finns-inte/"])
@pytest.mark.parametrize("site", ["ekero", "jonkoping"])
def test_public_pages_have_no_serious_accessibility_violations(demo, page, site, path):
    page.goto(demo[site] + path)
    assert_no_serious_axe_violations(page)


def test_works_without_javascript(demo, browser):
    context = browser.new_context(java_script_enabled=False, locale="sv-SE")
    page = context.new_page()
    page.goto(demo["ekero"] + "/")
    page.get_by_role("link", name="English", exact=True).click()
    assert page.locator(".skip-link").inner_text() == "Skip to content"
    context.close()
