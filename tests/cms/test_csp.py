"""The Content-Security-Policy of the public sites and the admin, and its report endpoint."""

import json
import logging

import pytest

pytestmark = pytest.mark.django_db


def _directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in header.split(";") if part.strip())
    }


def test_public_pages_allow_no_inline_script_or_style(client, ekero):
    response = client.get("/", headers={"host": "localhost"})
    assert response.status_code == 200
    policy = _directives(response)
    assert policy["default-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["report-uri"] == ["/csp-rapport/"]
    assert response["Permissions-Policy"].startswith("camera=(), microphone=()")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    # No inline script or style attribute in the page itself.
    assert "<script>" not in response.text and "style=" not in response.text


def test_the_search_page_carries_the_policy(client, ekero):
    response = client.get("/sok/", {"q": "förening"}, headers={"host": "localhost"})
    assert "'unsafe-inline'" not in _directives(response)["script-src"]


def test_a_nonce_used_by_a_page_is_in_its_header(rf, settings):
    from django.http import HttpResponse
    from django.template import engines

    from cms.csp import SiteCSPMiddleware

    template = engines["django"].from_string('<script nonce="{{ CSP_NONCE }}">1</script>')

    def view(request):
        return HttpResponse(template.render({"CSP_NONCE": request.csp_nonce}, request))

    request = rf.get("/")
    response = SiteCSPMiddleware(view)(request)
    nonce = str(request.csp_nonce)
    assert f"'nonce-{nonce}'" in _directives(response)["script-src"]
    assert f'nonce="{nonce}"' in response.content.decode()


def test_the_admin_has_its_own_policy(client, admin_user):
    client.force_login(admin_user)
    response = client.get("/admin/")
    assert response.status_code == 200
    policy = _directives(response)
    # Wagtail's inline scripts and style attributes; still nothing from elsewhere.
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["report-uri"] == ["/csp-rapport/"]
    login = client.get("/django-admin/login/")
    assert _directives(login)["script-src"] == ["'self'", "'unsafe-inline'"]


def test_a_violation_report_is_logged(client, caplog):
    report = {
        "csp-report": {
            "document-uri": "http://localhost/idelabbet/skicka/",
            "violated-directive": "script-src-elem",
            "blocked-uri": "inline",
        }
    }
    with caplog.at_level(logging.WARNING, logger="cms.csp"):
        response = client.post(
            "/csp-rapport/", json.dumps(report), content_type="application/csp-report"
        )
    assert response.status_code == 204
    assert (
        "CSP violation: script-src-elem blocked inline on http://localhost/idelabbet/skicka/"
        in (caplog.text)
    )


def test_the_newer_report_format_is_logged_too(client, caplog):
    reports = [
        {
            "type": "csp-violation",
            "body": {
                "documentURL": "http://localhost/",
                "effectiveDirective": "style-src-attr",
                "blockedURL": "inline",
            },
        }
    ]
    with caplog.at_level(logging.WARNING, logger="cms.csp"):
        response = client.post(
            "/csp-rapport/", json.dumps(reports), content_type="application/reports+json"
        )
    assert response.status_code == 204
    assert "style-src-attr blocked inline on http://localhost/" in caplog.text


@pytest.mark.parametrize(
    ("method", "body", "status"),
    [("get", None, 405), ("post", "inte json", 400), ("post", "x" * 20_000, 413)],
)
def test_the_report_endpoint_refuses_what_is_not_a_report(client, method, body, status):
    if method == "get":
        response = client.get("/csp-rapport/")
    else:
        response = client.post("/csp-rapport/", body, content_type="application/csp-report")
    assert response.status_code == status
