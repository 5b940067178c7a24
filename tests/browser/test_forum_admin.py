"""Journey 5: an organiser documents a meeting in the admin, another organiser approves it."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from forum.models import ForumIndexPage, GuidingPrinciple, MeetingPage, ProposalPage
from forum.services import forum_workflow_ensure
from tests.browser.conftest import assert_no_serious_axe_violations
from tests.factories import UserFactory, practice_index

pytestmark = pytest.mark.browser

ORGANISERS = "Jönköping forumarrangörer"


@pytest.fixture
def forum(live_sites):
    home = live_sites["sites"]["jonkoping"].root_page
    index = practice_index(home, ForumIndexPage, title="Forum Civilsamhälle", intro="Stormötena.")
    forum_workflow_ensure(index=index, groups=[Group.objects.get(name=ORGANISERS)])
    GuidingPrinciple.objects.create(name="Dialog", definition="En kontinuerlig dialog.")
    return {**live_sites, "index": index}


def sign_in(page, base: str, user) -> None:
    page.goto(base + "/admin/login/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill("losenord-123")
    page.locator("form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/admin/$"))


def textbox(scope, label: str):
    """The text field labelled ``label`` (Wagtail adds '*' to required labels)."""
    return scope.get_by_role("textbox", name=re.compile(f"^{re.escape(label)}\\*?$"))


# Each error the editor shows, with the name of the field it belongs to.
FIELD_ERRORS = """() => [...document.querySelectorAll('.error-message')].map(e => {
    const wrapper = e.closest('[data-contentpath], .w-field, [data-field-wrapper]');
    const field = wrapper && wrapper.querySelector('input, textarea, select');
    return (field ? field.name : '?') + ': ' + e.innerText.trim();
})"""


def submit_for_review(page) -> None:
    # Wagtail autosaves some editors 500 ms after the last change (on a new
    # page that creates the draft): let that finish so the submission does
    # not race it.
    page.wait_for_timeout(700)
    if "/add/" in page.url:
        # On a loaded machine the autosave's timer fires late; once it has
        # created the draft the form posts to the draft's edit view, so the
        # submission cannot create the page a second time.
        try:
            page.wait_for_function(
                "() => document.getElementById('w-autosave-indicator')"
                "?.dataset.wAutosaveStateValue === 'saved'",
                timeout=5_000,
            )
        except PlaywrightTimeoutError:
            pass  # no autosave on this editor: nothing to race
    page.wait_for_function(
        "() => document.getElementById('w-autosave-indicator')"
        "?.dataset.wAutosaveStateValue !== 'saving'"
    )
    page.get_by_role("button", name="Fler åtgärder").click()
    page.get_by_role("button", name=re.compile("^Lämna in till")).click()
    page.wait_for_load_state()
    message = page.locator(".messages").inner_text()
    # On failure, say which fields the editor marked.
    errors = page.evaluate(FIELD_ERRORS)
    assert "inlämnad för moderering" in message, (message, errors)


def approve(page, base: str, obj) -> None:
    page.goto(base + f"/admin/pages/{obj.pk}/edit/")
    page.get_by_role("button", name="Fler åtgärder").click()
    page.get_by_role("button", name="Godkänn och publicera").click()
    page.wait_for_load_state()
    assert "har blivit uppdaterad" in page.locator(".messages").inner_text()
    obj.refresh_from_db()
    assert obj.live and not obj.has_unpublished_changes


def add_item(block, label: str) -> None:
    """Add an item to a list block and wait until it is there.

    The new item is inserted after the click returns: filling ``.last`` at once
    filled the first item again now and then, and left the new one empty.
    """
    count = textbox(block, label).count()
    block.get_by_role("button", name="Lägg till", exact=True).last.click()
    expect(textbox(block, label)).to_have_count(count + 1)


def fill_meeting(page, *, day: datetime.date) -> None:
    textbox(page, "Titel").fill("Forum om mötesplatser")
    textbox(page, "Datum och tid").fill(f"{day:%Y-%m-%d} 18:00")
    page.keyboard.press("Escape")  # closes the date picker
    page.get_by_role("combobox", name=re.compile("^Status")).select_option(label="Genomfört")
    textbox(page, "Tema").fill("Mötesplatser för alla åldrar")
    textbox(page, "Sammanfattning").fill("Ett hundratal deltagare talade om mötesplatser.")

    documentation = page.locator("[data-contentpath=documentation]")
    for block in ("Program", "Minnesanteckningar", "SWOT-analys", "Omröstning"):
        documentation.get_by_role("button", name="Lägg till ett block").last.click()
        page.get_by_role("option", name=block).click()

    agenda = documentation.locator("[data-contentpath=items]")
    textbox(agenda, "Tid").fill("18:00")
    textbox(agenda, "Punkt").fill("Välkomna och inledning")
    add_item(agenda, "Tid")
    textbox(agenda, "Tid").last.fill("18:30")
    textbox(agenda, "Punkt").last.fill("Samtal i grupper")
    textbox(agenda, "Talare").last.fill("Samordningsgruppen")

    # The minutes are rich text (Draftail): click into the box and type.
    documentation.get_by_role("textbox", name="Text", exact=True).click()
    page.keyboard.type("Grupperna enades om att skolornas lokaler ska öppnas på kvällen.")

    swot = {
        "strengths": "Många engagerade föreningar",
        "weaknesses": "Få lokaler på kvällstid",
        "opportunities": "Skolornas lokaler efter fyra",
        "threats": "Osäker finansiering",
    }
    for name, text in swot.items():
        documentation.locator(f"[data-contentpath={name}] input[type=text]").fill(text)

    textbox(documentation, "Fråga").fill("Vilken mötesplats saknas mest?")
    options = documentation.locator("[data-contentpath=options]")
    textbox(options, "Svarsalternativ").fill("Fritidsgård för unga")
    options.get_by_role("spinbutton", name=re.compile("^Antal svar")).fill("42")
    add_item(options, "Svarsalternativ")
    textbox(options, "Svarsalternativ").last.fill("Träffpunkt för äldre")
    options.get_by_role("spinbutton", name=re.compile("^Antal svar")).last.fill("18")


def test_organiser_documents_a_meeting_and_another_organiser_approves_it(forum, browser):
    base = forum["jonkoping"]
    erik = UserFactory(username="erik", first_name="Erik", groups=[ORGANISERS])
    fatima = UserFactory(username="fatima", first_name="Fatima", groups=[ORGANISERS])
    erik_context = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900})
    page = erik_context.new_page()
    page.set_default_timeout(15_000)

    # Erik documents last week's meeting and sends it for review.
    sign_in(page, base, erik)
    page.goto(base + f"/admin/pages/add/forum/meetingpage/{forum['index'].pk}/")
    # The editor's scripts set up its fields after the load; typing before they
    # settle was lost now and then ("Det här fältet är obligatoriskt").
    page.wait_for_load_state("networkidle")
    fill_meeting(page, day=timezone.localdate() - datetime.timedelta(days=7))
    submit_for_review(page)
    meeting = MeetingPage.objects.get(title="Forum om mötesplatser")
    assert not meeting.live

    # The meeting's editor, every block open, has no serious accessibility problems.
    page.goto(base + f"/admin/pages/{meeting.pk}/edit/")
    assert page.get_by_role("textbox", name=re.compile("^Punkt")).first.input_value() == (
        "Välkomna och inledning"
    )
    assert_no_serious_axe_violations(page)

    # A proposal from the meeting, a page below it, goes the same way.
    page.goto(base + f"/admin/pages/add/forum/proposalpage/{meeting.pk}/")
    textbox(page, "Titel").fill("Öppna skolornas lokaler på kvällen")
    textbox(page, "Beskrivning").fill("Föreningar får låna skolornas lokaler efter klockan 16.")
    textbox(page, "Ansvarig").fill("Fritidsförvaltningen")
    page.get_by_role("checkbox", name="Dialog").check()
    submit_for_review(page)
    proposal = ProposalPage.objects.get(title="Öppna skolornas lokaler på kvällen")

    # Erik may not approve what he submitted: no such action is offered, and a
    # hand-made approval is refused.
    page.goto(base + f"/admin/pages/{meeting.pk}/edit/")
    page.get_by_role("button", name="Fler åtgärder").click()
    assert page.get_by_role("button", name=re.compile("^Godkänn")).count() == 0
    task_state = MeetingPage.objects.get(pk=meeting.pk).current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[meeting.pk, "approve", task_state.pk])
    # Posted from Erik's signed-in page, as a hand-made form would be.
    refused = page.evaluate(
        """async ([url, token]) => {
            const r = await fetch(url, {method: 'POST', headers: {'X-CSRFToken': token}});
            return {url: r.url, text: await r.text()};
        }""",
        [url, _csrf_token(page)],
    )
    assert refused["url"].endswith("/admin/")  # sent back to the dashboard ...
    assert "du saknar rättigheter" in refused["text"]  # ... told he may not
    meeting.refresh_from_db()
    assert not meeting.live
    assert meeting.current_workflow_state.status == "in_progress"
    assert page.goto(base + _path(meeting)).status == 404
    assert page.locator("h1").inner_text() == "Sidan finns inte"
    erik_context.close()

    # Fatima finds both waiting for her on the dashboard and approves them.
    fatima_context = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900})
    page = fatima_context.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, base, fatima)
    awaiting = page.locator("main").inner_text()
    assert "Forum om mötesplatser" in awaiting
    assert "Öppna skolornas lokaler på kvällen" in awaiting
    approve(page, base, meeting)
    approve(page, base, proposal)
    fatima_context.close()

    # Anyone now reads the documentation and the proposal.
    visitor = browser.new_context(locale="sv-SE").new_page()
    visitor.goto(base + _path(meeting))
    text = visitor.locator("main").inner_text()
    for expected in (
        "Mötesplatser för alla åldrar",
        "Välkomna och inledning",
        "Samtal i grupper",
        "Samordningsgruppen",
        "Grupperna enades om att skolornas lokaler ska öppnas på kvällen.",
        "Många engagerade föreningar",
        "Få lokaler på kvällstid",
        "Skolornas lokaler efter fyra",
        "Osäker finansiering",
        "Vilken mötesplats saknas mest?",
        "42 svar (70 %)",
        "18 svar (30 %)",
        "Öppna skolornas lokaler på kvällen",
    ):
        assert expected in text, expected
    assert_no_serious_axe_violations(visitor)

    visitor.goto(base + "/forum/forslag/")
    row = visitor.get_by_role("row", name=re.compile("Öppna skolornas lokaler"))
    assert "Forum om mötesplatser" in row.inner_text()
    assert "Nytt" in row.inner_text()
    row.get_by_role("link").click()
    assert visitor.locator("h1").inner_text() == "Öppna skolornas lokaler på kvällen"
    assert "Dialog" in visitor.locator("main").inner_text()
    visitor.context.close()


def _csrf_token(page) -> str:
    return next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")


def _path(page) -> str:
    return page.get_url_parts()[2]
