"""Serving anonymous visitors' pages from the cache, and storing what is safe to share.

Two kinds of response are stored:

- a **Wagtail page**: GET without a query string, or with only the parameters
  the page declares in ``page_cache_query_params`` (the ideas index's theme,
  status and position), in a normalised order;
- the **public search page**: the query (whitespace collapsed), sort, page
  and the known facets; anything else in the query string is ignored, as the
  view ignores it.

Only for a visitor without a session or messages cookie (so never a signed-in
user, one who passed a page password or one with a message waiting) and
without an ``Authorization`` header. A response is stored only if it is a
plain 200 that set no cookie (so never a page that used the CSRF token), is not
``private``/``no-store``/``no-cache``, does not vary on anything the key does
not hold, and, for a page, has no view restriction.

Freshness is by tags (``tags.py``): the versions of the entry's tags are read
before the page is rendered (when the request first meets its page, in the
``on_serve_page`` hook, or from the stale entry it replaces) and stored with
it, so a write that commits while the page renders makes it stale at once.
"""

from __future__ import annotations

import logging
import time
from urllib.parse import parse_qsl

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import cc_delim_re, get_max_age

from search.signals import search_page_replayed

from . import refresh
from . import tags as cache_tags
from .cdn import private_headers, shared_headers
from .keys import Slot, request_key
from .tracing import home_path

logger = logging.getLogger(__name__)

HEADER = "X-Page-Cache"
# Vary headers the key already covers: the language is part of the key, and
# of the cookies only the session (never cached) and the CSRF cookie (a page
# that uses it sets it, so is never cached) change what a page shows.
_VARY_COVERED = {"accept-language", "cookie"}
# Headers that belong to one visitor's response, never replayed to another.
_NOT_STORED = {"set-cookie", HEADER.lower()}
# base.html marks its footer: it is the same on every page of a site (per
# language), so it is stored once per site and spliced into each page on a
# hit. An edit of the site's contact details then re-renders one footer, not
# every page of the site.
FOOTER_START = b"<!--pagecache:footer-->"
FOOTER_END = b"<!--/pagecache:footer-->"


# The time entries expire by (a benchmark simulating a day replaces it).
clock = time.time


def _seconds() -> int:
    return int(getattr(settings, "PAGE_CACHE_SECONDS", 0) or 0)


def page_tags(page) -> set[str]:
    """What a served Wagtail page depends on (``tags.py``)."""
    home = home_path(page.path)
    found = {cache_tags.ALL, f"root:{home}", f"page:{page.pk}", f"children:{page.path}"}
    if page.depth <= 2:
        found.add(f"published:{home}")
    # Site-wide data a page shows outside its footer (``contact``: the
    # accessibility statement quotes the site's contact details).
    found.update(f"{family}:{home}" for family in getattr(page, "page_cache_site_tags", ()))
    extra = getattr(page, "page_cache_tags", None)
    if callable(extra):
        found.update(extra())
    return found


def footer_tags(home: str) -> set[str]:
    """What the footer of a site depends on: its contact details, its pages' addresses."""
    return {cache_tags.ALL, f"root:{home}", f"contact:{home}", f"published:{home}"}


def split_footer(content: bytes) -> tuple[bytes, bytes, bytes] | None:
    """(before, footer, after) of a page whose footer is marked, else None.

    Searched from the end: the footer follows everything an editor or a
    citizen wrote, so no text of theirs can move the cut.
    """
    end = content.rfind(FOOTER_END)
    start = content.rfind(FOOTER_START, 0, end) if end != -1 else -1
    if start == -1:
        return None
    end += len(FOOTER_END)
    return content[:start], content[start:end], content[end:]


def listing_tags(request, page) -> set[str]:
    """The children a page listed, if it said which (``request.page_cache_listing``).

    A page that lists children and says which (``{"listed": [ids], "filtered":
    bool}``) is refreshed only when one of those changes, or any child when it
    is filtered by something a child's change can alter; a page that says
    nothing is refreshed whenever any child changes.
    """
    listing = getattr(request, "page_cache_listing", None)
    if listing is None:
        return {f"filtered:{page.path}"}
    found = {f"listed:{pk}" for pk in listing.get("listed", ())}
    if listing.get("filtered"):
        found.add(f"filtered:{page.path}")
    return found


def _response_tags(request, response, kind: str) -> set[str] | None:
    """The tags to store the response under, or None if it must not be shared."""
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return None
    if response.cookies:
        return None  # a cookie: the CSRF token, a session, messages, the language
    cache_control = response.get("Cache-Control", "").lower()
    if any(d in cache_control for d in ("private", "no-cache", "no-store")):
        return None
    if get_max_age(response) == 0:
        return None
    vary = {v.strip().lower() for v in cc_delim_re.split(response.get("Vary", "")) if v.strip()}
    if vary - _VARY_COVERED:
        return None  # varies on something the key does not hold
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return None
    messages = getattr(request, "_messages", None)
    if messages is not None and len(messages):
        return None
    if getattr(request, "_csp_nonce", None) is not None:
        return None  # its nonce is this response's alone (django-csp)
    if kind == "search":
        keys = getattr(response, "catalog_entry_keys", None)
        site_id = getattr(response, "catalog_site_id", None)
        if keys is None:
            return None
        return {cache_tags.ALL, "catalog", f"catalog-grew:{site_id}"} | {
            f"entry:{key}" for key in keys
        }
    page = getattr(request, "_page_cache_page", None)
    if page is None:
        return None  # not served by Wagtail itself (a redirect, a route)
    allowed = set(getattr(page, "page_cache_query_params", ()))
    if {name for name, _v in parse_qsl(request.META.get("QUERY_STRING", ""))} - allowed:
        return None
    # Last, as the only check that costs a query (and only on a miss).
    if page.get_view_restrictions().exists():
        return None
    return page_tags(page) | listing_tags(request, page)


# After a failure the cache is skipped for BREAKER_SECONDS: a hanging Redis
# would otherwise cost every request its socket timeout.
BREAKER_SECONDS = 10
_breaker = {"open_until": 0.0}


def _trip() -> None:
    _breaker["open_until"] = time.monotonic() + BREAKER_SECONDS
    logger.warning(
        "Sidcachen svarar inte; sidor serveras utan cache i %s s "
        "(the page cache is unreachable; serving uncached)",
        BREAKER_SECONDS,
        exc_info=True,
    )


class PageCacheMiddleware:
    """Serve anonymous visitors' pages from the cache; store what is safe to share.

    Placed right after SecurityMiddleware and WhiteNoise and before sessions,
    CSRF and locale: a hit skips them (it needs none), and on a miss it sees
    the response after they added their cookies and headers.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = _seconds()
        if not seconds:
            return self.get_response(request)
        slot = request_key(request)
        if slot is None:
            return self._bypass(request)
        if time.monotonic() < _breaker["open_until"]:
            return self._bypass(request)
        backend = cache_tags.cache()
        try:
            found = backend.get_many([slot.key, slot.footer_key])
            entry = found.get(slot.key)
            footer = (
                found.get(slot.footer_key) if entry and entry.get("after") is not None else None
            )
            if entry is not None:
                stale = _stale(entry, footer)
                if not stale:
                    return self._hit(entry, footer, request)
                request._page_cache_reason = stale
                # Read before rendering: a write committing meanwhile is seen.
                names = entry["tag_names"] + (footer["tag_names"] if footer else [])
                request._page_cache_versions = cache_tags.versions_for_store(names)
            else:
                request._page_cache_reason = "cold"
        except Exception:  # noqa: BLE001 - an unreachable cache must not take the site down
            _trip()
            return self._bypass(request)
        response = self.get_response(request)
        response._page_cache_reason = getattr(request, "_page_cache_reason", "cold")
        tags = _response_tags(request, response, slot.kind)
        if tags is None:
            private_headers(response)
            response[HEADER] = "bypass"
            return response
        try:
            self._store(request, response, slot, tags, seconds)
        except Exception:  # noqa: BLE001 - as above
            _trip()
        response[HEADER] = "miss"
        return response

    def _store(self, request, response, slot: Slot, tags: set[str], seconds: int) -> None:
        backend = cache_tags.cache()
        until = getattr(request, "page_cache_until", None)
        if until is not None:
            # The page changes by itself then (a meeting starting): keep it no longer.
            left = int(until.timestamp() - clock())
            if left <= 0:
                return
            seconds = min(seconds, left)
        page = getattr(request, "_page_cache_page", None)
        parts = split_footer(response.content) if page is not None else None
        home = home_path(page.path) if page is not None else ""
        own = set(tags)
        if page is not None and parts is None:
            own.add(f"contact:{home}")  # its footer is part of it
        shared = footer_tags(home) if parts is not None else set()
        versions = dict(getattr(request, "_page_cache_versions", {}))
        missing = [t for t in own | shared if cache_tags.tag_key(t) not in versions]
        if missing:
            versions.update(cache_tags.versions_for_store(missing))
        cdn_seconds = min(seconds, getattr(settings, "PAGE_CACHE_CDN_SECONDS", seconds))
        shared_headers(response, seconds=cdn_seconds, tags=own | shared)
        headers = [(k, v) for k, v in response.items() if k.lower() not in _NOT_STORED]
        expires = clock() + seconds
        entry = {
            "expires": expires,
            "headers": headers,
            "tags": {cache_tags.tag_key(t): versions[cache_tags.tag_key(t)] for t in own},
            "tag_names": sorted(own),
            # What the search view logged; replayed on each hit (search terms).
            "search_log": getattr(response, "catalog_search_log", None),
        }
        stored = {slot.key: entry}
        if parts is None:
            entry["content"] = response.content
        else:
            entry["content"], footer, entry["after"] = parts
            stored[slot.footer_key] = {
                "expires": expires,
                "content": footer,
                "tags": {cache_tags.tag_key(t): versions[cache_tags.tag_key(t)] for t in shared},
                "tag_names": sorted(shared),
            }
        backend.set_many(stored, timeout=seconds)
        refresh.remember(slot, own, footer_tags=shared, seconds=seconds)

    def _bypass(self, request):
        response = self.get_response(request)
        if getattr(request, "_page_cache_page", None) is not None or (
            getattr(response, "catalog_site_id", None) is not None
        ):
            private_headers(response)
        response[HEADER] = "bypass"
        return response

    @staticmethod
    def _hit(entry, footer, request):
        content = entry["content"]
        if footer is not None:
            content = content + footer["content"] + entry["after"]
        response = HttpResponse(content, status=200)
        for name, value in entry["headers"]:
            response[name] = value
        response[HEADER] = "hit"
        # A refresh by the cache itself (refresh.HEADER) is no visitor's search.
        if (
            entry.get("search_log")
            and request.method == "GET"
            and refresh.HEADER not in request.META
        ):
            # The view did not run: the search app counts the search from what it logged.
            search_page_replayed.send(sender=PageCacheMiddleware, log=entry["search_log"])
        return response


def _stale(entry: dict, footer: dict | None) -> str:
    """Why a stored page may not be served ("" if it may): what changed since it was stored.

    One round trip for the page's and its footer's tags together.
    """
    if entry.get("after") is not None and footer is None:
        return "footer"
    now = clock()
    # An entry from before expiry was stored counts as expired.
    expiries = [entry.get("expires", now)] + ([footer.get("expires", now)] if footer else [])
    if min(expiries) <= now:
        return "expired"  # the cache's own expiry may lag (a benchmark's clock)
    stored = dict(entry["tags"])
    names = dict(zip(map(cache_tags.tag_key, entry["tag_names"]), entry["tag_names"], strict=True))
    if footer is not None:
        names.update(
            zip(map(cache_tags.tag_key, footer["tag_names"]), footer["tag_names"], strict=True)
        )
    keys = set(stored) | set(footer["tags"] if footer else ())
    current = cache_tags.cache().get_many(list(keys))
    changed = [k for k, v in stored.items() if current.get(k) != v]
    if footer is not None:
        changed += [k for k, v in footer["tags"].items() if current.get(k) != v and k not in stored]
    if not changed:
        return ""
    families = sorted({names.get(k, "?").split(":", 1)[0] for k in changed})
    return "stale:" + ",".join(families)


def mark_wagtail_page(next_serve_page):
    """``on_serve_page`` hook: remember the page, and read its tags' versions before rendering."""

    def serve(page, request, args, kwargs):
        request._page_cache_page = page
        if _seconds() and not hasattr(request, "_page_cache_versions"):
            try:
                request._page_cache_versions = cache_tags.versions_for_store(
                    page_tags(page) | footer_tags(home_path(page.path))
                )
            except Exception:  # noqa: BLE001 - as in the middleware
                logger.warning("Sidcachen svarar inte (the page cache is unreachable)")
        return next_serve_page(page, request, args, kwargs)

    return serve
