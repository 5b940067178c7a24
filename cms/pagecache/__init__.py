"""An anonymous page cache for the public pages, invalidated precisely, ready for a CDN.

``middleware.py`` serves and stores pages (Wagtail pages and the public
search; a site's footer once per site and language), ``keys.py`` says under
which key; ``tags.py`` holds the tags every stored page depends on and their
versions in the shared cache; ``tracing.py`` decides which tags a write bumps,
``receivers.py`` hears the writes and ``invalidation.py`` bumps the tags after
the commit; ``refresh.py`` renders the stale pages again on the task worker;
``cdn.py`` adds the headers a CDN or Varnish needs and purges it through
``wagtail.contrib.frontend_cache``.

``PAGE_CACHE_SECONDS`` (0: off) is how long an entry lives (a page that
changes by itself at a known time sets ``request.page_cache_until``);
``PAGE_CACHE_CDN_SECONDS`` how long a CDN may keep it; ``PAGE_CACHE_ALIAS``
(optional, default ``"default"``) names the cache.
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
