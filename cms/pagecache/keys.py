"""Which entry a request reads and writes: its normalised address, host and language.

Two kinds of request have one (``middleware.py`` says which responses are
stored): a Wagtail page, keyed by the parameters it declares
(``page_cache_query_params``) in a normalised order, and the public search,
keyed by its query (whitespace collapsed, NFC), sort, page and known facets.
Anything else in the query string is left out, as the views ignore it.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import DisallowedHost
from django.urls import Resolver404, resolve
from django.utils import translation

from ..languages.codes import path_language

SEARCH_VIEW = "search:search"
_MAX_QUERY = 500


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


@dataclass(frozen=True)
class Slot:
    """Where a request's page is stored, and how to ask for it again (``refresh.py``)."""

    kind: str
    key: str
    site: str  # scheme:host:language, the footer's key
    scheme: str
    host: str
    path: str
    query: str
    language: str

    @property
    def footer_key(self) -> str:
        return f"pagecache:footer:{self.site}"


def request_key(request) -> Slot | None:
    """Where the entry is, or None if this request must not use the cache."""
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
    # WSGI hands over the query string's bytes decoded as Latin-1.
    query = request.META.get("QUERY_STRING", "").encode("iso-8859-1", "replace")
    query = query.decode("utf-8", "replace")
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
    site = f"{request.scheme}:{host.lower()}:{language}"
    return Slot(
        kind=kind,
        key=f"pagecache:{kind}:{site}:{digest}",
        site=site,
        scheme=request.scheme,
        host=host,
        path=request.path,
        query=params,
        language=language,
    )
