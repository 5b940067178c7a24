"""Benchmark settings: production's, served over plain HTTP on loopback.

``cms.settings.production`` unchanged except what loopback HTTP needs (no
HTTPS redirect, no secure-only cookies, so a load client can keep its CSRF
and session cookies), a URLconf that adds the bare baseline view, and the
submission rate limit lifted so 50 clients from one address are not refused.
"""

import os

os.environ.setdefault("SECRET_KEY", "benchmark-only-not-secret-5d1f0b7c")
os.environ.setdefault("ALLOWED_HOSTS", "localhost,jonkoping.localhost,127.0.0.1")
os.environ.setdefault("SECURE_SSL_REDIRECT", "False")
os.environ.setdefault("SECURE_HSTS_SECONDS", "0")

from cms.settings.production import *  # noqa: E402, F403

ROOT_URLCONF = "tests.benchmarks.urls"
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LANGUAGE_COOKIE_SECURE = False
STATIC_ROOT = os.environ.get("BENCH_STATIC_ROOT", "/tmp/bench-static")
# 50 clients share 127.0.0.1; the per-address limit would refuse all but five.
IDELABBET_RATE_LIMITS = {"submit": (1_000_000, 3600), "participate": (1_000_000, 3600)}
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
