"""Signal receivers: each write to a public row is traced (``tracing.py``), bumped at its commit."""

from __future__ import annotations

import hashlib
import logging

from django.apps import apps
from django.conf import settings
from django.db.models.signals import m2m_changed, post_save, pre_delete
from wagtail import signals as wagtail_signals
from wagtail.models import Page

from search.registry import ANONYMOUS
from search.signals import catalog_delivered

from . import refresh
from . import tags as cache_tags
from .cdn import page_urls
from .invalidation import _schedule, bump_and_purge, enabled
from .tracing import CONTENT_APPS, PRIVATE_MODELS, home_path, page_write_tags, rows_tags

logger = logging.getLogger(__name__)


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
        refresh.schedule(found)
    except Exception:  # noqa: BLE001 - the catalog is updated; stale search pages expire
        logger.exception("Sidcachen kunde inte tömmas (the page cache could not be cleared)")


def _on_promotion_write(sender, instance, **kwargs) -> None:
    # Editors' promoted results ("Rekommenderade sökträffar") lead the public
    # search pages of their query; which stored pages showed that query is not
    # traced, and promotions change seldom: every stored search page goes.
    if enabled():
        _schedule(tags={"catalog"})


def _on_synonym_write(sender, instance, **kwargs) -> None:
    # An editor's synonym ("SFB = Socialförsäkringsbalken") changes what a
    # search finds; which stored pages' queries it touches is not traced, and
    # synonyms change seldom: every stored search page goes, as for promotions.
    if enabled():
        _schedule(tags={"catalog"})


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
    if apps.is_installed("wagtail.contrib.search_promotions"):
        promotion = apps.get_model("wagtailsearchpromotions", "SearchPromotion")
        post_save.connect(_on_promotion_write, sender=promotion, dispatch_uid="pagecache:promo")
        pre_delete.connect(_on_promotion_write, sender=promotion, dispatch_uid="pagecache:promo")
    synonym = apps.get_model("search", "SearchSynonym")
    post_save.connect(_on_synonym_write, sender=synonym, dispatch_uid="pagecache:synonym")
    pre_delete.connect(_on_synonym_write, sender=synonym, dispatch_uid="pagecache:synonym")
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
