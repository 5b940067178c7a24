"""An anonymous page cache for the public Wagtail pages, cleared whenever public content changes.

Only a Wagtail page served to an anonymous visitor (GET, no query string, no
session, no pending messages) is stored, and only a plain 200 response that
set no cookie (so never one that used the CSRF token), carries no messages and
whose page has no view restriction. Entries are keyed on scheme, host, path
and the language ``LocaleMiddleware`` would pick, and tagged with a
*generation*: clearing the cache is writing a new random generation, so every
entry written before it is ignored at once, in every process that shares the
cache. Clearing happens after the commit of any write to a model that public
pages show (see ``connect_signals``).

``PAGE_CACHE_SECONDS`` (0: off) is how long an entry lives; it is also the
longest that content changing with time alone (a meeting becoming "past")
stays as it was. ``PAGE_CACHE_ALIAS`` (optional, default ``"default"``)
names the cache.
"""

import hashlib
import itertools
import logging
import uuid

from django.apps import apps
from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import cc_delim_re, get_max_age
from wagtail import signals as wagtail_signals

logger = logging.getLogger(__name__)

HEADER = "X-Page-Cache"
GENERATION_KEY = "pagecache:generation"
# Vary headers the key already covers: the language is part of the key, and
# of the cookies only the session (never cached) and the CSRF cookie (a page
# that uses it sets it, so is never cached) change what a page shows.
_VARY_COVERED = {"accept-language", "cookie"}
# Headers that belong to one visitor's response, never replayed to another.
_NOT_STORED = {"set-cookie", HEADER.lower()}

# The apps whose rows public pages show (pages, settings, snippets, images,
# documents, tags, the plugins' models). A write to any of their models clears
# the cache, except the models below, which no public page shows and which
# are written often (renditions even while serving a page).
CONTENT_APPS = (
    "cms",
    "idelabbet",
    "forum",
    "wagtailcore",
    "wagtailimages",
    "wagtaildocs",
    "taggit",
)
PRIVATE_MODELS = {
    "wagtailimages.rendition",
    "wagtailcore.pagelogentry",
    "wagtailcore.modellogentry",
    "wagtailcore.referenceindex",
    "wagtailcore.pagesubscription",
    "wagtailcore.uploadedfile",
    "idelabbet.outgoingemail",
    "idelabbet.casereminder",
    "idelabbet.note",
    "idelabbet.noterevision",
    "idelabbet.noteattachment",
    "idelabbet.caseuserobjectpermission",
    "idelabbet.casegroupobjectpermission",
    "idelabbet.noteuserobjectpermission",
    "idelabbet.notegroupobjectpermission",
    "forum.feedbackdelivery",
}


# Orders writes and clears on a connection (see page_cache_clear_on_commit).
_sequence = itertools.count(1)


def _seconds() -> int:
    return int(getattr(settings, "PAGE_CACHE_SECONDS", 0) or 0)


def _cache():
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]


def page_cache_clear() -> None:
    """Make every cached page stale at once, in every process sharing the cache.

    A new random generation, never an incremented one: if the generation key
    is ever evicted, no old entry can match the one written next.
    """
    if not _seconds():
        return
    try:
        _cache().set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
    except Exception:  # noqa: BLE001 - the write is committed; say loudly what was not done
        # Pages stored before stay until they expire (PAGE_CACHE_SECONDS).
        logger.exception("Sidcachen kunde inte tömmas (the page cache could not be cleared)")


def page_cache_clear_on_commit(**kwargs) -> None:
    """Signal receiver: clear once the current transaction commits (at once outside one).

    Before the commit a request could still read the old rows and store them
    under the new generation; after it, no request can. Of the callbacks one
    transaction registers, the first to run clears and the rest see that a
    clear already followed their write on this connection (so a transaction
    writing thousands of rows clears once, and a callback dropped with a
    rolled-back savepoint leaves the others to do it).
    """
    if not _seconds() or not kwargs.get("action", "post_").startswith("post_"):
        return
    connection = transaction.get_connection()
    written = next(_sequence)

    def clear() -> None:
        if getattr(connection, "_page_cache_cleared_at", 0) > written:
            return
        connection._page_cache_cleared_at = next(_sequence)
        page_cache_clear()

    transaction.on_commit(clear)


def _request_key(request) -> str | None:
    """The entry's key, or None if this request must not use the cache."""
    if request.method not in ("GET", "HEAD") or request.META.get("QUERY_STRING"):
        return None
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or CookieStorage.cookie_name in cookies:
        # A session may hold a login, messages, a passed page password or a
        # submission in progress: such a visitor always gets a fresh page.
        return None
    if request.headers.get("Authorization"):
        return None
    urlconf = getattr(request, "urlconf", settings.ROOT_URLCONF)
    try:
        match = resolve(request.path_info, urlconf)
    except Resolver404:
        return None
    if match.url_name != "wagtail_serve":
        # Forms, feeds, the admin: never stored, so not worth a cache round trip.
        return None
    try:
        host = request.get_host()
    except DisallowedHost:
        return None  # the view raises it as it would without the cache
    prefixed, _default = is_language_prefix_patterns_used(urlconf)
    # What LocaleMiddleware will activate: cookie, Accept-Language, default.
    language = translation.get_language_from_request(request, check_path=prefixed)
    path = hashlib.sha256(request.path.encode()).hexdigest()
    return f"pagecache:{request.scheme}:{host.lower()}:{language}:{path}"


def _storable(request, response) -> bool:
    page = getattr(request, "_page_cache_page", None)
    if page is None or request.method != "GET":
        return False  # not a Wagtail page
    if response.status_code != 200 or response.streaming or response.cookies:
        return False  # a cookie: the CSRF token, a session, messages, the language
    cache_control = response.get("Cache-Control", "").lower()
    if any(d in cache_control for d in ("private", "no-cache", "no-store")):
        return False
    if get_max_age(response) == 0:
        return False
    vary = {v.strip().lower() for v in cc_delim_re.split(response.get("Vary", "")) if v.strip()}
    if vary - _VARY_COVERED:
        return False  # varies on something the key does not hold
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    messages = getattr(request, "_messages", None)
    if messages is not None and len(messages):
        return False
    if getattr(request, "_csp_nonce", None) is not None:
        return False  # its nonce is this response's alone (django-csp)
    # Last, as the only check that costs a query (and only on a miss).
    return not page.get_view_restrictions().exists()


class PageCacheMiddleware:
    """Serve anonymous visitors' Wagtail pages from the cache; store what is safe to share.

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
        key = _request_key(request)
        if key is None:
            response = self.get_response(request)
            response[HEADER] = "bypass"
            return response
        cache = _cache()
        try:
            generation, entry = self._lookup(cache, key)
        except Exception:  # noqa: BLE001 - an unreachable cache must not take the site down
            logger.warning("Sidcachen svarar inte (the page cache is unreachable)", exc_info=True)
            response = self.get_response(request)
            response[HEADER] = "bypass"
            return response
        if entry is not None and entry["generation"] == generation:
            response = HttpResponse(entry["content"], status=200)
            for name, value in entry["headers"]:
                response[name] = value
            response[HEADER] = "hit"
            return response
        response = self.get_response(request)
        if generation is not None and _storable(request, response):
            headers = [(k, v) for k, v in response.items() if k.lower() not in _NOT_STORED]
            entry = {"generation": generation, "content": response.content, "headers": headers}
            try:
                cache.set(key, entry, timeout=seconds)
            except Exception:  # noqa: BLE001 - as above
                logger.warning("Sidcachen svarar inte (the page cache is unreachable)")
            response[HEADER] = "miss"
        else:
            response[HEADER] = "bypass"
        return response

    @staticmethod
    def _lookup(cache, key: str):
        """The current generation and this key's entry, in one round trip when both exist."""
        found = cache.get_many([GENERATION_KEY, key])
        generation = found.get(GENERATION_KEY)
        if generation is None:
            # Never stored or evicted: a new random one can match no old entry.
            cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
            return cache.get(GENERATION_KEY), None
        return generation, found.get(key)


def mark_wagtail_page(next_serve_page):
    """``on_serve_page`` hook: remember that Wagtail itself served this page."""

    def serve(page, request, args, kwargs):
        request._page_cache_page = page
        return next_serve_page(page, request, args, kwargs)

    return serve


def connect_signals() -> None:
    """Clear the cache after the commit of every write that public pages can show.

    Wagtail's publish, unpublish, move and slug signals, and saves, deletes and
    many-to-many changes of every model of ``CONTENT_APPS`` but the private
    ones: page rows, revisions (a case's public status is written to the page
    with a queryset update, beside a ``CaseTransition``), view restrictions,
    sites, site settings, snippets (forum's coordination group, principles,
    Csam), images, documents, the plugins' submissions, cases and proposals
    (an erasure or anonymisation saves the submission and adds a transition).
    Connected per model, not for all senders: a delete receiver for every
    model would turn off Django's fast deletes everywhere.
    """
    for signal in (
        wagtail_signals.page_published,
        wagtail_signals.page_unpublished,
        wagtail_signals.published,
        wagtail_signals.unpublished,
        wagtail_signals.post_page_move,
        wagtail_signals.page_slug_changed,
    ):
        signal.connect(page_cache_clear_on_commit, dispatch_uid="pagecache")
    for label in CONTENT_APPS:
        try:
            config = apps.get_app_config(label)
        except LookupError:
            continue
        for model in config.get_models():
            if model._meta.label_lower in PRIVATE_MODELS:
                continue
            uid = f"pagecache:{model._meta.label_lower}"
            post_save.connect(page_cache_clear_on_commit, sender=model, dispatch_uid=uid)
            post_delete.connect(page_cache_clear_on_commit, sender=model, dispatch_uid=uid)
            for field in model._meta.local_many_to_many:
                through = field.remote_field.through
                m2m_changed.connect(
                    page_cache_clear_on_commit,
                    sender=through,
                    dispatch_uid=f"pagecache:{through._meta.label_lower}",
                )
