"""PostgreSQL rebuild: batches analysed and stored on several connections at once.

A rebuild's cost is PostgreSQL's (parsing the batch, ``to_tsvector``, the
GIN entries of the folded forms and compound parts) and Python's (the
analysis, ``search.analysis``). One connection keeps one core busy and leaves
the other to the analysis, about a third of it. With ``count`` writer threads,
each analysing a batch and then storing it on a connection of its own, one
writer's analysis runs while another's statement runs, and two statements can
use both cores (BENCHMARKS.md, issue 17).

Only outside a transaction: a writer's rows are committed in the writer's own
transaction, which a caller's open transaction could neither see nor undo.
"""

from __future__ import annotations

import queue
import threading
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future

from django.conf import settings
from django.db import connections, transaction
from django.utils import timezone

from ...registry import CatalogEntry
from . import postgres
from .common import chunks

DEFAULT_WRITERS = 2
THREAD_NAME = "search-store"


def writer_count() -> int:
    """Connections a rebuild outside a transaction stores on (``SEARCH_REBUILD_WRITERS``)."""
    return max(1, int(getattr(settings, "SEARCH_REBUILD_WRITERS", DEFAULT_WRITERS)))


class Writers:
    """``count`` threads, each analysing and storing chunks on its own connection."""

    def __init__(self, count: int):
        self.jobs: queue.SimpleQueue = queue.SimpleQueue()
        self.threads = [
            threading.Thread(target=self._work, name=f"{THREAD_NAME}-{n}", daemon=True)
            for n in range(count)
        ]
        for thread in self.threads:
            thread.start()

    def _work(self) -> None:
        try:
            while (job := self.jobs.get()) is not None:
                done, chunk, now = job
                if not done.set_running_or_notify_cancel():
                    continue
                try:
                    document = postgres.prepare(chunk, now)
                    with transaction.atomic():
                        postgres.store(document, now)
                except BaseException as exc:  # noqa: BLE001 - handed to the caller to raise
                    done.set_exception(exc)
                else:
                    done.set_result(None)
        finally:
            connections.close_all()

    def submit(self, chunk: Sequence[CatalogEntry], now) -> Future:
        done: Future = Future()
        self.jobs.put((done, chunk, now))
        return done

    def close(self) -> None:
        """Cancel what has not started, let what runs finish, close every connection."""
        while True:
            try:
                job = self.jobs.get_nowait()
            except queue.Empty:
                break
            if job is not None:
                job[0].cancel()
        for _thread in self.threads:
            self.jobs.put(None)
        for thread in self.threads:
            thread.join()


def rebuild_parallel(
    batches: Iterable[Sequence[CatalogEntry]],
    progress: Callable[[int], None] | None,
    count: int,
) -> int:
    """Store every batch through ``count`` writers; the number of entries, counted in order.

    A batch holding a key that a batch still being stored also holds waits for
    that one, so the later version of an entry is the one kept, as when the
    batches are stored one after another.
    """
    stored = 0
    pending: deque = deque()  # (future, entries it counts for, its keys)
    writers = Writers(count)

    def finish_oldest() -> None:
        nonlocal stored
        done, size, _keys = pending.popleft()
        done.result()
        stored += size
        if progress and size:
            progress(size)

    try:
        for batch in batches:
            now = timezone.now()
            latest = sorted({e.key: e for e in batch}.values(), key=lambda e: e.key)
            if not latest:
                continue
            keys = frozenset(e.key for e in latest)
            while pending and (
                len(pending) >= 2 * count or any(keys & other for _, _, other in pending)
            ):
                finish_oldest()
            for number, chunk in enumerate(chunks(latest)):
                pending.append((writers.submit(chunk, now), len(batch) if number == 0 else 0, keys))
        while pending:
            finish_oldest()
    finally:
        writers.close()
    return stored
