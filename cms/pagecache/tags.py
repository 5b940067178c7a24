"""Cache tags: what a stored page depends on, and their versions in the shared cache.

Every stored page (or search result page) carries the tags it depends on, each
with the *version* the tag had when the page was stored. A write that changes
what some pages show bumps the tags of those pages: a new random version under
``pagecache:tag:<tag>``. A stored page is fresh only while every one of its tags
still has the version it was stored with, so a bump makes exactly the pages
carrying that tag stale, in every process that shares the cache, at once.

The tags (see ``invalidation.py`` for which write bumps which):

``all``
    every page; bumped by ``page_cache_clear`` and by writes to rows whose
    public effect cannot be traced to pages (images, documents, snippets).
``root:<home id>``
    every page of one site: its menu, footer and site settings.
``page:<id>``
    the page itself.
``children:<path>``
    every listing of the page's children (an index page): bumped when a child
    comes, goes or moves.
``listed:<id>``
    listings that show this page (an index page says which it shows; one that
    does not say carries ``filtered:<its path>`` instead).
``filtered:<path>``
    listings of the page's children that a child's content can move it in or
    out of (filtered by status): bumped when any child changes.
``published:<home id>``
    pages that feature content from across their site (the home page): bumped
    when a page of that site is published, unpublished, moved or deleted.
``entry:<catalog key>`` and ``catalog-grew:<site id>``
    a cached public search page: the entries it shows, and the arrival of a
    new public entry that any query may now find.

Versions are random, never incremented: if a version key is evicted, no page
stored before can match the one written next.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import caches

ALL = "all"
PREFIX = "pagecache:tag:"


def cache():
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]


def tag_key(tag: str) -> str:
    # Catalog keys may hold any character: hash them into a safe, bounded key.
    if len(tag) > 80 or not tag.isascii() or " " in tag:
        tag = "h:" + hashlib.sha256(tag.encode()).hexdigest()
    return PREFIX + tag


def bump(tags: Iterable[str]) -> None:
    """Give each tag a new version: pages stored with the old one are stale."""
    keys = {tag_key(t) for t in tags}
    if keys:
        version = uuid.uuid4().hex
        cache().set_many(dict.fromkeys(keys, version), timeout=None)


def versions_for_store(tags: Iterable[str]) -> dict[str, str]:
    """The current version of each tag, creating the ones that have none yet."""
    keys = sorted({tag_key(t) for t in tags})
    backend = cache()
    found = backend.get_many(keys)
    missing = [k for k in keys if k not in found]
    for key in missing:
        # add(): if another process created it meanwhile, keep and read theirs.
        backend.add(key, uuid.uuid4().hex, timeout=None)
    if missing:
        found.update(backend.get_many(missing))
    return found


def still_fresh(stored: dict[str, str]) -> bool:
    """True when every tag still has the version the entry was stored with."""
    if not stored:
        return False
    current = cache().get_many(list(stored))
    return all(current.get(key) == version for key, version in stored.items())
