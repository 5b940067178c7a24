"""A PostgreSQL rebuild outside a transaction stores on several connections at once.

It must store what a rebuild on one connection stores, keep the later version
of an entry that two batches hold, remove what no batch produced, count its
progress, and on an error stop with that error, leaving no thread and no
connection behind.
"""

import threading

import pytest
from django.db import connection, transaction

from search.engines import get_engine
from search.engines.database import postgres, writers
from search.models import CatalogRecord
from search.registry import CatalogEntry
from search.selectors import catalog_search

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the writers store on PostgreSQL only"
    ),
]

WORDS = "kulturföreningar mötesrum skärgården ungdomsverksamhet länsstyrelsen städer".split()


def _entry(n: int, title: str | None = None) -> CatalogEntry:
    return CatalogEntry(
        key=f"test.item:{n:04d}",
        kind="page",
        site_id=None,
        url=f"/item/{n}/",
        title=title or f"Sida {n} om {WORDS[n % len(WORDS)]}",
        body=" ".join(WORDS[(n + k) % len(WORDS)] for k in range(n % 5 + 3)),
        principals=frozenset({"anonymous"} if n % 2 else {"group:7"}),
    )


def _batches(size: int = 3):
    entries = [_entry(n) for n in range(40)]
    batches = [entries[i : i + size] for i in range(0, len(entries), size)]
    # The same entry again, three batches later, with a new title: that one is kept.
    batches[5] = [*batches[5], _entry(1, title="Sida 1 med ny rubrik: fritidsgård")]
    return batches


def _vectors() -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT key, search_vector::text FROM {CatalogRecord._meta.db_table}")
        return dict(cursor.fetchall())


def _connections() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()")
        return cursor.fetchone()[0]


def _writer_threads() -> list[str]:
    return [t.name for t in threading.enumerate() if t.name.startswith(writers.THREAD_NAME)]


def test_a_rebuild_on_two_connections_stores_what_one_connection_stores(settings):
    settings.SEARCH_REBUILD_WRITERS = 2
    engine = get_engine()
    engine.index([_entry(999, title="Gammal sida som ingen källa längre ger")])
    before = _connections()
    counted = []

    stored = engine.rebuild(iter(_batches()), counted.append)

    assert stored == sum(len(b) for b in _batches()) == sum(counted)
    keys = set(CatalogRecord.objects.values_list("key", flat=True))
    assert keys == {f"test.item:{n:04d}" for n in range(40)}  # the stale one is gone
    assert CatalogRecord.objects.get(key="test.item:0001").title.endswith("fritidsgård")
    hits = catalog_search(public_only=True, query="fritidsgard")
    assert [h.url for h in hits.hits] == ["/item/1/"]
    latest = {e.key: e for batch in _batches() for e in batch}.values()
    public = [e for e in latest if "anonymous" in e.principals]
    with_word = {e.url for e in public if "kulturföreningar" in f"{e.title} {e.body}"}
    found = catalog_search(public_only=True, query="kulturforening", per_page=100)
    assert {h.url for h in found.hits} == with_word and with_word
    assert not _writer_threads()
    assert _connections() == before
    parallel = _vectors()

    with transaction.atomic():  # inside a transaction: one connection, the caller's
        engine.rebuild(iter(_batches()))
    assert _vectors() == parallel


def test_a_writers_error_stops_the_rebuild_with_it_and_leaves_nothing_running(
    settings, monkeypatch
):
    settings.SEARCH_REBUILD_WRITERS = 2
    engine = get_engine()
    engine.rebuild(iter(_batches()))
    kept = set(CatalogRecord.objects.values_list("key", flat=True))
    before = _connections()
    calls = {"n": 0}
    real = postgres.store
    lock = threading.Lock()

    def failing(document, now):
        with lock:
            calls["n"] += 1
            n = calls["n"]
        if n == 4:
            raise RuntimeError("databasen gick sönder")
        real(document, now)

    monkeypatch.setattr(postgres, "store", failing)
    with pytest.raises(RuntimeError, match="databasen gick sönder"):
        engine.rebuild(iter(_batches()))

    assert not _writer_threads()
    assert _connections() == before
    # Nothing was removed: the stale records go only after every batch is stored.
    assert set(CatalogRecord.objects.values_list("key", flat=True)) == kept
