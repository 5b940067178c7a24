"""Journey 6: a visitor searches each site, and staff search the admin, in a real browser."""

import re

import pytest
from django.core.management import call_command

from tests.browser.conftest import assert_no_serious_axe_violations, ekero_ideas_index

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(live_sites):
    with open("/dev/null", "w") as devnull:
        call_command("load_demo", allow_production=True, stdout=devnull)
    return live_sites


def _search(page, base, query):
    page.goto(base + "/sok/")
    page.get_by_label("Sökord").fill(query)
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name="Sök", exact=True).click()
    return page.locator("ol.search-results")


def test_visitor_finds_a_published_idea_on_ekero_but_not_a_waiting_one(demo, page):
    results = _search(page, demo["ekero"], "möbler")
    assert "Dragkroksklubben" in results.inner_text()
    assert page.locator("mark").first.is_visible()  # the snippet highlights the word
    assert_no_serious_axe_violations(page)
    results.get_by_role("link", name="Dragkroksklubben").click()
    assert page.locator("h1").inner_text() == "Dragkroksklubben"
    # "Öar utan gränser" waits for moderation in the demo: not public, not found.
    waiting = _search(page, demo["ekero"], "gränser")
    assert waiting.count() == 0 or "Öar utan gränser" not in waiting.inner_text()


def test_visitor_finds_the_forum_meeting_on_jonkoping_only(demo, page):
    results = _search(page, demo["jonkoping"], "ensam")
    assert "hösten 2019" in results.inner_text().lower()
    assert_no_serious_axe_violations(page)
    _search(page, demo["ekero"], "ensam")
    assert page.locator("ol.search-results").count() == 0


# Journey 6, private part: staff search in the admin, trimmed to who may see what.

SECRET = "Kvarnbacken"  # a word only the private note holds


@pytest.fixture
def case_with_private_note(live_sites, settings, tmp_path):

    from idelabbet.models import NoteVisibility
    from idelabbet.services.notes import note_add
    from idelabbet.workflow import State
    from tests.factories import UserFactory
    from tests.idelabbet.conftest import make_case

    settings.IDELABBET_PRIVATE_ROOT = tmp_path / "privat"
    index = ekero_ideas_index(live_sites)
    people = {
        "assigned": UserFactory(username="coach.assigned", groups=["Ekerö coacher"]),
        "other": UserFactory(username="coach.other", groups=["Ekerö coacher"]),
    }
    case = make_case(index, state=State.COACHING, coaches=[people["assigned"]])
    note_add(
        case=case,
        author=people["assigned"],
        body=f"<p>Ring tillbaka om lokalen vid {SECRET}.</p>",
        visibility=NoteVisibility.PRIVATE,
    )
    _run_worker()  # the real task worker drains the catalog outbox
    return {**live_sites, "case": case, "people": people}


def _run_worker():
    with open("/dev/null", "w") as devnull:
        call_command("db_worker", batch=True, no_startup_delay=True, queue_name="*", stdout=devnull)


def _staff_search(page, base, user, query):
    page.context.clear_cookies()
    page.goto(base + "/admin/login/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill("losenord-123")
    page.locator("form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/admin/$"))
    page.get_by_role("link", name="Sök i katalogen").click()
    page.get_by_role("searchbox", name="Sökord").fill(query)
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name="Sök", exact=True).click()
    return page.locator("main").inner_text()


def test_assigned_coach_finds_the_private_note_and_another_coach_does_not(
    case_with_private_note, page
):
    base = case_with_private_note["ekero"]
    people = case_with_private_note["people"]
    title = case_with_private_note["case"].submission.idea.title

    found = _staff_search(page, base, people["assigned"], SECRET)
    assert "1 träff" in found
    hit = page.locator("ol.search-results li").first
    assert f"Anteckning i {title}" in hit.inner_text()
    assert SECRET in hit.inner_text()  # the snippet shows the note's words
    assert_no_serious_axe_violations(page)

    hidden = _staff_search(page, base, people["other"], SECRET)
    assert "0 träffar" in hidden
    assert "Inga träffar" in hidden
    assert "Anteckning i" not in hidden
    assert SECRET not in hidden
    # The other coach's search works: the case itself is open to all coaches.
    _staff_search(page, base, people["other"], title)
    hits = page.locator("ol.search-results li").all_inner_texts()
    assert any(hit.startswith(title) and "Ärende" in hit for hit in hits), hits


def test_visitor_finds_a_word_inside_the_minutes_pdf_and_reaches_its_meeting(
    live_sites, page, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.IDELABBET_PRIVATE_ROOT = tmp_path / "privat"
    with open("/dev/null", "w") as devnull:
        call_command("load_demo", allow_production=True, stdout=devnull)
    results = _search(page, live_sites["jonkoping"], "Munksjöstråket")
    hit = results.locator("li").first
    text = hit.inner_text()
    assert "Protokoll Forum Civilsamhälle hösten 2019" in text
    assert "protokoll-forum-hosten-2019.pdf (PDF," in text
    assert hit.locator("mark", has_text="Munksjöstråket").is_visible()
    assert_no_serious_axe_violations(page)
    hit.get_by_role("link", name="Hör till Forum Civilsamhälle hösten 2019").click()
    assert page.locator("h1").inner_text() == "Forum Civilsamhälle hösten 2019"
    # The project plan's words stay inside the case: not on Ekerö's public search.
    _search(page, live_sites["ekero"], "Träkvista")
    assert "projektplan-syatelje.docx" not in page.locator("main").inner_text()
