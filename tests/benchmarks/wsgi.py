"""WSGI entry for the benchmark server: the product's app with benchmark settings."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.benchmarks.settings")

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
