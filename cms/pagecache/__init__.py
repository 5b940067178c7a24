"""An anonymous page cache for the public pages, invalidated precisely, ready for a CDN.

``middleware.py`` serves and stores pages (Wagtail pages and the public
search); ``tags.py`` holds the tags every stored page depends on and their
versions in the shared cache; ``invalidation.py`` decides which tags a write
bumps, after its commit; ``cdn.py`` adds the headers a CDN or Varnish needs
and purges it through ``wagtail.contrib.frontend_cache``.

``PAGE_CACHE_SECONDS`` (0: off) is how long an entry lives; it is also the
longest that content changing with time alone (a meeting becoming "past")
stays as it was. ``PAGE_CACHE_ALIAS`` (optional, default ``"default"``)
names the cache.
"""

from .invalidation import page_cache_clear, page_cache_clear_on_commit
from .middleware import HEADER, PageCacheMiddleware, mark_wagtail_page
from .receivers import connect_signals
from .tags import cache as _cache

__all__ = [
    "HEADER",
    "PageCacheMiddleware",
    "_cache",
    "connect_signals",
    "mark_wagtail_page",
    "page_cache_clear",
    "page_cache_clear_on_commit",
]
