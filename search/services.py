"""Writes of the catalog: queueing updates, delivering them, rebuilding.

Delivery (why it is shaped like this): ``catalog_queue`` writes outbox rows in
the caller's transaction and registers an ``on_commit`` hook that enqueues the
``catalog_drain_task`` django-task, so the web request never waits on the
engine and a rolled-back transaction leaves neither rows nor a task. The
worker's ``catalog_drain`` takes rows in id order, in batches, recomputes each
object's entry from the database *as it is now* (so running a batch twice, or
out of order, gives the same catalog: the drain is idempotent), sends it, and
deletes the rows only after the engine accepted them. When the engine is down
the rows stay, get a back-off and the error, and the task is enqueued again
for later; ``manage.py search_drain`` (and every later commit) also retries.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from functools import partial

from django.db import connections, transaction
from django.db.models import Model
from django.utils import timezone

from .engines import Engine, EngineUnavailable, get_engine
from .models import CatalogOutbox, CatalogStatus
from .registry import CatalogEntry, CatalogSource, source_for_model, sources
from .registry import get_source as registry_get_source
from .signals import catalog_delivered
from .suggest import VocabularyBuilder, vocabulary_add

logger = logging.getLogger(__name__)

BATCH_SIZE = 500
MAX_BACKOFF = timedelta(minutes=10)


def catalog_queue(*, instances: Iterable[Model]) -> None:
    """Queue catalog updates for ``instances``; call inside the caller's transaction.

    Writes one outbox row per instance whose model (or a parent model) has a
    registered source; instances of other models are ignored. Wagtail pages
    given as base ``Page`` objects are resolved to their specific class. After
    the surrounding transaction commits, the drain task is enqueued.
    """
    now = timezone.now()
    rows = []
    for obj in instances:
        source = source_for_model(type(obj))
        if source is None and hasattr(obj, "specific_class") and obj.specific_class:
            source = source_for_model(obj.specific_class)
        if source is None or obj.pk is None:
            continue
        rows.append(
            CatalogOutbox(
                key=source.key_for(obj),
                source=source.label,
                object_pk=str(obj.pk),
                available_at=now,
            )
        )
    if not rows:
        return
    CatalogOutbox.objects.bulk_create(rows)
    # robust: the rows are committed; if the queue fails, catalog_sweep delivers them.
    transaction.on_commit(_enqueue_drain, robust=True)


SWEEP_GRACE = timedelta(seconds=30)


def catalog_rows_overdue(*, now=None) -> bool:
    """Whether some outbox row has been due long enough that its drain task must be lost."""
    now = now or timezone.now()
    return CatalogOutbox.objects.filter(available_at__lte=now - SWEEP_GRACE).exists()


def _enqueue_drain(run_after=None) -> None:
    from .tasks import catalog_drain_task

    task = catalog_drain_task
    if run_after is not None:
        if not task.get_backend().supports_defer:
            return  # retried by the next commit or `manage.py search_drain`
        task = task.using(run_after=run_after)
    task.enqueue()


@dataclass
class DrainReport:
    delivered: int = 0
    failed: int = 0
    error: str = ""


def _resolve(
    rows: list[CatalogOutbox], owners: dict[str, list] | None = None
) -> tuple[list[CatalogEntry], list[str], dict[int, str]]:
    """Entries to index and keys to delete for ``rows``, from the objects as they are now.

    ``owners`` (when given) collects the loaded objects by source label, for
    ``_queue_followers``.
    """
    entries: dict[str, CatalogEntry] = {}
    deletes: dict[str, None] = {}
    broken: dict[int, str] = {}
    by_source: dict[str, list[CatalogOutbox]] = {}
    for row in rows:
        by_source.setdefault(row.source, []).append(row)
    for label, source_rows in by_source.items():
        source = registry_get_source(label)
        if source is None:
            # The model is no longer catalogued: its entries must go.
            deletes.update(dict.fromkeys(r.key for r in source_rows))
            continue
        objects = source.get_object_queryset().in_bulk({r.object_pk for r in source_rows})
        objects = {str(pk): obj for pk, obj in objects.items()}
        if owners is not None:
            owners.setdefault(label, []).extend(objects.values())
        source.prepare(list(objects.values()))
        for row in source_rows:
            obj = objects.get(row.object_pk)
            try:
                entry = source.to_entry(obj) if obj is not None else None
            except Exception as exc:  # noqa: BLE001 - one broken object must not block the rest
                logger.exception("Catalog source %s failed for %s", label, row.key)
                broken[row.pk] = f"{type(exc).__name__}: {exc}"
                continue
            if entry is None:
                entries.pop(row.key, None)
                deletes[row.key] = None
            else:
                deletes.pop(entry.key, None)
                entries[entry.key] = entry
    return list(entries.values()), list(deletes), broken


def _backoff(attempts: int) -> timedelta:
    return min(timedelta(seconds=5 * 2 ** min(attempts, 10)), MAX_BACKOFF)


def _record_status(engine: Engine, *, error: str = "") -> None:
    now = timezone.now()
    fields = {"last_error": error, "last_error_at": now} if error else {"last_delivery_at": now}
    CatalogStatus.objects.update_or_create(engine=engine.name, defaults=fields)


def catalog_drain(*, batch_size: int = BATCH_SIZE, engine: Engine | None = None) -> DrainReport:
    """Deliver every due outbox row to the engine, in batches; safe to run any time.

    Returns how many rows were delivered and whether the engine failed. On an
    engine failure the batch's rows stay in the outbox with a back-off, the error
    is recorded, and a retry task is enqueued; nothing is lost.
    """
    engine = engine or get_engine()
    report = DrainReport()
    while True:
        with transaction.atomic():
            rows = list(
                CatalogOutbox.objects.filter(available_at__lte=timezone.now())
                .select_for_update(skip_locked=True)
                .order_by("id")[:batch_size]
            )
            if not rows:
                break
            owners: dict[str, list] = {}
            entries, deletes, broken = _resolve(rows, owners)
            try:
                with transaction.atomic():
                    engine.index(entries)
                    engine.delete(deletes)
                vocabulary_add(entries=entries)
            except EngineUnavailable as exc:
                report.error = str(exc)
                retry_at = _fail(rows, report.error)
                report.failed += len(rows)
                _record_status(engine, error=report.error)
                transaction.on_commit(partial(_enqueue_drain, run_after=retry_at), robust=True)
                break
            if broken:
                _fail([r for r in rows if r.pk in broken], "; ".join(set(broken.values())))
                report.failed += len(broken)
            CatalogOutbox.objects.filter(pk__in=[r.pk for r in rows if r.pk not in broken]).delete()
            _queue_followers(owners)
            report.delivered += len(rows) - len(broken)
            transaction.on_commit(
                partial(
                    catalog_delivered.send, sender=CatalogOutbox, indexed=entries, deleted=deletes
                )
            )
            _record_status(engine)
    return report


def _queue_followers(owners: dict[str, list]) -> None:
    """Queue the entries that follow the delivered objects (see ``CatalogSource.follows``).

    Written in the batch's transaction, so the same drain delivers them in its
    next round; followers never follow anything themselves.
    """
    for follower in sources():
        if not follower.follows:
            continue
        objs = [
            obj
            for label, loaded in owners.items()
            if (source := registry_get_source(label)) is not None
            and issubclass(source.model, follower.follows)
            for obj in loaded
        ]
        if objs:
            catalog_queue(instances=list(follower.followers(objs)))


def _fail(rows: list[CatalogOutbox], error: str):
    now = timezone.now()
    latest = now
    for row in rows:
        row.attempts += 1
        row.available_at = now + _backoff(row.attempts)
        row.last_error = error[:2000]
        latest = max(latest, row.available_at)
    CatalogOutbox.objects.bulk_update(rows, ["attempts", "available_at", "last_error"])
    return min(r.available_at for r in rows) if rows else latest


def _entry_batches(
    source_list: list[CatalogSource], batch_size: int
) -> Iterator[list[CatalogEntry]]:
    for source in source_list:
        objs = []
        for obj in source.get_queryset().iterator(chunk_size=batch_size):
            objs.append(obj)
            if len(objs) >= batch_size:
                yield _entries_of(source, objs)
                objs = []
        if objs:
            yield _entries_of(source, objs)


def _entries_of(source: CatalogSource, objs: list) -> list[CatalogEntry]:
    source.prepare(objs)
    return [entry for entry in map(source.to_entry, objs) if entry is not None]


def catalog_rebuild(
    *,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[int], None] | None = None,
    engine: Engine | None = None,
) -> int:
    """Rebuild the whole catalog from the database, in batches, with no downtime.

    Every registered source's ``get_queryset()`` is turned into entries and sent
    batch by batch; entries no source produced any more are removed at the end
    (database) or vanish with the old index when the alias moves (Elasticsearch).
    Pending outbox rows are delivered afterwards. Returns the number of entries.
    """
    engine = engine or get_engine()
    # The words of "Menade du …?" are collected on the way (new ones stored per
    # batch, stale ones removed once every entry has been seen).
    vocabulary = VocabularyBuilder()
    batches = vocabulary.collect(_entry_batches(sources(), batch_size))
    connection = transaction.get_connection()
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        batches = _read_ahead(batches)
    count = engine.rebuild(batches, progress)
    vocabulary.finish()
    # Every entry may have changed: listeners drop all they derived from it.
    transaction.on_commit(
        partial(catalog_delivered.send, sender=CatalogOutbox, indexed=[], deleted=[], rebuilt=True)
    )
    catalog_drain(engine=engine)
    return count


def _read_ahead(batches: Iterator[list[CatalogEntry]]) -> Iterator[list[CatalogEntry]]:
    """Build the next batches in a thread while the engine stores the current one.

    Building entries is Python work and storing them is the database's (or
    Elasticsearch's), so on two cores the two overlap instead of taking turns.
    The thread reads through its own connection, so this is only used on
    PostgreSQL (SQLite would lock a reader out while a batch is written) and
    outside a transaction, whose uncommitted rows that connection cannot see.
    """
    ahead: queue.Queue = queue.Queue(maxsize=2)
    done = object()
    stop = threading.Event()

    def offer(item) -> bool:
        while not stop.is_set():
            try:
                ahead.put(item, timeout=0.2)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            for batch in batches:
                if not offer(batch):
                    return
            offer(done)
        except BaseException as exc:  # noqa: BLE001 - handed to the consumer to raise
            offer(exc)
        finally:
            connections.close_all()

    thread = threading.Thread(target=produce, name="catalog-rebuild-reader", daemon=True)
    thread.start()
    try:
        while True:
            item = ahead.get()
            if item is done:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        thread.join()


def catalog_total(*, engine: Engine | None = None) -> int:
    """How many objects a rebuild will look at (for the progress bar)."""
    return sum(source.get_queryset().count() for source in sources())
