"""Content-Security-Policy for the public pages and the admin (imported by base.py)."""

import environ
from csp.constants import NONCE, NONE, SELF

env = environ.Env()

# Content-Security-Policy (django-csp 4, cms/csp.py). Public pages: scripts
# and styles only from this site, never inline; a script that must be inline
# carries the request's nonce (``{{ CSP_NONCE }}``; none does today, and a
# page that uses one is never put in the page cache). Violations are reported
# to CSP_REPORT_URL and logged (logger "cms.csp").
CSP_REPORT_URL = "/csp-rapport/"
# Video embeds (wagtail.embeds) are the only third-party frames.
CSP_FRAME_SOURCES = env.list(
    "CSP_FRAME_SOURCES",
    default=[
        "https://www.youtube.com",
        "https://www.youtube-nocookie.com",
        "https://player.vimeo.com",
    ],
)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [SELF, *CSP_FRAME_SOURCES],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
        "report-uri": [CSP_REPORT_URL],
    }
}
# The admin (Wagtail 8 and Django's admin) under its own policy, because:
# - script-src 'unsafe-inline': Wagtail's templates still hold inline scripts
#   without a nonce (the date/time widgets' initDateChooser, InlinePanel and
#   MultipleChooserPanel set-up, search promotions), so no nonce here either
#   (a nonce would make browsers ignore 'unsafe-inline');
# - style-src 'unsafe-inline': Draftail, Tippy tooltips, the minimap and
#   several templates set style attributes;
# - img-src data: blob: the image chooser's previews and focal point editor;
# - frame-src 'self': the live preview and the usage/compare views in iframes;
# - still no eval, no objects, no foreign scripts, and forms post only here.
CSP_ADMIN_PATH_PREFIXES = ["/admin/", "/django-admin/"]
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
CSP_ADMIN_DIRECTIVES = {
    "default-src": [SELF],
    "script-src": [SELF, "'unsafe-inline'"],
    "style-src": [SELF, "'unsafe-inline'"],
    "img-src": [SELF, "data:", "blob:"],
    "font-src": [SELF, "data:"],
    "connect-src": [SELF],
    "frame-src": [SELF, *CSP_FRAME_SOURCES],
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
    "frame-ancestors": [SELF],
    "report-uri": [CSP_REPORT_URL],
}
