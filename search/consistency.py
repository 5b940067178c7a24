"""The catalog checked against the database: finds drift, repairs it, says how much.

Drift is what the outbox should have prevented but something let through: a
change written with ``QuerySet.update`` or SQL (no signal, no outbox row), a
crash between a commit and its outbox, a restored backup. ``catalog_check``
recomputes every source's entries from the database as it is now (the same
work as a rebuild, so it runs at night) and compares them with the stored
records, which both engines keep (Elasticsearch beside its own index):

- *missing*: an object that should have an entry and has none;
- *changed*: an entry whose stored fields (title, text, address, facets, who
  may see it) differ from what the object gives now;
- *stale*: a stored entry no object gives any more.

Each is queued in the outbox, as any change is, and the outbox is drained at
once: the normal delivery (with its back-off when the engine is down) does
the repair.
"""

import hashlib
import json
import logging

from django.db import transaction
from django.utils import timezone

from .engines.database import DatabaseEngine
from .models import CatalogOutbox, CatalogRecord
from .registry import CatalogEntry, sources
from .services import BATCH_SIZE, catalog_drain

logger = logging.getLogger(__name__)

# The stored fields an entry is compared on (the engine's tokens derive from them).
COMPARED = (
    *("kind", "site_id", "url", "title", "summary", "body"),
    *("language", "date", "facet_list", "principals"),
)


def _digest(values: dict) -> bytes:
    date = values.get("date")
    values = {**values, "date": date.timestamp() if date is not None else None}
    text = json.dumps([values[name] for name in COMPARED], default=str, ensure_ascii=False)
    return hashlib.blake2b(text.encode(), digest_size=16).digest()


def _entry_digest(engine: DatabaseEngine, entry: CatalogEntry, now) -> bytes:
    # The engine's own row: what it would store for this entry now.
    return _digest(engine._row(entry, now))


def _stored_digests() -> dict[str, bytes]:
    rows = CatalogRecord.objects.values_list(*("key", *COMPARED)).iterator(chunk_size=2000)
    return {row[0]: _digest(dict(zip(COMPARED, row[1:], strict=True))) for row in rows}


def _outbox_row(key: str, label: str, object_pk: str, now) -> CatalogOutbox:
    return CatalogOutbox(key=key, source=label, object_pk=object_pk, available_at=now)


def catalog_check(*, batch_size: int = BATCH_SIZE, repair: bool = True) -> dict:
    """Compare the catalog with the database, queue every difference, and drain.

    Returns counts: ``kontrollerade`` (entries the database gives), ``saknades``,
    ``andrade``, ``overflodiga`` and ``levererade`` (delivered by the drain).
    With ``repair=False`` only counts.
    """
    now = timezone.now()
    engine = DatabaseEngine()
    stored = _stored_digests()
    seen: set[str] = set()
    queue: list[CatalogOutbox] = []
    counts = {"kontrollerade": 0, "saknades": 0, "andrade": 0, "overflodiga": 0}
    for source in sources():
        batch: list = []
        for obj in source.get_queryset().iterator(chunk_size=batch_size):
            batch.append(obj)
            if len(batch) >= batch_size:
                _compare(source, batch, engine, stored, seen, queue, counts, now)
                batch = []
        if batch:
            _compare(source, batch, engine, stored, seen, queue, counts, now)
    for key in stored.keys() - seen:
        label, _sep, object_pk = key.rpartition(":")
        queue.append(_outbox_row(key, label, object_pk, now))
        counts["overflodiga"] += 1
    counts["levererade"] = 0
    if repair and queue:
        with transaction.atomic():
            CatalogOutbox.objects.bulk_create(queue, batch_size=batch_size)
        report = catalog_drain(batch_size=batch_size)
        counts["levererade"] = report.delivered
        if report.error:
            counts["error"] = report.error
    if queue:
        logger.warning("Katalogkontrollen hittade avvikelser: %s", counts)
    return counts


def _compare(source, objs, engine, stored, seen, queue, counts, now) -> None:
    source.prepare(objs)
    for obj in objs:
        entry = source.to_entry(obj)
        if entry is None:
            continue
        counts["kontrollerade"] += 1
        seen.add(entry.key)
        have = stored.get(entry.key)
        if have is None:
            counts["saknades"] += 1
        elif have != _entry_digest(engine, entry, now):
            counts["andrade"] += 1
        else:
            continue
        queue.append(_outbox_row(source.key_for(obj), source.label, str(obj.pk), now))
