"""Refresh-ahead: pages a write made stale are rendered again in the background.

Invalidation is precise (``tracing.py``), so the pages a write makes stale
are few and known: the page itself, the listings showing it, its site's home
page, a site's footer. Those that were in the cache (so someone asked for them
recently) are rendered again on the task worker right after the commit, and
visitors keep getting them from the cache instead of paying the render.

Each stored page is remembered under each of its precise tags (page, listing,
home page, footer and search tags; not ``all`` or ``root:``, which would mean
every page of a site): a bounded, most-recent-first map per tag, in the same
cache as the pages. A bump looks those maps up and enqueues one
``page_cache_refresh`` task with the pages found (at most ``MAX_PER_WRITE``).
The task asks for each page as an anonymous visitor would, through the whole
middleware stack, so it is stored by the same rules as any other visit; a page
no longer cacheable (gone, now restricted) is simply not stored.

Losing a map (eviction, a race between two processes writing one) loses only
a refresh, never freshness: such a page is rendered on its next visit.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.handlers.base import BaseHandler
from django.core.handlers.wsgi import WSGIRequest
from django_tasks import task

from . import tags as cache_tags

logger = logging.getLogger(__name__)

# Tag families precise enough to re-render what they cover.
REFRESHED = ("page", "listed", "children", "filtered", "published", "contact", "entry")
REFRESHED += ("catalog-grew",)
PER_TAG = 30  # most recently stored pages remembered per tag
MAX_PER_WRITE = 200  # pages re-rendered after one commit, at most
PREFIX = "pagecache:dependants:"
HEADER = "HTTP_X_PAGE_CACHE_REFRESH"

# Counted in this process, for the benchmark (tests/benchmarks/cache_day.py).
stats = {"rendered": 0, "stored": 0}


def _refreshed(tag: str) -> bool:
    return tag.split(":", 1)[0] in REFRESHED


def remember(slot, tags: Iterable[str], *, footer_tags: Iterable[str] = (), seconds: int) -> None:
    """Note that the page at ``slot`` was stored under ``tags``, its footer under ``footer_tags``.

    The footer needs one page per site and language to be rendered again, so
    under a footer's tags each site and language keeps only its latest page.
    """
    member = [slot.kind, slot.scheme, slot.host, slot.path, slot.query, slot.language]
    ids = {t: slot.key for t in tags if _refreshed(t)}
    ids.update({t: f"footer:{slot.site}" for t in footer_tags if _refreshed(t) and t not in ids})
    if not ids:
        return
    backend = cache_tags.cache()
    keys = {tag: PREFIX + cache_tags.tag_key(tag) for tag in ids}
    found = backend.get_many(list(keys.values()))
    updated = {}
    for tag, key in keys.items():
        known = dict(found.get(key) or {})
        known.pop(ids[tag], None)  # re-inserted last: the most recent
        known[ids[tag]] = member
        while len(known) > PER_TAG:
            known.pop(next(iter(known)))
        updated[key] = known
    backend.set_many(updated, timeout=seconds)


def schedule(tags: Iterable[str]) -> None:
    """Enqueue a re-render of the stored pages the bumped ``tags`` made stale (after the commit)."""
    keys = [PREFIX + cache_tags.tag_key(t) for t in set(tags) if _refreshed(t)]
    if not keys:
        return
    pages: dict[tuple, None] = {}
    for known in cache_tags.cache().get_many(keys).values():
        pages.update(dict.fromkeys(tuple(m) for m in known.values()))
    if pages:
        page_cache_refresh.enqueue(pages=[list(p) for p in list(pages)[:MAX_PER_WRITE]])


def _environ(scheme: str, host: str, path: str, query: str, language: str) -> dict:
    name, _sep, port = host.partition(":")
    environ = {
        "REQUEST_METHOD": "GET",
        "SCRIPT_NAME": "",
        # WSGI carries the path as bytes decoded as Latin-1.
        "PATH_INFO": path.encode().decode("iso-8859-1"),
        "QUERY_STRING": query,
        "SERVER_NAME": name,
        "SERVER_PORT": port or ("443" if scheme == "https" else "80"),
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": host,
        "HTTP_ACCEPT_LANGUAGE": language,
        HEADER: "1",
        "wsgi.url_scheme": scheme,
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": io.StringIO(),
    }
    proxy = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
    if proxy and scheme == "https":
        environ[proxy[0]] = proxy[1]  # as the proxy in front says of an HTTPS visit
    return environ


def render(pages: Iterable[Iterable[str]]) -> int:
    """Ask for each page as an anonymous visitor; the page cache stores what it may.

    Through ``BaseHandler.get_response`` (the whole middleware stack, without
    the request signals that would close the worker's database connection).
    Returns how many were stored.
    """
    handler = BaseHandler()
    handler.load_middleware()
    stored = 0
    for _kind, scheme, host, path, query, language in pages:
        try:
            request = WSGIRequest(_environ(scheme, host, path, query, language))
            # Not a visitor's search: the search app does not count it (search/README.md).
            request.catalog_search_uncounted = True
            response = handler.get_response(request)
        except Exception:  # noqa: BLE001 - one broken page must not stop the rest
            logger.exception("Sidcachen kunde inte förnya %s (page cache refresh failed)", path)
            continue
        stats["rendered"] += 1
        if response.get("X-Page-Cache") == "miss":
            stats["stored"] += 1
            stored += 1
    return stored


@task(queue_name="default")
def page_cache_refresh(*, pages: list[list[str]]) -> int:
    """Render again the cached pages a commit made stale, so the next visitor gets a hit."""
    if not getattr(settings, "PAGE_CACHE_SECONDS", 0):
        return 0
    return render(pages)
