"""Which cached pages a write makes stale, and telling the cache (and a CDN) after the commit.

A write bumps the tags of exactly the pages that show what it changed
(``tags.py`` lists the tags):

- a page's own row or revision: ``page:<id>``, the listings that show it
  (``listed:<id>``) and its parent's filtered listings (``filtered:<parent
  path>``: a change may move it in or out of them); a top-level page is in
  every page's menu, so also its site (``root:<home path>``);
- publishing, unpublishing, creating, moving or deleting a page: also every
  listing of its parent (``children:<parent path>``, of both parents on a
  move) and the site's ``published:<home path>`` (the home page features what
  is new);
- a row of any other model of ``CONTENT_APPS``: each page it reaches through
  at most three foreign keys, itself and its listing (a case reaches its idea
  page and the ideas index it belongs to; a registration, its meeting), and
  the site of a site it reaches (a footer setting). Rows that reach no page or
  site (images, documents, snippets) bump ``all``;
- the catalog delivering public entries (``search.signals``): the cached
  search pages showing those entries, and, for an entry that was not public
  before, every search page of its site (any query may now find it).

Tags are collected per connection while a transaction runs and bumped once it
commits: before the commit a request could still read the old rows and store
them under the new tag versions. Rows written inside the transaction are
traced to their pages after the commit, in one query per model.
"""

from __future__ import annotations

import hashlib
import logging
from collections import defaultdict
from functools import cache as memoize

from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_save, pre_delete
from wagtail import signals as wagtail_signals
from wagtail.models import Page, Revision, Site

from search.registry import ANONYMOUS
from search.signals import catalog_delivered

from . import tags as cache_tags
from .cdn import page_urls, purge_pages

logger = logging.getLogger(__name__)

# The apps whose rows public pages show (pages, settings, snippets, images,
# documents, tags, the plugins' models). Models below are never shown publicly,
# or written so often (renditions, even while a page is served) that they must
# not touch the cache.
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
    "wagtailcore.workflowstate",
    "wagtailcore.taskstate",
    "wagtailcore.comment",
    "wagtailcore.commentreply",
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
MAX_HOPS = 3
STEP = Page.steplen


def enabled() -> bool:
    return bool(getattr(settings, "PAGE_CACHE_SECONDS", 0)) or bool(
        getattr(settings, "WAGTAILFRONTENDCACHE", None)
    )


# Tags of a page, as a write sees it.


def home_path(path: str) -> str:
    return path[: STEP * 2]


def page_write_tags(page_id: int, path: str, depth: int, *, membership: bool = False) -> set[str]:
    """A page's row or revision changed: the page, where it is listed, and its menu if top-level.

    ``membership``: the page came, went or moved (published, unpublished,
    created, moved, deleted), so every listing of its parent changes, not only
    the ones that show it.
    """
    found = {f"page:{page_id}", f"listed:{page_id}"}
    if depth > 1:
        parent = path[:-STEP]
        found.add(f"filtered:{parent}")
        if membership:
            found.add(f"children:{parent}")
    if depth <= 3:
        # A site's home page or a top-level page: the menu of every page.
        found.add(f"root:{home_path(path)}")
    return found


# Tracing other rows to the pages they show up on.


@memoize
def reach_paths(model: type[models.Model]) -> tuple[tuple[str, str], ...]:
    """(lookup, "page"|"site") for every page or site reachable through ≤ 3 foreign keys."""
    found: list[tuple[str, str]] = []

    def walk(current, prefix: str, hops: int, seen: frozenset):
        for field in current._meta.concrete_fields:
            if not (field.many_to_one or field.one_to_one) or field.remote_field is None:
                continue
            target = field.remote_field.model
            lookup = f"{prefix}{field.name}"
            if issubclass(target, Page):
                found.append((lookup, "page"))
            elif issubclass(target, Site):
                found.append((lookup, "site"))
            elif hops < MAX_HOPS and target not in seen and target._meta.app_label in CONTENT_APPS:
                walk(target, f"{lookup}__", hops + 1, seen | {target})

    if not issubclass(model, Page):
        walk(model, "", 1, frozenset({model}))
    return tuple(found)


def _columns(paths) -> list[str]:
    columns = []
    for lookup, kind in paths:
        if kind == "page":
            columns += [f"{lookup}__id", f"{lookup}__path", f"{lookup}__depth"]
        else:
            columns.append(f"{lookup}__root_page__path")
    return columns


def _tags_of_values(paths, values) -> set[str]:
    found: set[str] = set()
    pages: dict[str, int] = {}
    values = iter(values)
    for _lookup, kind in paths:
        if kind == "page":
            page_id, path, _depth = next(values), next(values), next(values)
            if page_id is not None:
                pages[path] = page_id
        else:
            root_path = next(values)
            if root_path is not None:
                found.add(f"root:{home_path(root_path)}")
    for path, page_id in pages.items():
        # A row is about the most specific page it reaches: a case reaches its
        # idea and the ideas index above it, and shows on the idea (and where
        # the idea is listed), not on every page of the index.
        if any(other != path and other.startswith(path) for other in pages):
            continue
        found |= {f"page:{page_id}", f"listed:{page_id}", f"filtered:{path[:-STEP]}"}
    return found


def rows_tags(model: type[models.Model], pks) -> set[str]:
    """The tags of the pages the given rows of ``model`` show up on (``all`` if none)."""
    if model is Revision:
        return _revision_tags(pks)
    paths = reach_paths(model)
    if not paths:
        return {cache_tags.ALL}
    found: set[str] = set()
    for values in model._base_manager.filter(pk__in=list(pks)).values_list(*_columns(paths)):
        found |= _tags_of_values(paths, values)
    return found


def _revision_tags(pks) -> set[str]:
    page_ids = [
        int(object_id)
        for object_id, is_page in Revision.objects.filter(pk__in=list(pks)).values_list(
            "object_id", "base_content_type__model"
        )
        if is_page == "page" and str(object_id).isdigit()
    ]
    found: set[str] = set()
    for page_id, path, depth in Page.objects.filter(pk__in=page_ids).values_list(
        "id", "path", "depth"
    ):
        found |= page_write_tags(page_id, path, depth)
    return found if page_ids else set()


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


# Signal receivers.


def _on_row_write(sender, instance, **kwargs) -> None:
    if not enabled() or not kwargs.get("action", "post_").startswith("post_"):
        return
    if isinstance(instance, Page):
        membership = bool(kwargs.get("created"))
        _schedule(
            tags=page_write_tags(instance.pk, instance.path, instance.depth, membership=membership)
        )
    elif "signal" in kwargs and kwargs["signal"] is m2m_changed:
        _schedule(rows=(type(instance), instance.pk))
    else:
        _schedule(rows=(sender, instance.pk))


def _on_row_delete(sender, instance, **kwargs) -> None:
    # Traced before the row (and what it reaches) is gone.
    if not enabled():
        return
    if isinstance(instance, Page):
        found = page_write_tags(instance.pk, instance.path, instance.depth, membership=True)
        found.add(f"published:{home_path(instance.path)}")
        # Its address is known only now: the row is gone after the commit.
        _schedule(tags=found, purge=set(page_urls(instance)))
    else:
        try:
            _schedule(tags=rows_tags(sender, [instance.pk]))
        except Exception:  # noqa: BLE001 - never stop a delete for the cache's sake
            _schedule(tags={cache_tags.ALL})


def _on_page_event(sender, instance, **kwargs) -> None:
    if not enabled():
        return
    page = instance
    found = page_write_tags(page.pk, page.path, page.depth, membership=True)
    found.add(f"published:{home_path(page.path)}")
    for key in ("parent_page_before", "parent_page_after"):
        parent = kwargs.get(key)
        if parent is not None:
            found.add(f"children:{parent.path}")
            found.add(f"root:{home_path(parent.path)}")
    _schedule(tags=found, purge={page.pk})


def _on_object_published(sender, instance, **kwargs) -> None:
    # Snippets and other draft-state models: which pages show them is not traced.
    if enabled() and not isinstance(instance, Page):
        _schedule(tags={cache_tags.ALL})


def _known_key(key: str) -> str:
    return "pagecache:known:" + hashlib.sha256(key.encode()).hexdigest()


def _on_catalog_delivered(sender, indexed=(), deleted=(), rebuilt=False, **kwargs) -> None:
    """Drop the search pages that showed a changed entry; all of a site's if one is new."""
    if not getattr(settings, "PAGE_CACHE_SECONDS", 0):
        return
    if rebuilt:
        bump_and_purge({"catalog"})
        return
    found: set[str] = set()
    public = {e.key: e.site_id for e in indexed if ANONYMOUS in e.principals}
    private = [e.key for e in indexed if e.key not in public] + list(deleted)
    try:
        backend = cache_tags.cache()
        known = backend.get_many([_known_key(k) for k in public])
        for key, site_id in public.items():
            found.add(f"entry:{key}")
            if _known_key(key) not in known:
                found.add(f"catalog-grew:{site_id}")
        if public:
            backend.set_many({_known_key(k): 1 for k in public}, timeout=None)
        if private:
            backend.delete_many([_known_key(k) for k in private])
        found.update(f"entry:{key}" for key in private)
        cache_tags.bump(found)
    except Exception:  # noqa: BLE001 - the catalog is updated; stale search pages expire
        logger.exception("Sidcachen kunde inte tömmas (the page cache could not be cleared)")


def connect_signals() -> None:
    """Connect the receivers that trace writes to the cached pages they change."""
    for signal in (
        wagtail_signals.page_published,
        wagtail_signals.page_unpublished,
        wagtail_signals.post_page_move,
        wagtail_signals.page_slug_changed,
    ):
        signal.connect(_on_page_event, dispatch_uid="pagecache")
    for signal in (wagtail_signals.published, wagtail_signals.unpublished):
        signal.connect(_on_object_published, dispatch_uid="pagecache")
    catalog_delivered.connect(_on_catalog_delivered, dispatch_uid="pagecache")
    for label in CONTENT_APPS:
        try:
            config = apps.get_app_config(label)
        except LookupError:
            continue
        for model in config.get_models():
            if model._meta.label_lower in PRIVATE_MODELS:
                continue
            # Connected per model, not for all senders: a delete receiver for
            # every model would turn off Django's fast deletes everywhere.
            uid = f"pagecache:{model._meta.label_lower}"
            post_save.connect(_on_row_write, sender=model, dispatch_uid=uid)
            pre_delete.connect(_on_row_delete, sender=model, dispatch_uid=uid)
            for field in model._meta.local_many_to_many:
                through = field.remote_field.through
                m2m_changed.connect(
                    _on_row_write,
                    sender=through,
                    dispatch_uid=f"pagecache:{through._meta.label_lower}",
                )


# Kept for callers that only need "something public changed, after the commit".
def page_cache_clear_on_commit(**kwargs) -> None:
    if enabled() and kwargs.get("action", "post_").startswith("post_"):
        _schedule(tags={cache_tags.ALL})
