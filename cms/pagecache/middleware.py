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

import hashlib
import logging
import time
import unicodedata
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import cc_delim_re, get_max_age

from ..languages.codes import path_language
from . import tags as cache_tags
from .cdn import private_headers, shared_headers
from .invalidation import home_path

logger = logging.getLogger(__name__)

HEADER = "X-Page-Cache"
SEARCH_VIEW = "search:search"
# Vary headers the key already covers: the language is part of the key, and
# of the cookies only the session (never cached) and the CSRF cookie (a page
# that uses it sets it, so is never cached) change what a page shows.
_VARY_COVERED = {"accept-language", "cookie"}
# Headers that belong to one visitor's response, never replayed to another.
_NOT_STORED = {"set-cookie", HEADER.lower()}
_MAX_QUERY = 500


def _seconds() -> int:
    return int(getattr(settings, "PAGE_CACHE_SECONDS", 0) or 0)


def page_tags(page) -> set[str]:
    """What a served Wagtail page depends on (``tags.py``)."""
    home = home_path(page.path)
    found = {cache_tags.ALL, f"root:{home}", f"page:{page.pk}", f"children:{page.path}"}
    if page.depth <= 2:
        found.add(f"published:{home}")
    extra = getattr(page, "page_cache_tags", None)
    if callable(extra):
        found.update(extra())
    return found


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


def _search_params(query_string: str) -> str | None:
    from search.registry import facet_names

    allowed = facet_names() | {"q", "sort", "page"}
    kept = []
    for name, value in parse_qsl(query_string, keep_blank_values=False):
        if name not in allowed:
            continue
        value = unicodedata.normalize("NFC", " ".join(value.split()))
        if value:
            kept.append((name, value))
    encoded = urlencode(sorted(kept))
    return encoded if len(encoded) <= _MAX_QUERY else None


def _page_params(query_string: str) -> str | None:
    pairs = sorted(parse_qsl(query_string, keep_blank_values=False))
    encoded = urlencode(pairs)
    return encoded if len(encoded) <= _MAX_QUERY else None


def _request_key(request) -> tuple[str, str] | None:
    """(kind, key) of the entry, or None if this request must not use the cache."""
    if request.method not in ("GET", "HEAD"):
        return None
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or CookieStorage.cookie_name in cookies:
        # A session may hold a login, messages, a passed page password or a
        # submission in progress: such a visitor always gets a fresh page.
        return None
    if request.headers.get("Authorization"):
        return None
    urlconf = getattr(request, "urlconf", settings.ROOT_URLCONF)
    # The URL's language, and only it (cms.languages.middleware): never the
    # cookie or Accept-Language, so an English copy never reaches a Swedish URL.
    # Resolved in it too: the thread may still hold the previous request's.
    language = path_language(request.path_info)
    try:
        with translation.override(language):
            match = resolve(request.path_info, urlconf)
    except Resolver404:
        return None
    query = request.META.get("QUERY_STRING", "")
    if match.url_name == "wagtail_serve":
        kind, params = "page", _page_params(query) if query else ""
    elif match.view_name == SEARCH_VIEW:
        kind, params = "search", _search_params(query)
    else:
        # Forms, feeds, the admin: never stored, so not worth a cache round trip.
        return None
    if params is None:
        return None
    try:
        host = request.get_host()
    except DisallowedHost:
        return None  # the view raises it as it would without the cache
    digest = hashlib.sha256(f"{request.path}?{params}".encode()).hexdigest()
    return kind, f"pagecache:{kind}:{request.scheme}:{host.lower()}:{language}:{digest}"


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
        found = _request_key(request)
        if found is None:
            return self._bypass(request)
        kind, key = found
        if time.monotonic() < _breaker["open_until"]:
            return self._bypass(request)
        backend = cache_tags.cache()
        try:
            entry = backend.get(key)
            if entry is not None and cache_tags.still_fresh(entry["tags"]):
                return self._hit(entry)
            if entry is not None:
                # Read before rendering: a write committing meanwhile is seen.
                request._page_cache_versions = cache_tags.versions_for_store(entry["tag_names"])
        except Exception:  # noqa: BLE001 - an unreachable cache must not take the site down
            _trip()
            return self._bypass(request)
        response = self.get_response(request)
        tags = _response_tags(request, response, kind)
        if tags is None:
            private_headers(response)
            response[HEADER] = "bypass"
            return response
        try:
            versions = dict(getattr(request, "_page_cache_versions", {}))
            missing = [t for t in tags if cache_tags.tag_key(t) not in versions]
            if missing:
                versions.update(cache_tags.versions_for_store(missing))
            versions = {cache_tags.tag_key(t): versions[cache_tags.tag_key(t)] for t in tags}
            headers = [(k, v) for k, v in response.items() if k.lower() not in _NOT_STORED]
            shared_headers(response, seconds=seconds, tags=tags)
            headers = [(k, v) for k, v in response.items() if k.lower() not in _NOT_STORED]
            backend.set(
                key,
                {
                    "content": response.content,
                    "headers": headers,
                    "tags": versions,
                    "tag_names": sorted(tags),
                },
                timeout=seconds,
            )
        except Exception:  # noqa: BLE001 - as above
            _trip()
        response[HEADER] = "miss"
        return response

    def _bypass(self, request):
        response = self.get_response(request)
        if getattr(request, "_page_cache_page", None) is not None or (
            getattr(response, "catalog_site_id", None) is not None
        ):
            private_headers(response)
        response[HEADER] = "bypass"
        return response

    @staticmethod
    def _hit(entry):
        response = HttpResponse(entry["content"], status=200)
        for name, value in entry["headers"]:
            response[name] = value
        response[HEADER] = "hit"
        return response


def mark_wagtail_page(next_serve_page):
    """``on_serve_page`` hook: remember the page, and read its tags' versions before rendering."""

    def serve(page, request, args, kwargs):
        request._page_cache_page = page
        if _seconds() and not hasattr(request, "_page_cache_versions"):
            try:
                request._page_cache_versions = cache_tags.versions_for_store(page_tags(page))
            except Exception:  # noqa: BLE001 - as in the middleware
                logger.warning("Sidcachen svarar inte (the page cache is unreachable)")
        return next_serve_page(page, request, args, kwargs)

    return serve
