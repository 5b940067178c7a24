"""The Content-Security-Policy: a strict one for the public sites, Wagtail's for the admin.

django-csp builds the header; this module only picks the policy by path and
receives the browsers' violation reports. The policies themselves are
settings (``CONTENT_SECURITY_POLICY`` and ``CSP_ADMIN_DIRECTIVES`` in
``cms/settings/base.py``), where each exception is explained.
"""

import json
import logging

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

logger = logging.getLogger("cms.csp")

# A report is a small JSON document; anything bigger is not one.
MAX_REPORT_BYTES = 16 * 1024


class SiteCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin's policy under the admin's paths."""

    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and parts.config is None and _is_admin(request.path_info):
            parts.config = dict(settings.CSP_ADMIN_DIRECTIVES)
        return parts


def _is_admin(path: str) -> bool:
    return path.startswith(tuple(settings.CSP_ADMIN_PATH_PREFIXES))


@csrf_exempt  # browsers send reports without cookies or tokens
@require_POST
def csp_report(request):
    """Log a browser's CSP violation report (``report-uri``/``report-to`` formats); 204."""
    if len(request.body) > MAX_REPORT_BYTES:
        return HttpResponse(status=413)
    try:
        payload = json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError):
        return HttpResponse(status=400)
    reports = payload if isinstance(payload, list) else [payload]
    for report in reports:
        if not isinstance(report, dict):
            continue
        body = report.get("csp-report") or report.get("body") or {}
        if not isinstance(body, dict):
            continue
        logger.warning(
            "CSP violation: %s blocked %s on %s",
            body.get("violated-directive") or body.get("effectiveDirective"),
            body.get("blocked-uri") or body.get("blockedURL"),
            body.get("document-uri") or body.get("documentURL"),
            extra={"csp_report": body},
        )
    return HttpResponse(status=204)
