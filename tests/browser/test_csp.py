"""The Content-Security-Policy in a real browser: enforced, and every journey checked.

Every browser test fails on a CSP violation (tests/browser/conftest.py listens
for ``securitypolicyviolation`` on every page); these prove that listener
catches one, and that the browser enforces the policy the site sends.
"""

import pytest

pytestmark = pytest.mark.browser

INJECT = """() => new Promise((resolve) => {
    window.injected = false;
    const script = document.createElement('script');
    script.textContent = 'window.injected = true';
    document.addEventListener('securitypolicyviolation', () => resolve(window.injected));
    document.body.appendChild(script);
    setTimeout(() => resolve(window.injected), 2000);
})"""


@pytest.mark.csp_violations_expected
def test_an_injected_inline_script_is_blocked_and_reported(live_sites, page):
    response = page.goto(live_sites["ekero"] + "/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert page.evaluate(INJECT) is False  # the script never ran
    page.wait_for_timeout(200)
    assert [v["directive"] for v in page.csp_violations] == ["script-src-elem"]


@pytest.mark.csp_violations_expected
def test_an_inline_style_attribute_is_blocked_on_public_pages(live_sites, page):
    page.goto(live_sites["jonkoping"] + "/")
    page.evaluate(
        "() => { const p = document.createElement('p'); p.setAttribute('style', 'color: red');"
        " document.body.appendChild(p); }"
    )
    page.wait_for_timeout(300)
    assert "style-src-attr" in [v["directive"] for v in page.csp_violations]


def test_the_public_pages_and_the_idea_form_run_without_a_violation(live_sites, page):
    from tests.browser.conftest import ekero_ideas_index

    ekero_ideas_index(live_sites)
    for url in (
        live_sites["ekero"] + "/",
        live_sites["ekero"] + "/idelabbet/skicka-in/",
        live_sites["ekero"] + "/sok/?q=f%C3%B6rening",
        live_sites["jonkoping"] + "/",
    ):
        response = page.goto(url)
        assert response.status == 200, url
        assert "'unsafe-inline'" not in response.headers["content-security-policy"]
    page.wait_for_timeout(300)
    assert page.csp_violations == []
