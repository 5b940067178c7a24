"""Journeys 3 and 4: coaches work a case on the board; a Snabb slant decision deadline."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from idelabbet.models import SnabbSlantApplication
from idelabbet.workflow import State
from tests.browser.conftest import ARTIFACTS, assert_no_serious_axe_violations, ekero_ideas_index
from tests.factories import UserFactory
from tests.idelabbet.conftest import case_reset, status_token, submit

pytestmark = pytest.mark.browser


@pytest.fixture
def ideas(live_sites):
    index = ekero_ideas_index(live_sites)
    return {**live_sites, "index": index}


def _sign_in(page, base, user):
    page.goto(base + "/admin/login/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill("losenord-123")
    page.locator("form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/admin/$"))


def _within_viewport(page, locator) -> bool:
    box = locator.bounding_box()
    size = page.viewport_size
    return (
        box is not None
        and box["x"] >= 0
        and box["x"] + box["width"] <= size["width"]
        and box["y"] >= 0
        and box["y"] + box["height"] <= size["height"]
    )


def test_board_at_a_desk_shows_every_column_and_the_coachs_cases(ideas, browser):
    context = browser.new_context(locale="sv-SE", viewport={"width": 1400, "height": 900})
    page = context.new_page()
    coach = UserFactory(username="kim", groups=["Ekerö coacher"])
    # Cases in late columns: the ones a sideways strip of ten columns pushed off-screen.
    for title, state in (("Språkcafé i Stenhamra", State.REALISING), ("Bytardag", State.CLOSED)):
        case_reset(submit(ideas["index"], title=title).case, state=state, coaches=[coach])
    _sign_in(page, ideas["ekero"], coach)
    page.goto(ideas["ekero"] + "/admin/idelabbet/arenden/")
    assert "2 ärenden" in page.locator("main").inner_text()

    # The page never scrolls sideways: every column lies within the window's width.
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    columns = page.locator(".case-column")
    assert columns.count() == len(State) + 1  # and "Att fördela"
    for i in range(columns.count()):
        box = columns.nth(i).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 1400, columns.nth(i).inner_text()

    # Both cards are shown, and scrolling the page down brings each fully into view.
    for title in ("Språkcafé i Stenhamra", "Bytardag"):
        card = page.locator(".case-card", has_text=title)
        assert card.is_visible()
        card.scroll_into_view_if_needed()
        assert _within_viewport(page, card), title
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator(".case-card", has_text="Språkcafé i Stenhamra").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "case-board-1400.png"))
    assert_no_serious_axe_violations(page)
    context.close()


def _write_note(page, text, visibility):
    form = page.locator("form", has=page.get_by_role("button", name="Spara anteckningen"))
    editor = form.locator("[contenteditable=true]")
    editor.click()
    page.keyboard.type(text)
    # Draftail writes what was typed into the form's field a moment later.
    expect(form.locator("input[name=body]")).to_have_value(re.compile(re.escape(text)))
    form.get_by_label(visibility).check()
    form.get_by_role("button", name="Spara anteckningen").click()
    page.wait_for_load_state()
    assert page.locator(".error-message").count() == 0, page.locator(
        ".error-message"
    ).all_inner_texts()
    assert "Anteckningen är sparad." in page.locator("body").inner_text()


def _move(page, button):
    page.get_by_role("button", name=button).click()
    page.wait_for_load_state()


def test_coach_takes_a_case_writes_notes_and_the_citizen_sees_only_the_shared_one(ideas, page):
    """Journey 3."""
    coach = UserFactory(
        username="kim", first_name="Kim", last_name="Sandberg", groups=["Ekerö coacher"]
    )
    submission = submit(ideas["index"], title="Språkcafé i Stenhamra")
    case = submission.case

    _sign_in(page, ideas["ekero"], coach)
    sidebar = page.get_by_role("navigation", name="Huvudmeny")
    sidebar.get_by_role("button", name="Idélabbet").click()
    sidebar.get_by_role("link", name="Ärenden").click()
    page.wait_for_url(re.compile(r"/admin/idelabbet/arenden/$"))
    # Nobody has taken it yet: every coach sees it under "Att fördela" at once.
    column = page.locator(".case-column", has=page.get_by_role("heading", name="Att fördela"))
    assert column.locator(".case-card", has_text="Ingen coach").is_visible()
    assert_no_serious_axe_violations(page)
    column.get_by_role("link", name="Språkcafé i Stenhamra").click()
    page.wait_for_url(re.compile(rf"/admin/idelabbet/arenden/{case.pk}/$"))
    assert_no_serious_axe_violations(page)

    # The coach takes the case.
    page.get_by_role("group", name="Tilldela coacher").get_by_label("Kim Sandberg").check()
    page.get_by_role("button", name="Spara coacher").click()
    page.wait_for_load_state()
    assert "Ärendets coacher är sparade." in page.locator("body").inner_text()
    assert "Kim Sandberg" in page.locator(".case-summary").inner_text()

    _write_note(page, "Hedda verkar osäker på lokalen, ring henne.", "Bara jag")
    _write_note(page, "Välkommen! Vi ses på biblioteket i Stenhamra på torsdag.", "Delad med")

    _move(page, "Första kontakt tagen")
    _move(page, "Börja coachning")
    assert "Coachning" in page.locator(".case-state").inner_text()
    assert "Hedda verkar osäker på lokalen" in page.locator(".case-notes").inner_text()
    assert "Första kontakt → Coachning" in page.locator(".timeline").inner_text()
    assert_no_serious_axe_violations(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "case-page-after-coaching.png"))
    page.locator("section", has=page.get_by_role("heading", name="Ny anteckning")).screenshot(
        path=str(ARTIFACTS / "case-page-note-editor.png")
    )
    page.locator(".timeline").screenshot(path=str(ARTIFACTS / "case-page-timeline.png"))

    # On the board the case is now the coach's own, in Coaching.
    page.goto(ideas["ekero"] + "/admin/idelabbet/arenden/")
    coaching = page.locator(".case-column", has=page.get_by_role("heading", name="Coachning"))
    assert coaching.locator(".case-card", has_text="Kim Sandberg").is_visible()

    # The citizen, through the status link, sees the shared note and not the private one.
    citizen = page.context.browser.new_context(locale="sv-SE").new_page()
    citizen.goto(ideas["ekero"] + f"/idelabbet/status/{status_token(submission)}/")
    text = citizen.locator("main").inner_text()
    assert "Vi ses på biblioteket i Stenhamra på torsdag." in text
    assert "Hedda verkar osäker på lokalen" not in text
    assert "osäker" not in citizen.content()
    citizen.context.close()


def test_snabb_slant_applied_for_by_the_citizen_gets_its_decision_deadline_on_the_board(
    ideas, page
):
    """Journey 4."""
    coach = UserFactory(
        username="kim", first_name="Kim", last_name="Sandberg", groups=["Ekerö coacher"]
    )
    submission = submit(ideas["index"], title="Språkcafé i Stenhamra")
    case_reset(submission.case, state=State.APPLICATION, coaches=[coach])

    # The citizen applies from their status page.
    citizen = page.context.browser.new_context(locale="sv-SE").new_page()
    citizen.goto(ideas["ekero"] + f"/idelabbet/status/{status_token(submission)}/")
    citizen.get_by_role("link", name="Ansök om Snabb slant").click()
    citizen.get_by_label("Vad ska ni göra?").fill("Språkcafé varje torsdag i biblioteket.")
    citizen.get_by_label("När?").fill("Torsdagar kl. 18 i vår")
    citizen.get_by_label("Var?").fill("Stenhamra bibliotek")
    citizen.get_by_label("För vem?").fill("Alla som vill öva svenska.")
    for i, (name, contact) in enumerate(
        [
            ("Hedda Sjöberg", "hedda@example.se"),
            ("Ivar Holm", "070-111 22 33"),
            ("Asha Nur", "asha@example.se"),
        ]
    ):
        citizen.locator(f"#id_person-{i}-name").fill(name)
        citizen.locator(f"#id_person-{i}-contact").fill(contact)
    citizen.locator("#id_budget-0-description").fill("Fika")
    citizen.locator("#id_budget-0-amount_sek").fill("2400")
    citizen.get_by_label("Vi har varit i kontakt med Idélabbet").check()
    citizen.get_by_role("button", name="Skicka ansökan").click()
    citizen.wait_for_url(re.compile(r"/idelabbet/status/[^/]+/$"))
    assert "Er ansökan om Snabb slant är inskickad" in citizen.locator("body").inner_text()
    citizen.context.close()
    application = SnabbSlantApplication.objects.get(submission=submission)
    assert application.completed_at is None

    # The coach finds it on the board: no decision deadline yet.
    _sign_in(page, ideas["ekero"], coach)
    page.goto(ideas["ekero"] + "/admin/idelabbet/arenden/")
    column = page.locator(
        ".case-column", has=page.get_by_role("heading", name="Projektplan/ansökan")
    )
    card = column.locator(".case-card", has_text="Språkcafé i Stenhamra")
    assert "Beslut om Snabb slant" not in card.inner_text()
    card.get_by_role("link").click()
    page.wait_for_url(re.compile(r"/admin/idelabbet/arenden/\d+/$"))
    assert "inte markerad som fullständig" in page.locator("main").inner_text()
    page.get_by_role("link", name="öppna ansökan").click()

    # Marked complete: the three weeks start now.
    page.get_by_role("button", name=re.compile("Markera som fullständig")).click()
    page.wait_for_load_state()
    application.refresh_from_db()
    assert application.completed_at is not None
    assert timezone.now() - application.completed_at < timedelta(minutes=5)
    due = timezone.localtime(application.completed_at + timedelta(days=21)).date()
    assert f"Beslut senast {due:%Y-%m-%d}" in page.locator("main").inner_text()

    page.goto(ideas["ekero"] + "/admin/idelabbet/arenden/")
    card = page.locator(".case-card", has_text="Språkcafé i Stenhamra")
    assert f"Beslut om Snabb slant {due:%Y-%m-%d}" in card.inner_text()
    assert _within_viewport(page, card)
    assert_no_serious_axe_violations(page)
    card.screenshot(path=str(ARTIFACTS / "case-card-snabb-slant-deadline.png"))

    card.get_by_role("link").click()
    page.wait_for_url(re.compile(r"/admin/idelabbet/arenden/\d+/$"))
    summary = page.locator(".case-summary").inner_text()
    assert f"Beslut om Snabb slant {due:%Y-%m-%d}" in summary
    assert f"Fullständig, beslut senast {due:%Y-%m-%d}" in page.locator("main").inner_text()
    assert_no_serious_axe_violations(page)
