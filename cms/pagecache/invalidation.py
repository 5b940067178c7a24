"""Which cached pages a write makes stale, and telling the cache (and a CDN) after the commit.

A write bumps the tags of exactly the pages that show what it changed
(``tags.py`` lists the tags, ``tracing.py`` which write bumps which, and
``receivers.py`` connects the signals); the catalog delivering public entries
(``search.signals``) bumps the cached search pages showing those entries, and,
for an entry that was not public before, every search page of its site (any
query may now find it).

Tags are collected per connection while a transaction runs and bumped once it
commits: before the commit a request could still read the old rows and store
them under the new tag versions. Rows written inside the transaction are
traced to their pages after the commit, in one query per model.
"""

from __future__ import annotations

import logging
from collections import defaultdict

from django.conf import settings
from django.db import transaction

from . import refresh
from . import tags as cache_tags
from .cdn import purge_pages
from .tracing import rows_tags

logger = logging.getLogger(__name__)


def enabled() -> bool:
    return bool(getattr(settings, "PAGE_CACHE_SECONDS", 0)) or bool(
        getattr(settings, "WAGTAILFRONTENDCACHE", None)
    )


# Collecting per transaction, bumping after the commit.


def _pending(connection):
    """What this connection's current transaction has written, to bump after its commit.

    Kept per outermost atomic block: what a rolled-back transaction collected
    is dropped when the next one starts, not bumped with it.
    """
    outermost = connection.atomic_blocks[0] if connection.atomic_blocks else None
    held = getattr(connection, "_page_cache_pending", None)
    if held is None or held[0] is not outermost:
        held = (outermost, (set(), defaultdict(set), set()))
        connection._page_cache_pending = held
    return held[1]


def _schedule(*, tags=(), rows=None, purge=()) -> None:
    connection = transaction.get_connection()
    pending_tags, pending_rows, pending_purge = _pending(connection)
    pending_tags.update(tags)
    if rows is not None:
        model, pk = rows
        pending_rows[model].add(pk)
    pending_purge.update(purge)
    # One callback per write: the first to run flushes everything pending, the
    # rest find nothing (and one dropped with a rolled-back savepoint leaves
    # the others to do it).
    pending = (pending_tags, pending_rows, pending_purge)
    transaction.on_commit(lambda: flush(pending))


def flush(pending) -> None:
    pending_tags, pending_rows, pending_purge = pending
    if not (pending_tags or pending_rows or pending_purge):
        return
    found = set(pending_tags)
    purge = set(pending_purge)
    rows = {model: set(pks) for model, pks in pending_rows.items()}
    pending_tags.clear()
    pending_rows.clear()
    pending_purge.clear()
    try:
        for model, pks in rows.items():
            found |= rows_tags(model, pks)
    except Exception:  # noqa: BLE001 - the write is committed; fall back to clearing all
        logger.exception("Sidcachen kunde inte spåra en ändring (page cache: tracing failed)")
        found.add(cache_tags.ALL)
    bump_and_purge(found, purge)


def bump_and_purge(found: set[str], purge: set[int] = frozenset()) -> None:
    if getattr(settings, "PAGE_CACHE_SECONDS", 0) and found:
        try:
            cache_tags.bump(found)
        except Exception:  # noqa: BLE001 - say loudly what was not done
            # Pages stored before stay until they expire (PAGE_CACHE_SECONDS).
            logger.exception("Sidcachen kunde inte tömmas (the page cache could not be cleared)")
        else:
            try:
                refresh.schedule(found)
            except Exception:  # noqa: BLE001 - a lost refresh costs a render, nothing else
                logger.exception("Sidcachen kunde inte förnyas (page cache refresh failed)")
    page_ids = {int(t.split(":", 1)[1]) for t in found if t.startswith("page:")}
    page_ids |= {p for p in purge if isinstance(p, int)}
    # A CDN knows no tags of ours: it is sent the addresses of the changed
    # pages and of the listings above them.
    listing_paths = {t.split(":", 1)[1] for t in found if t.startswith(("children:", "filtered:"))}
    urls = {p for p in purge if isinstance(p, str)}
    purge_pages(page_ids=page_ids, paths=listing_paths, urls=urls)


def page_cache_clear() -> None:
    """Make every cached page stale at once, in every process sharing the cache."""
    bump_and_purge({cache_tags.ALL})


# Kept for callers that only need "something public changed, after the commit".
def page_cache_clear_on_commit(**kwargs) -> None:
    if enabled() and kwargs.get("action", "post_").startswith("post_"):
        _schedule(tags={cache_tags.ALL})
