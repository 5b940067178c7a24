"""Settings of the subprocess workers in tests/faults: the test settings, real SMTP."""

import os

from cms.settings.test import *  # noqa: F403

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "127.0.0.1"
EMAIL_PORT = int(os.environ["EMAIL_PORT"])
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "20"))
IDELABBET_EMAIL_LEASE_SECONDS = int(os.environ.get("IDELABBET_EMAIL_LEASE_SECONDS", "60"))
TASKS_WORKER_LEASE_SECONDS = int(os.environ.get("TASKS_WORKER_LEASE_SECONDS", "60"))
