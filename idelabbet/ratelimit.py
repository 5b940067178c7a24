"""A per-address rate limit on the Django cache: stops bulk spam, not people."""

from django.conf import settings
from django.core.cache import cache


def client_address(request) -> str:
    # Behind a proxy, the deployment sets REMOTE_ADDR from the trusted header.
    return request.META.get("REMOTE_ADDR", "") or "okand"


def rate_limited(request, *, scope: str) -> bool:
    """Count one attempt from this address; ``True`` once it passes the limit.

    Limits come from ``IDELABBET_RATE_LIMITS`` ({scope: (count, seconds)}).
    """
    limits = getattr(settings, "IDELABBET_RATE_LIMITS", {})
    count, seconds = limits.get(scope, DEFAULT_LIMITS[scope])
    key = f"idelabbet:rate:{scope}:{client_address(request)}"
    cache.add(key, 0, timeout=seconds)
    try:
        used = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=seconds)
        used = 1
    # None: the cache is down and ignored its error (django-redis); fail open.
    return used is not None and used > count


DEFAULT_LIMITS = {
    "submit": (5, 60 * 60),
    "participate": (10, 60 * 60),
}
