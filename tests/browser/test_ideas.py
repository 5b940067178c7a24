"""Journeys 1, 2 and 8: a citizen submits an idea, a moderator approves it from the queue."""

import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command

from idelabbet.models import IdeaIndexPage, IdeaPage, IdeaSubmission
from idelabbet.services.moderation import ideas_workflow_setup
from tests.browser.conftest import assert_no_serious_axe_violations
from tests.factories import UserFactory, practice_index

pytestmark = pytest.mark.browser

INITIATOR = {
    "name": "Alva Lindqvist",
    "email": "alva.lindqvist@example.se",
    "phone": "070-123 45 67",
}


@pytest.fixture
def ideas(live_sites):
    home = live_sites["sites"]["ekero"].root_page
    index = practice_index(home, IdeaIndexPage, title="Idéer", intro="Idéer.")
    ideas_workflow_setup(index=index, groups=[Group.objects.get(name="Ekerö moderatorer")])
    return live_sites


def _run_worker():
    """The real database task worker, one batch: it sends what was queued."""
    with open("/dev/null", "w") as devnull:
        call_command("db_worker", batch=True, no_startup_delay=True, queue_name="*", stdout=devnull)


def _fill_idea(page, *, email):
    page.get_by_label("Idéns namn").fill("Cykelkök på Färingsö")
    page.get_by_label("Vad är idén och vem har nytta av den?").fill(
        "En verkstad där unga lagar cyklar tillsammans och lånar ut dem till nyanlända."
    )
    page.get_by_label("Tema").select_option(label="Fritid")
    page.get_by_label("Coachning").check()
    page.get_by_label("Ditt namn").fill(INITIATOR["name"])
    page.get_by_label("Din e-postadress").fill(email)
    page.get_by_label("Telefonnummer (frivilligt)").fill(INITIATOR["phone"])


def test_citizen_on_a_phone_submits_an_idea_and_opens_the_status_link(ideas, phone):
    phone.goto(ideas["ekero"] + "/idelabbet/skicka-in/")
    _fill_idea(phone, email="inte-en-adress")
    phone.get_by_role("button", name="Skicka in idén").last.click()
    # The mistake is explained next to the field, and nothing typed is lost.
    email_field = phone.get_by_label("Din e-postadress")
    error_id = "id_email_error"
    assert phone.locator(f"#{error_id}").is_visible()
    assert "e-postadress" in phone.locator(f"#{error_id}").inner_text().lower()
    assert error_id in (email_field.get_attribute("aria-describedby") or "")
    assert phone.get_by_label("Idéns namn").input_value() == "Cykelkök på Färingsö"
    assert phone.locator("#felsammanfattning[role=alert]").is_visible()
    assert_no_serious_axe_violations(phone)

    email_field.fill(INITIATOR["email"])
    phone.get_by_label(re.compile("Jag samtycker")).check()
    phone.get_by_role("button", name="Skicka in idén").last.click()
    phone.wait_for_url(re.compile(r"/skicka-in/tack/"))
    assert "Tack" in phone.locator("h1").inner_text()
    assert IdeaSubmission.objects.count() == 1

    assert mail.outbox == []  # sent by the worker, not by the web request
    _run_worker()
    confirmation = [m for m in mail.outbox if INITIATOR["email"] in m.to]
    assert len(confirmation) == 1
    link = re.search(r"https?://\S+/idelabbet/status/\S+/", confirmation[0].body).group(0)
    path = "/" + link.split("/", 3)[3]
    phone.goto(ideas["ekero"] + path)
    assert "Cykelkök på Färingsö" in phone.locator("main").inner_text()
    assert_no_serious_axe_violations(phone)


def test_moderator_approves_the_idea_and_the_public_page_has_no_personal_data(ideas, page):
    page.goto(ideas["ekero"] + "/idelabbet/skicka-in/")
    _fill_idea(page, email=INITIATOR["email"])
    page.get_by_label(re.compile("Jag samtycker")).check()
    page.get_by_role("button", name="Skicka in idén").last.click()
    page.wait_for_url(re.compile(r"/skicka-in/tack/"))
    idea = IdeaPage.objects.get()
    assert not idea.live

    moderator = UserFactory(username="maja", groups=["Ekerö moderatorer"])
    page.goto(ideas["ekero"] + "/admin/login/")
    page.locator("#id_username").fill(moderator.username)
    page.locator("#id_password").fill("losenord-123")
    page.locator("form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/admin/$"))
    # The moderation queue lists the idea; the moderator opens it from there.
    page.get_by_role("button", name="Idélabbet").click()
    page.get_by_role("link", name="Granska idéer").click()
    queue = page.get_by_role("table")
    assert "Cykelkök på Färingsö" in queue.inner_text()
    assert "Fritid" in queue.inner_text()
    assert_no_serious_axe_violations(page)
    queue.get_by_role("link", name="Cykelkök på Färingsö").click()
    page.wait_for_url(re.compile(rf"/admin/pages/{idea.pk}/edit/$"))
    page.get_by_role("button", name="Fler åtgärder").click()
    page.get_by_role("button", name="Godkänn och publicera").click()
    page.wait_for_load_state()
    idea.refresh_from_db()
    assert idea.live

    public = page.context.new_page()
    public.goto(ideas["ekero"] + idea.relative_url(ideas["sites"]["ekero"]))
    text = public.locator("body").inner_text()
    assert "Cykelkök på Färingsö" in text
    for personal in INITIATOR.values():
        assert personal not in text
        assert personal not in public.content()
    assert_no_serious_axe_violations(public)


def test_idea_form_by_keyboard_alone_with_visible_focus(ideas, page):
    page.goto(ideas["ekero"] + "/idelabbet/skicka-in/")
    page.get_by_label("Idéns namn").focus()
    page.keyboard.type("Läxhjälp i Stenhamra")
    visited = []
    # Tab through the whole form; every stop shows a visible focus indicator.
    for _ in range(60):
        page.keyboard.press("Tab")
        info = page.evaluate(
            """() => { const el = document.activeElement; const s = getComputedStyle(el);
                 return {tag: el.tagName, name: el.name || '', text: (el.innerText || '').trim(),
                         outline: s.outlineStyle, width: s.outlineWidth}; }"""
        )
        visited.append(info)
        if info["tag"] in {"INPUT", "SELECT", "TEXTAREA", "BUTTON", "A"}:
            assert info["outline"] != "none" and info["width"] != "0px", info
        if info["tag"] == "BUTTON" and info["text"] == "Skicka in idén":
            break
    names = {v["name"] for v in visited}
    assert {"summary", "theme", "name", "email", "consent"} <= names
    # Send it with Enter while required fields are still empty: errors are announced.
    with page.expect_navigation():
        page.keyboard.press("Enter")
    alert = page.locator("#felsammanfattning")
    assert alert.is_visible()
    assert alert.get_attribute("role") == "alert"
    assert "Något behöver rättas" in alert.inner_text()
    assert page.get_by_label("Idéns namn").input_value() == "Läxhjälp i Stenhamra"
    # Fill the rest by keyboard and send.
    page.get_by_label("Vad är idén och vem har nytta av den?").focus()
    page.keyboard.type("Frivilliga hjälper skolbarn med läxor två kvällar i veckan.")
    page.get_by_label("Tema").focus()
    page.keyboard.press("End")  # the last theme, chosen with the keyboard
    page.get_by_label("Ditt namn").focus()
    page.keyboard.type(INITIATOR["name"])
    page.keyboard.press("Tab")
    page.keyboard.type(INITIATOR["email"])
    page.get_by_label(re.compile("Jag samtycker")).focus()
    page.keyboard.press("Space")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/skicka-in/tack/"))
    assert IdeaSubmission.objects.filter(idea__title="Läxhjälp i Stenhamra").exists()
