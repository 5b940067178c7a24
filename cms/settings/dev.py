"""Development: debug on, a throwaway key, every local host name allowed."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = SECRET_KEY or "dev-only-not-secret-0f6c1f1e6b8a4d0e9b8c"  # noqa: F405
ALLOWED_HOSTS = ALLOWED_HOSTS or ["localhost", ".localhost", "127.0.0.1", "[::1]"]  # noqa: F405
# `make run PORT=…` serves on PORT: the Sites and the admin's email links use it.
SITE_PORT = SITE_PORT or env.int("PORT", default=8000)  # noqa: F405
WAGTAILADMIN_BASE_URL = env.str("WAGTAILADMIN_BASE_URL", default=f"http://localhost:{SITE_PORT}")
