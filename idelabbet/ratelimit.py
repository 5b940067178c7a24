"""Per-address limits on the public forms, counted by django-ratelimit in a shared cache.

Stops bulk spam, not people: limits come from ``IDELABBET_RATE_LIMITS``
({scope: (count, seconds)}) and are counted per client address in
``RATELIMIT_USE_CACHE`` (Redis in production, so every process counts
together). When that cache cannot be reached the form is let through (fail
open): a warning is logged and ``fail_open_count()`` goes up, and the
request never fails because of the limiter.
"""

import logging
import threading

from django.conf import settings
from django_ratelimit.core import get_usage

logger = logging.getLogger(__name__)

DEFAULT_LIMITS = {
    "submit": (5, 60 * 60),
    "participate": (10, 60 * 60),
}

_fail_open = {"count": 0}
_lock = threading.Lock()


def fail_open_count() -> int:
    """How many requests this process let through because the limiter's cache was down."""
    return _fail_open["count"]


def _let_through(scope: str, error: object) -> bool:
    with _lock:
        _fail_open["count"] += 1
        count = _fail_open["count"]
    logger.warning(
        "Rate limit cache unreachable: %s let through (fail open, %d so far): %s",
        scope,
        count,
        error,
    )
    return False


def rate_limited(request, *, scope: str) -> bool:
    """Count one attempt from this address in ``scope``; ``True`` once it passes the limit."""
    if not getattr(settings, "RATELIMIT_ENABLE", True):
        return False
    limits = getattr(settings, "IDELABBET_RATE_LIMITS", {})
    rate = tuple(limits.get(scope, DEFAULT_LIMITS[scope]))
    try:
        usage = get_usage(request, group=f"idelabbet.{scope}", key="ip", rate=rate, increment=True)
    except Exception as error:  # noqa: BLE001 - any cache failure must let the form through
        return _let_through(scope, error)
    if usage is None:  # django-ratelimit could not read the count (RATELIMIT_FAIL_OPEN)
        return _let_through(scope, "no count")
    return usage["should_limit"]
