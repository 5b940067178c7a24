"""Tests: the same settings as everywhere, with fast hashing and captured mail."""

import os

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-not-secret-7a1d2c9e"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # Shared by the test thread and the live server, as in production.
    "ratelimit": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "ratelimit_cache",
    },
}
RATELIMIT_USE_CACHE = "ratelimit"
# Off, as without REDIS_URL; tests/cms/test_page_cache.py turns it on.
PAGE_CACHE_SECONDS = 0
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not shared-cache memory: the browser tests' live server thread and
    # the test thread then lock rows through WAL instead of whole tables.
    # One file per test process, so two runs side by side never share it.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / f"test-db-{os.getpid()}.sqlite3")}  # noqa: F405
