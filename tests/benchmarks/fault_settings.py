"""Fault benchmark settings: the benchmark's production settings, real SMTP on loopback."""

import os

from tests.benchmarks.settings import *  # noqa: F403

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "127.0.0.1"
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "8125"))
EMAIL_USE_TLS = False
EMAIL_TIMEOUT = 10
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
