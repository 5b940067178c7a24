"""Journeys 3 and 4: coaches work a case on the board; a Snabb slant decision deadline."""

import re

import pytest
from django.contrib.auth.models import Group

from idelabbet.models import IdeaIndexPage
from idelabbet.services.moderation import ideas_workflow_setup
from idelabbet.workflow import State
from tests.browser.conftest import ARTIFACTS, assert_no_serious_axe_violations
from tests.factories import UserFactory
from tests.idelabbet.conftest import case_reset, submit

pytestmark = pytest.mark.browser


@pytest.fixture
def ideas(live_sites):
    home = live_sites["sites"]["ekero"].root_page
    index = home.add_child(instance=IdeaIndexPage(title="Idéer", slug="ideer", intro="Idéer."))
    index.coach_group = Group.objects.get(name="Ekerö coacher")
    index.lead_group = Group.objects.get(name="Ekerö processledare")
    index.moderator_group = Group.objects.get(name="Ekerö moderatorer")
    index.save_revision().publish()
    index.refresh_from_db()
    ideas_workflow_setup(index=index, groups=[Group.objects.get(name="Ekerö moderatorer")])
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
    assert columns.count() == len(State)
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
