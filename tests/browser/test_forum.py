"""Forum Civilsamhälle in a real browser: accessibility, the chart, registering without JS."""

import re

import pytest
from django.core.management import call_command

from forum.models import MeetingPage
from tests.browser.conftest import ARTIFACTS, assert_no_serious_axe_violations

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(live_sites):
    with open("/dev/null", "w") as devnull:
        call_command("load_demo", allow_production=True, stdout=devnull)
    return live_sites


def _upcoming_path():
    from django.utils import timezone

    from forum.models import MeetingPage

    meeting = MeetingPage.objects.filter(start__gte=timezone.now()).order_by("start").first()
    return meeting.get_url_parts()[2]


def test_forum_pages_have_no_serious_accessibility_violations(demo, page):
    from forum.models import ProposalPage

    proposal = ProposalPage.objects.filter(status="not_pursued").first()
    paths = [
        "/forum/",
        "/forum/hosten-2019/",
        "/forum/varen-2020/",
        _upcoming_path(),
        proposal.get_url_parts()[2],
        "/forum/forslag/?status=done",
        "/forum/principer/",
        "/forum/samordningsgruppen/",
        "/forum/csam/",
    ]
    for path in paths:
        page.goto(demo["jonkoping"] + path)
        assert_no_serious_axe_violations(page)

    # The registration page, and its form showing its errors.
    page.goto(demo["jonkoping"] + _upcoming_path())
    page.get_by_role("link", name="Anmäl dig").click()
    assert_no_serious_axe_violations(page)
    page.get_by_role("button", name="Anmäl mig").click()
    assert page.get_by_role("alert").is_visible()
    assert_no_serious_axe_violations(page)


def test_editor_of_a_documented_meeting_has_no_serious_accessibility_violations(demo, page):
    page.goto(demo["jonkoping"] + "/admin/login/")
    page.locator("#id_username").fill("arrangor.jonkoping")
    page.locator("#id_password").fill("demo-losenord")
    page.locator("form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/admin/$"))
    meeting = MeetingPage.objects.get(slug="hosten-2019", locale__language_code="sv")
    page.goto(demo["jonkoping"] + f"/admin/pages/{meeting.pk}/edit/")
    # Every kind of documentation block is open, the minutes' rich text too.
    minutes = page.get_by_role("textbox", name="Text", exact=True)
    assert "150 deltagare" in minutes.inner_text()
    assert page.get_by_role("textbox", name="Styrka").count() >= 3
    assert_no_serious_axe_violations(
        page,
        # Wagtail's minimap (the editor's outline at the right) scrolls when
        # the page is long but cannot take focus: Wagtail's chrome, not ours.
        allow=(("scrollable-region-focusable", ".w-minimap__list"),),
    )


def test_poll_bars_are_drawn_and_the_numbers_are_text(demo, page):
    page.goto(demo["jonkoping"] + "/forum/hosten-2019/")
    poll = page.locator("figure.poll").first
    assert "71 svar (54 %)" in poll.inner_text()
    widths = poll.locator(".poll-fill").evaluate_all(
        "els => els.map(e => e.getBoundingClientRect().width)"
    )
    assert widths[0] > widths[1] > widths[2] > widths[3] > 0
    # One scale for all bars: 54 % of the answers fills about half of the track.
    track = poll.locator(".poll-bar").first.bounding_box()["width"]
    assert abs(widths[0] / track - 0.54) < 0.02


def test_registering_works_without_javascript_and_errors_are_reachable(demo, browser):
    context = browser.new_context(java_script_enabled=False, locale="sv-SE")
    page = context.new_page()
    page.goto(demo["jonkoping"] + _upcoming_path())
    page.get_by_role("link", name="Anmäl dig").click()
    page.wait_for_url(re.compile(r"/anmalan/$"))
    page.get_by_label("Namn").fill("Wilma Berg")
    page.get_by_label("E-post").fill("inte-en-adress")
    page.get_by_role("button", name="Anmäl mig").click()
    summary = page.get_by_role("alert")
    assert "E-post" in summary.inner_text()
    assert page.get_by_label("Namn").input_value() == "Wilma Berg"  # nothing lost

    page.get_by_label("E-post").fill("wilma@example.se")
    page.get_by_label("Politiker").check()
    page.get_by_role("button", name="Anmäl mig").click()
    assert "Tack! Du är anmäld" in page.locator("#anmalan-kvitto").inner_text()
    assert "Wilma Berg" not in page.content()
    context.close()


def test_the_registration_page_fits_a_phone(demo, phone):
    phone.goto(demo["jonkoping"] + _upcoming_path())
    phone.get_by_role("link", name="Anmäl dig").click()
    phone.wait_for_url(re.compile(r"/anmalan/$"))
    phone.get_by_role("button", name="Anmäl mig").click()
    phone.get_by_role("alert").wait_for()
    overflow = phone.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    phone.screenshot(path=str(ARTIFACTS / "registration-page-390.png"), full_page=True)
    assert_no_serious_axe_violations(phone)


def test_meeting_page_fits_a_phone(demo, phone):
    phone.goto(demo["jonkoping"] + "/forum/hosten-2019/")
    overflow = phone.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
