"""Journeys through both demo sites as a citizen meets them, at 320 px and at 1400 px.

Each journey starts on the home page and goes on by clicking; emailed links are
opened exactly as they were sent (the Sites store the live server's port, as
`make run` stores PORT). Every page on the way reflows (no sideways scrolling)
and has no axe violations of any impact.
"""

import re
from collections import deque
from urllib.parse import urljoin, urlsplit

import pytest
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import expect

from forum.models import Registration
from idelabbet.models import IdeaSubmission
from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser

WIDTHS = (320, 1400)


@pytest.fixture
def demo(live_sites):
    with open("/dev/null", "w") as devnull:
        call_command("load_demo", allow_production=True, stdout=devnull)
    return live_sites


def _run_worker():
    """The real database task worker, one batch: it sends what was queued."""
    with open("/dev/null", "w") as devnull:
        call_command("db_worker", batch=True, no_startup_delay=True, queue_name="*", stdout=devnull)


def _context(browser, width):
    context = browser.new_context(
        viewport={"width": width, "height": 800 if width > 400 else 640}, locale="sv-SE"
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def _overflow(page) -> int:
    return page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def _check(page):
    """Reflow and axe, on every page a journey passes."""
    # Measured once the stylesheets have loaded (a click returns before that).
    page.wait_for_load_state("load")
    assert _overflow(page) <= 0, page.url
    violations = axe_violations(page)
    assert not violations, (page.url, violations)


def _focused_error_summary(page) -> bool:
    # Polled: the click's navigation and the deferred script finish after click() returns.
    page.wait_for_function(
        "() => document.activeElement && document.activeElement.hasAttribute('data-error-summary')"
    )
    return True


def _in_view(page, locator) -> bool:
    # After load: the browser scrolls to the fragment then.
    page.wait_for_load_state("load")
    box = locator.bounding_box()
    height = page.viewport_size["height"]
    return box is not None and box["y"] >= -1 and box["y"] + min(box["height"], 40) <= height


def _confirmation_focused(page) -> bool:
    # Focus moves to it, so a screen reader reads it out after the redirect.
    page.wait_for_function(
        "() => document.activeElement && document.activeElement.classList.contains('confirmation')"
    )
    return True


def _emailed_link(to: str, pattern: str) -> str:
    messages = [m for m in mail.outbox if to in m.to]
    assert messages, f"no email to {to}"
    return re.search(pattern, messages[-1].body).group(0)


def _accessibility_feedback(page, *, site_email: str, width: int):
    page.get_by_role("contentinfo").get_by_role("link", name="Tillgänglighetsredogörelse").click()
    expect(page.locator("h1")).to_have_text("Tillgänglighetsredogörelse")
    assert page.get_by_role("link", name="Anmäl bristande tillgänglighet till Digg").is_visible()
    _check(page)
    # The form is a page of its own (the statement is cached, without a form token).
    page.get_by_role("link", name="Lämna synpunkter").click()
    page.wait_for_url(re.compile(r"/tillganglighet/\d+/synpunkt/$"))
    _check(page)
    page.get_by_role("button", name="Skicka synpunkten").click()
    assert _focused_error_summary(page)
    _check(page)
    page.get_by_label("Vad fungerar inte?").fill(f"Kartan går inte att använda ({width} px).")
    page.get_by_role("button", name="Skicka synpunkten").click()
    page.wait_for_url(re.compile(r"/tillganglighet/#tack$"))
    confirmation = page.locator(".confirmation[role=status]")
    expect(confirmation).to_contain_text("Tack! Din synpunkt har skickats")
    assert _in_view(page, confirmation)
    assert _confirmation_focused(page)
    mail.outbox.clear()
    _run_worker()
    [message] = [m for m in mail.outbox if site_email in m.to]
    assert f"Kartan går inte att använda ({width} px)." in message.body


def _header_search(page, query: str, expected_hit: str):
    search = page.get_by_role("search", name="Webbplatsen")
    search.get_by_label("Sök på webbplatsen").fill(query)
    search.get_by_role("button", name="Sök").click()
    page.wait_for_url(re.compile(r"/sok/\?q="))
    hits = page.locator(".search-results")
    expect(hits.get_by_role("link", name=expected_hit).first).to_be_visible()
    # On a phone the results come before the facets (beside them on a desk).
    facets = page.locator(".search-facets-fold")
    if facets.count() and page.viewport_size["width"] < 600:
        assert hits.bounding_box()["y"] < facets.bounding_box()["y"]
    _check(page)


def test_ekero_from_the_home_page_to_a_submitted_idea_and_back_by_the_emailed_link(demo, browser):
    base = demo["ekero"]
    for width in WIDTHS:
        context, page = _context(browser, width)
        page.goto(base + "/")
        _check(page)
        # The ways in: the start button, Snabb slant (a real link) and the ideas.
        assert page.get_by_role("link", name=re.compile("^Snabb slant")).is_visible()
        assert page.get_by_role("link", name="Idéerna").is_visible()
        page.get_by_role("button", name="Skicka in en idé").click()
        page.wait_for_url(re.compile(r"/idelabbet/skicka-in/$"))
        page.get_by_role("button", name="Skicka in idén").last.click()
        # GOV.UK's pattern: the error summary takes focus after a failed submission.
        assert _focused_error_summary(page)
        _check(page)
        title = f"Läxhjälp i biblioteket {width}"
        email = f"idegivare{width}@example.se"
        page.get_by_label("Idéns namn").fill(title)
        page.get_by_label("Vad är idén och vem har nytta av den?").fill(
            "Gymnasieelever hjälper yngre med läxorna två kvällar i veckan."
        )
        page.get_by_label("Tema").select_option(label="Utbildning")
        page.get_by_label("Coachning").check()
        page.get_by_label("Ditt namn").fill("Vera Ek")
        page.get_by_label("Din e-postadress").fill(email)
        page.get_by_label(re.compile("Jag samtycker")).check()
        page.get_by_role("button", name="Skicka in idén").last.click()
        page.wait_for_url(re.compile(r"/skicka-in/tack/"))
        _check(page)
        assert IdeaSubmission.objects.filter(email=email).exists()
        _run_worker()
        link = _emailed_link(email, r"https?://\S+/idelabbet/status/\S+/")
        assert link.startswith(base + "/"), link  # the port the site is served on
        page.goto(link)  # exactly as sent
        expect(page.locator("main")).to_contain_text(title)
        _check(page)

        page.goto(base + "/")
        _header_search(page, "Dragkroksklubben", "Dragkroksklubben")
        _accessibility_feedback(page, site_email="idelabbet@ekero.example.se", width=width)
        context.close()


def test_jonkoping_from_the_home_page_to_a_registration_and_its_emailed_cancel_link(demo, browser):
    base = demo["jonkoping"]
    for width in WIDTHS:
        context, page = _context(browser, width)
        page.goto(base + "/")
        _check(page)
        assert page.get_by_role("link", name="Förslagen och vad som hänt med dem").is_visible()
        page.get_by_role("link", name="Läs inbjudan och anmäl dig").click()
        expect(page.get_by_role("heading", name="Anmälan")).to_be_visible()
        _check(page)
        # The form is a page of its own (the meeting page is cached, without a form token).
        page.get_by_role("link", name="Anmäl dig").click()
        page.wait_for_url(re.compile(r"/anmalan/$"))
        _check(page)
        email = f"deltagare{width}@example.se"
        page.get_by_role("textbox", name="Namn", exact=True).fill("Ali Berg")
        page.get_by_role("radio", name="Civilsamhälle").check()
        page.get_by_role("textbox", name="E-post", exact=True).fill(email)
        page.get_by_role("button", name="Anmäl mig").click()
        confirmation = page.locator("#anmalan-kvitto.confirmation[role=status]")
        expect(confirmation).to_contain_text("Tack! Du är anmäld")
        assert _in_view(page, confirmation), "the confirmation is out of view"
        assert _confirmation_focused(page)
        _check(page)
        registration = Registration.objects.get(email=email)
        _run_worker()
        link = _emailed_link(email, r"https?://\S+/avanmalan/\S+/")
        assert link.startswith(base + "/"), link
        page.goto(link)  # exactly as sent
        _check(page)
        page.get_by_role("button", name="Ja, avanmäl mig").click()
        expect(page.locator(".confirmation")).to_contain_text("Du är avanmäld")
        assert not Registration.objects.filter(pk=registration.pk).exists()

        page.goto(base + "/")
        _header_search(page, "ensam", "Forum Civilsamhälle hösten 2019")
        _accessibility_feedback(
            page, site_email="forumcivilsamhalle@jonkoping.example.se", width=width
        )
        context.close()


SKIP = re.compile(r"^/(admin|django-admin|documents|media|static|i18n)/|/flode/$|\.(xml|ico)$")


def _crawl(page, base: str, limit: int = 150) -> list[str]:
    """Every public page reachable by following links from the home page, on this site."""
    host = urlsplit(base).netloc
    seen, queue, visited = {"/"}, deque(["/"]), []
    while queue and len(visited) < limit:
        path = queue.popleft()
        response = page.goto(base + path)
        if response is None or "text/html" not in response.headers.get("content-type", ""):
            continue
        visited.append(path)
        overflow = _overflow(page)
        assert overflow <= 0, f"{base}{path} scrolls sideways by {overflow} px at 320 px"
        violations = axe_violations(page)
        assert not violations, (base + path, violations)
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
            parts = urlsplit(urljoin(page.url, href))
            if parts.scheme not in ("http", "https") or parts.netloc != host:
                continue
            if parts.query or SKIP.search(parts.path) or parts.path in seen:
                continue
            seen.add(parts.path)
            queue.append(parts.path)
    return visited


def test_every_public_page_of_both_demo_sites_reflows_at_320_px(demo, browser):
    context, page = _context(browser, 320)
    ekero = _crawl(page, demo["ekero"])
    jonkoping = _crawl(page, demo["jonkoping"])
    context.close()
    # The crawl found the pages by links: each kind of page is among them.
    for path in ("/", "/om/", "/snabb-slant/", "/ideer/", "/tillganglighet/"):
        assert path in ekero, path
    for path in ("/forum/", "/forum/forslag/", "/forum/samordningsgruppen/", "/tillganglighet/"):
        assert path in jonkoping, path
    assert any(re.match(r"^/ideer/[\w-]+/$", p) for p in ekero)
    assert any(re.match(r"^/forum/[\w-]+/[\w-]+/$", p) for p in jonkoping)  # a proposal
