"""The coach's workbench at a desk (1400 px): a coach's day, and the lead's view of an
overdue case. Screenshots of the dashboard, the board and the case page are kept in
test-artifacts/ for the issue's closing note."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from idelabbet.models import Case, Note
from idelabbet.services.grants import BudgetLine, GroupMember, snabb_slant_apply
from idelabbet.workflow import State
from tests.browser.conftest import ARTIFACTS, axe_violations, ekero_ideas_index
from tests.factories import UserFactory
from tests.idelabbet.conftest import case_reset, status_token, submit

pytestmark = pytest.mark.browser

DESK = {"width": 1400, "height": 900}


@pytest.fixture
def desk(browser, request):
    context = browser.new_context(locale="sv-SE", viewport=DESK)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.fixture
def ideas(live_sites):
    return {**live_sites, "index": ekero_ideas_index(live_sites)}


def _sign_in(page, base, user):
    page.goto(base + "/admin/login/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill("losenord-123")
    page.locator("form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/admin/$"))


def _shot(page, name, **kwargs):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), **kwargs)


def _no_axe_violations(page):
    """axe finds nothing on the screen, whatever the impact (issue 15: no violations)."""
    found = axe_violations(page)
    assert not found, found


def _whole_page_shot(page, name):
    """The whole admin page at desk width: Wagtail scrolls its main column, not the
    document, so ``full_page`` alone would only show the first screen."""
    height = page.evaluate(
        "Math.max(...[document.documentElement, ...document.querySelectorAll('main, #main')]"
        ".map(e => e.scrollHeight))"
    )
    page.set_viewport_size({"width": DESK["width"], "height": max(DESK["height"], height)})
    _shot(page, name, full_page=True)
    page.set_viewport_size(DESK)


def _no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


def _note_typed_and_saved_at_once(page, text, visibility):
    """Type and press save without waiting: what was typed must be what is saved."""
    form = page.locator("form[data-note-form]")
    form.locator("[contenteditable=true]").click()
    page.keyboard.type(text)
    form.get_by_label(visibility).check()
    form.get_by_role("button", name="Spara anteckningen").click()
    page.wait_for_url(re.compile(r"#anteckningar$"))
    assert "Anteckningen är sparad." in page.locator("body").inner_text()


def _step(page, button, **fields):
    panel = page.locator("section.case-next")
    for label, value in fields.items():
        field = panel.get_by_label(label)
        if value is True:
            field.check()
        else:
            field.fill(value)
    panel.get_by_role("button", name=button).click()
    page.wait_for_load_state()
    assert page.locator(".error-message, .error-summary").count() == 0, page.locator(
        "main"
    ).inner_text()[:1500]


def test_a_coachs_day_from_the_dashboard_to_a_granted_decision(ideas, desk):
    page = desk
    coach = UserFactory(
        username="kim", first_name="Kim", last_name="Sandberg", groups=["Ekerö coacher"]
    )
    submission = submit(ideas["index"], title="Språkcafé i Stenhamra")
    case = submission.case
    snabb_slant_apply(
        submission=submission,
        activity_what="Språkcafé varje torsdag",
        activity_when="Torsdagar",
        activity_where="Stenhamra bibliotek",
        activity_for_whom="Alla som vill öva svenska",
        contacted_idelabbet=True,
        persons=[GroupMember(name=f"Person {n}", contact="070-000 00 00") for n in range(3)],
        budget=[BudgetLine(description="Fika", amount_sek=8000)],
    )

    # The dashboard: the new case waits for a coach.
    _sign_in(page, ideas["ekero"], coach)
    new = page.locator(
        "#idelabbet-att-fordela-section, section", has_text="Nya ärenden att fördela"
    )
    assert "Språkcafé i Stenhamra" in new.first.inner_text()
    _no_sideways_scroll(page)
    _no_axe_violations(page)
    _whole_page_shot(page, "workbench-dashboard-1400.png")

    # The board: "Att fördela" holds it, in view without scrolling sideways.
    page.goto(ideas["ekero"] + "/admin/idelabbet/arenden/")
    column = page.locator(".case-column", has=page.get_by_role("heading", name="Att fördela"))
    assert column.locator(".case-card", has_text="Språkcafé i Stenhamra").is_visible()
    _no_sideways_scroll(page)
    column.get_by_role("link", name="Språkcafé i Stenhamra").click()
    page.wait_for_url(re.compile(rf"/admin/idelabbet/arenden/{case.pk}/$"))

    # The coach takes it, and writes a note of every visibility, saving at once.
    page.get_by_role("group", name="Tilldela coacher").get_by_label("Kim Sandberg").check()
    page.get_by_role("button", name="Spara coacher").click()
    page.wait_for_load_state()
    texts = {
        "Bara jag": "Fråga om lokalen har hörslinga innan torsdag",
        "Ärendets coacher": "Hedda vill börja redan i mars, vi hinner om ansökan går fort",
        "Alla coacher i kommunen": "Biblioteket i Stenhamra har fler lediga torsdagar",
        "Delad med idébäraren": "Välkommen! Vi ses på biblioteket i Stenhamra på torsdag kl 18",
    }
    for visibility, text in texts.items():
        _note_typed_and_saved_at_once(page, text, visibility)
    saved = {n.visibility: n.body for n in Note.objects.filter(case=case)}
    assert len(saved) == 4
    for text in texts.values():
        # Every last word arrived, although save was pressed right after typing.
        assert any(f"<p>{text}</p>" == body for body in saved.values()), (text, saved)
    assert "Fråga om lokalen har hörslinga" in page.locator(".case-notes").inner_text()
    # One note on its own page (the author's private one), then back to the case.
    page.locator(".case-notes li, .case-notes article", has_text="Fråga om lokalen").get_by_role(
        "link", name="Öppna anteckningen"
    ).first.click()
    page.wait_for_load_state()
    assert "Fråga om lokalen har hörslinga" in page.locator("main").inner_text()
    _no_axe_violations(page)
    page.goto(ideas["ekero"] + f"/admin/idelabbet/arenden/{case.pk}/")

    # A follow-up date with its reason: on the case, and on the board.
    in_three_days = timezone.localdate() + timedelta(days=3)
    follow_up = page.locator("form.case-follow-up")
    follow_up.get_by_label("Datum").fill(f"{in_three_days:%Y-%m-%d}")
    follow_up.get_by_label("Varför").fill("Avtalat samtal med Hedda om lokalen")
    follow_up.get_by_role("button", name="Lägg till uppföljning").click()
    page.wait_for_load_state()
    deadlines = page.locator(".case-deadlines").inner_text()
    assert "3 dagar kvar Uppföljning" in deadlines and "Avtalat samtal med Hedda" in deadlines
    assert "Uppföljning" in page.locator(".case-summary").inner_text()

    # Contact, coaching, project plan: one panel, one comment field, one button each.
    assert page.locator("section.case-next textarea[name=comment]").count() == 1
    _step(page, "Första kontakt tagen", **{"Kommentar": "Ringde Hedda"})
    _step(page, "Börja coachning")
    _step(page, "Till projektplan/ansökan")
    assert "Projektplan/ansökan" in page.locator(".case-state").inner_text()

    # The Snabb slant application is complete: the three weeks start.
    page.get_by_role("link", name="öppna ansökan").click()
    _no_axe_violations(page)
    page.get_by_role("button", name=re.compile("Markera som fullständig")).click()
    page.wait_for_load_state()
    page.goto(ideas["ekero"] + f"/admin/idelabbet/arenden/{case.pk}/")
    assert "Beslut om Snabb slant" in page.locator(".case-deadlines").inner_text()

    # The decision: granted, 8,000 kronor.
    _step(
        page,
        "Beslut fattat",
        **{"Beviljad": True, "Beviljat belopp i kronor": "8000"},
    )
    assert "Beslut" in page.locator(".case-state").inner_text()
    summary = page.locator(".case-summary").inner_text()
    assert "Beviljad: 8\xa0000 kr" in summary or "Beviljad: 8 000 kr" in summary
    case = Case.objects.get(pk=case.pk)
    assert (case.state, case.grant_decision, case.grant_amount_sek) == (
        State.DECIDED,
        "beviljad",
        8000,
    )
    _no_sideways_scroll(page)
    _no_axe_violations(page)
    _whole_page_shot(page, "workbench-case-page-1400.png")
    _shot(page, "workbench-case-page-1400-top.png")

    # The board: the coach's case in "Beslut", with the follow-up as its next deadline.
    page.goto(ideas["ekero"] + "/admin/idelabbet/arenden/")
    decided = page.locator(".case-column", has=page.get_by_role("heading", name="Beslut"))
    card = decided.locator(".case-card", has_text="Språkcafé i Stenhamra")
    assert "Uppföljning" in card.inner_text() and "3 dagar kvar" in card.inner_text()
    _no_sideways_scroll(page)
    _no_axe_violations(page)
    _shot(page, "workbench-board-1400.png")

    # The citizen reads the decision and the one shared note, nothing else.
    citizen = page.context.browser.new_context(locale="sv-SE").new_page()
    citizen.goto(ideas["ekero"] + f"/idelabbet/status/{status_token(submission)}/")
    text = citizen.locator("main").inner_text()
    assert "Beviljad" in text and "8\xa0000 kronor" in text
    assert texts["Delad med idébäraren"] in text
    for visibility in ("Bara jag", "Ärendets coacher", "Alla coacher i kommunen"):
        assert texts[visibility] not in text
    citizen.context.close()


def test_the_lead_sees_an_overdue_case_from_the_dashboard_to_the_case(ideas, desk):
    page = desk
    coach = UserFactory(
        username="kim", first_name="Kim", last_name="Sandberg", groups=["Ekerö coacher"]
    )
    lead = UserFactory(
        username="lena", first_name="Lena", last_name="Ek", groups=["Ekerö processledare"]
    )
    case = case_reset(submit(ideas["index"], title="Bytardag på Färingsö").case, coaches=[coach])
    # The first contact was due three days ago.
    Case.objects.filter(pk=case.pk).update(deadline_at=timezone.now() - timedelta(days=3))
    case.deadlines.update(due_at=timezone.now() - timedelta(days=3))

    _sign_in(page, ideas["ekero"], lead)
    overdue = page.locator("section", has_text="Andras försenade ärenden").last
    assert "Bytardag på Färingsö" in overdue.inner_text()
    assert "försenad 3 dagar" in overdue.inner_text()
    _no_axe_violations(page)

    page.goto(ideas["ekero"] + "/admin/idelabbet/arenden/?alla=1&forsenade=1")
    card = page.locator(".case-card--overdue", has_text="Bytardag på Färingsö")
    assert "försenad 3 dagar" in card.inner_text() and "Kim Sandberg" in card.inner_text()
    _no_sideways_scroll(page)
    _no_axe_violations(page)
    _shot(page, "workbench-board-lead-overdue-1400.png")
    card.get_by_role("link").click()
    page.wait_for_url(re.compile(rf"/admin/idelabbet/arenden/{case.pk}/$"))
    due = page.locator(".case-summary .due--overdue")
    assert due.inner_text() == "försenad 3 dagar"
    # The lead moves it on or re-assigns it: both are offered.
    assert page.get_by_role("button", name="Första kontakt tagen").is_visible()
    assert page.get_by_role("button", name="Spara coacher").is_visible()
    _no_axe_violations(page)
    _shot(page, "workbench-case-overdue-lead-1400.png")
