"""Real-browser tests: Playwright drives Debian's Chromium against the live server.

Chromium comes from `apt-get install chromium` (the Makefile and .ci/run do it);
Playwright's own browser downloads are never used. Without Chromium the tests
skip with a reason, except where REQUIRE_BROWSER=1 (CI), where that is a failure.
A screenshot of every failing test is kept in test-artifacts/.
"""

import json
import os
import re
from pathlib import Path

import pytest

from tests.factories import practice_index

# Playwright's sync API runs an event loop in the test thread; the test's own ORM
# calls are still synchronous, so Django's async guard would refuse them wrongly.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = {"serious", "critical"}


def _require_or_skip(reason: str):
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (REQUIRE_BROWSER=1)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        _require_or_skip(f"Chromium saknas på {CHROMIUM}: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-background-networking",
                "--disable-gpu",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.rep_call = report


@pytest.fixture
def live_sites(transactional_db, live_server, settings):
    """Both sites, reachable at localhost:PORT and jonkoping.localhost:PORT.

    The live server needs committed data, so these tests are transactional and
    each ends with a flush of every table. They run last (tests/conftest.py), and
    each starts by putting back what Wagtail's migrations create.
    """
    from django.conf import settings as django_settings
    from django.core.cache import caches

    from cms.demo.municipalities import municipalities_setup

    _wagtail_initial_data()
    # The rate limiter counts in a database cache table, which the flush between
    # transactional tests does not empty: every test's browser is 127.0.0.1.
    caches[django_settings.RATELIMIT_USE_CACHE].clear()

    settings.ALLOWED_HOSTS = ["*"]
    port = live_server.url.rsplit(":", 1)[1]
    # As `make run` does: the Sites store the port they are served on.
    sites = municipalities_setup(port=int(port))
    return {
        "sites": sites,
        "ekero": f"http://localhost:{port}",
        "jonkoping": f"http://jonkoping.localhost:{port}",
    }


def _wagtail_initial_data():
    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.contenttypes.management import create_contenttypes
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Collection, Locale, Page

    # A flush empties the content types and permissions too (and ids cached
    # before it are stale): recreate them as post_migrate would.
    ContentType.objects.clear_cache()
    for app_config in apps.get_app_configs():
        create_contenttypes(app_config, verbosity=0)
        create_permissions(app_config, verbosity=0)
    Locale.objects.get_or_create(language_code="sv")
    if not Page.get_first_root_node():
        Page.add_root(title="Root", slug="root")
    if not Collection.get_first_root_node():
        Collection.add_root(name="Root")


# Every page of every browser test reports Content-Security-Policy violations
# here: the journeys must run under the site's CSP without one.
_CSP_LISTENER = """
document.addEventListener('securitypolicyviolation', (e) => {
    window.__cspViolation({
        directive: e.effectiveDirective || e.violatedDirective,
        blocked: e.blockedURI,
        document: e.documentURI,
        source: e.sourceFile + ':' + e.lineNumber,
        sample: e.sample,
    });
});
"""


def _new_page(browser, request, **context_options):
    context = browser.new_context(locale="sv-SE", **context_options)
    violations: list[dict] = []
    context.expose_binding("__cspViolation", lambda source, v: violations.append(v))
    context.add_init_script(_CSP_LISTENER)
    page = context.new_page()
    page.csp_violations = violations
    page.set_default_timeout(15_000)
    yield page
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)[-150:]
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    context.close()
    if violations and "csp_violations_expected" not in request.keywords:
        pytest.fail(
            "Content-Security-Policy violations during the test:\n"
            + json.dumps(violations, ensure_ascii=False, indent=2)
        )


@pytest.fixture
def page(browser, request):
    """A desktop-sized page."""
    yield from _new_page(browser, request, viewport={"width": 1280, "height": 900})


@pytest.fixture
def phone(browser, request):
    """A phone-sized page (touch, narrow viewport)."""
    yield from _new_page(
        browser,
        request,
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )


def axe_violations(
    page, *, exclude: list[str] | None = None, allow: tuple[tuple[str, str], ...] = ()
) -> list[dict]:
    """Run axe-core (WCAG 2.1 A and AA rules) in the page; return its violations.

    ``allow`` names (rule id, node selector) pairs to leave out: only for
    violations in Wagtail's own admin chrome that our code cannot fix, each
    with a comment at the call saying why.
    Violations that are not serious or critical are appended to
    test-artifacts/axe-minor.jsonl so the note can count and list them.
    """
    if not AXE_JS.exists():
        _require_or_skip("axe-core saknas: kör 'npm ci' (package.json)")
    # Judge the page as it settles, not mid-animation: a message fading in
    # (Wagtail's admin messages) has too little contrast for a few frames.
    page.evaluate(
        """() => Promise.race([
            Promise.all(document.getAnimations()
                .filter(a => a.effect && a.effect.getComputedTiming().iterations !== Infinity)
                .map(a => a.finished.catch(() => null))),
            new Promise(resolve => setTimeout(resolve, 3000)),
        ])"""
    )
    # From the page's own origin (answered by Playwright, never the server):
    # an inline <script> would be refused by the site's CSP.
    if not page.evaluate("() => typeof window.axe === 'object'"):
        origin = re.match(r"^https?://[^/]+", page.url).group(0)
        page.context.route(
            f"{origin}/__axe-core.min.js",
            lambda route: route.fulfill(path=str(AXE_JS), content_type="text/javascript"),
        )
        page.add_script_tag(url=f"{origin}/__axe-core.min.js")
    context = {"exclude": [[selector] for selector in (exclude or [])]}
    result = page.evaluate(
        """async ([context, tags]) => {
            const r = await axe.run(context.exclude.length ? context : document,
                                    {runOnly: {type: 'tag', values: tags}});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(' '))}));
        }""",
        [context, WCAG_TAGS],
    )
    for violation in result:
        violation["nodes"] = [n for n in violation["nodes"] if (violation["id"], n) not in allow][
            :5
        ]
    result = [v for v in result if v["nodes"]]
    minor = [v for v in result if v["impact"] not in BLOCKING_IMPACTS]
    if minor:
        ARTIFACTS.mkdir(exist_ok=True)
        with (ARTIFACTS / "axe-minor.jsonl").open("a") as log:
            log.write(json.dumps({"url": page.url, "violations": minor}) + "\n")
    return result


def assert_no_serious_axe_violations(page, **kwargs):
    blocking = [v for v in axe_violations(page, **kwargs) if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, json.dumps(blocking, ensure_ascii=False, indent=2)


def ekero_ideas_index(live_sites):
    """Ekerö's published ideas index with its role groups and moderation workflow."""
    from django.contrib.auth.models import Group

    from idelabbet.models import IdeaIndexPage
    from idelabbet.services.moderation import ideas_workflow_setup

    home = live_sites["sites"]["ekero"].root_page
    index = practice_index(home, IdeaIndexPage, title="Idéer", intro="Idéer.")
    index.coach_group = Group.objects.get(name="Ekerö coacher")
    index.lead_group = Group.objects.get(name="Ekerö processledare")
    index.moderator_group = Group.objects.get(name="Ekerö moderatorer")
    index.save_revision().publish()
    index.refresh_from_db()
    ideas_workflow_setup(index=index, groups=[index.moderator_group])
    return index
