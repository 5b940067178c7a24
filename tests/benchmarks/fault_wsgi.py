"""WSGI entry for the fault benchmark: the product's app with fault_settings."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.benchmarks.fault_settings")

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
