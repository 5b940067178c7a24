"""Wagtail's database search backend, with index writes that cannot deadlock.

Wagtail (modelsearch) updates its index from a task per saved object; on
PostgreSQL each update upserts the object's entry and then rewrites
``title_norm`` on every entry still at 1.0, so two workers updating at once
lock overlapping rows in different orders, and PostgreSQL kills one of them
("deadlock detected"). Here each ``add_items`` runs in its own transaction
under one advisory lock (updates are serialised; each is a few milliseconds),
and a deadlock or serialisation failure that still happens (the lock only
covers writes that come through this index) is retried.

``WAGTAILSEARCH_BACKENDS`` names this module; on SQLite (one writer at a time
anyway) it is Wagtail's own backend unchanged.
"""

import logging
import time

from django.db import OperationalError, connection, transaction
from modelsearch.backends.database import SearchBackend as database_backend
from modelsearch.backends.database.postgres.postgres import PostgresIndex, PostgresSearchBackend

logger = logging.getLogger(__name__)

# pg_advisory_xact_lock key: any constant shared by every process writing the index.
INDEX_LOCK = 0x5EA2C11
RETRIES = 5
RETRYABLE = {"40P01", "40001"}  # deadlock_detected, serialization_failure


def is_retryable(error: OperationalError) -> bool:
    return getattr(getattr(error, "__cause__", None), "sqlstate", None) in RETRYABLE


class SerialisedPostgresIndex(PostgresIndex):
    def add_items(self, model, objs):
        alias = self.write_connection.alias
        for attempt in range(RETRIES):
            try:
                with transaction.atomic(using=alias):
                    with self.write_connection.cursor() as cursor:
                        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [INDEX_LOCK])
                    return super().add_items(model, objs)
            except OperationalError as error:
                if (
                    not is_retryable(error)
                    or self.write_connection.in_atomic_block
                    or attempt == RETRIES - 1
                ):
                    raise
                logger.warning("Sökindexet: %s, försöker igen", error)
                time.sleep(0.05 * 2**attempt)
        return None


class SerialisedPostgresSearchBackend(PostgresSearchBackend):
    index_class = SerialisedPostgresIndex


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks up in a backend module
    if connection.vendor == "postgresql":
        return SerialisedPostgresSearchBackend(params)
    return database_backend(params)
