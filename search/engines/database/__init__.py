"""The database engine: the catalog in the site's own database.

Text is analysed in Python by ``search.analysis`` (per entry language: Swedish
stems, compound parts and protected names, English stems, or the plain word;
folded tokens for words with diacritics), the same at index and query time and
the same on both databases: SQLite stores the tokens in an FTS5 table
(``sqlite.py``), PostgreSQL as a weighted ``tsvector`` with a GIN index
(``postgres.py``). Title, summary and body are weighted 10 : 4 : 1 (A, B, C).

Trimming, Plone style, inside the full-text index: each record's principals,
kind, site and facet values are also indexed as opaque tokens (``p…``/``f…``,
a hash prefix, so no principal name is ever parsed as text). A search adds
"any of the asker's principal tokens" and "every filter token" to the words,
so the one index lookup that finds the words also trims them; the matching set
is then materialised once and the total, the page of hits and every facet
count are all computed from that same trimmed set. Nothing outside it can be
counted, ranked or highlighted.

Every word must match. When nothing matches all of them, the search is run
again for entries matching any word, those matching more words first, and the
result is marked ``partial``. With ``SearchRequest.language`` the visitor's
language ranks first, then Swedish, then the rest.

Counting stops at ``SEARCH_COUNT_LIMIT`` (default 1,000) trimmed matches, the
way Elasticsearch's ``track_total_hits`` does. Below it everything is exact.
Above it, ranking, totals and facet counts would cost one visit per match (a
word found in a third of 100,000 entries took 200–350 ms on PostgreSQL), so
the result says "more than N", facet counts become lower bounds counted over
the first N + 1 trimmed matches, and the page of hits is the newest matches,
found by walking the date index (cheap exactly because matches are common).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor

from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from ...analysis import CompiledQuery, compile_query
from ...models import CatalogRecord
from ...registry import CatalogEntry
from ..base import Engine, SearchRequest, SearchResults
from . import postgres, sqlite
from .common import (
    FTS_TABLE,
    acl_token,
    chunks,
    count_limit,
    entry_tokens,
    filter_token,
    hits,
    language_order,
    request_filter_tokens,
    row,
)
from .writers import rebuild_parallel, writer_count

__all__ = [
    "FTS_TABLE",
    "DatabaseEngine",
    "acl_token",
    "count_limit",
    "entry_tokens",
    "filter_token",
    "request_filter_tokens",
]


class DatabaseEngine(Engine):
    name = "database"

    @property
    def vendor(self) -> str:
        return connection.vendor

    def setup(self) -> str:
        # The migrations create everything this engine needs; PostgreSQL's text
        # search configuration is made again if missing (a database migrated
        # with an earlier 0006).
        if self.vendor == "postgresql" and postgres.ensure_config():
            return "database: textsökningskonfigurationen search_catalog skapad"
        return "database: inget att sätta upp (migreringarna skapar tabellerna)"

    # -- writing -----------------------------------------------------------
    def _row(self, entry: CatalogEntry, now) -> dict:
        """The record this engine stores for ``entry`` (``search.consistency`` compares it)."""
        return row(entry, now)

    def index(self, entries: Sequence[CatalogEntry]) -> None:
        # Sorted by key: two workers upserting overlapping batches then lock the
        # same rows in the same order, so they wait for each other, never deadlock.
        latest = sorted({entry.key: entry for entry in entries}.values(), key=lambda e: e.key)
        if not latest:
            return
        now = timezone.now()
        with transaction.atomic():
            for chunk in chunks(latest):
                if self.vendor == "postgresql":
                    postgres.upsert(chunk, now)
                else:
                    sqlite.replace(chunk, now, self._delete_ids)

    def delete(self, keys: Sequence[str]) -> None:
        if keys:
            with transaction.atomic():
                ids = (
                    CatalogRecord.objects.filter(key__in=list(keys))
                    .order_by("id")
                    .values_list("id", flat=True)
                )
                self._delete_ids(list(ids))

    def _delete_ids(self, ids: list[int]) -> None:
        if self.vendor == "sqlite":
            sqlite.delete(ids)
        for chunk in chunks(ids):
            CatalogRecord.objects.filter(id__in=chunk)._raw_delete(CatalogRecord.objects.db)

    def rebuild(
        self,
        batches: Iterable[Sequence[CatalogEntry]],
        progress: Callable[[int], None] | None = None,
    ) -> int:
        """Re-index every batch, then drop records no batch produced.

        Readers keep seeing the old records until each batch's transaction
        commits, so search never goes dark during a rebuild.
        """
        started = timezone.now()
        count = 0
        if self.vendor == "postgresql":
            count = self._pg_rebuild(batches, progress)
        else:
            for batch in batches:
                self.index(batch)
                count += len(batch)
                if progress:
                    progress(len(batch))
        stale = list(
            CatalogRecord.objects.filter(indexed_at__lt=started).values_list("id", flat=True)
        )
        with transaction.atomic():
            self._delete_ids(stale)
        return count

    def _pg_rebuild(self, batches, progress) -> int:
        """Index every batch, analysing the next one in a thread while PostgreSQL stores this one.

        The analysis is Python (``search.analysis``) and the store waits on the
        database with the GIL released, so the two overlap instead of adding up.
        Outside a transaction several connections store at once (``writers``).
        """
        writers = writer_count()
        if writers > 1 and not connection.in_atomic_block:
            return rebuild_parallel(batches, progress, writers)
        count = 0
        pending: list = []  # (future of a prepared chunk, its time, entries it counts for)

        def flush() -> None:
            nonlocal count
            for future, now, size in pending:
                with transaction.atomic():
                    postgres.store(future.result(), now)
                count += size
                if progress and size:
                    progress(size)
            pending.clear()

        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="search-analysis") as pool:
            for batch in batches:
                now = timezone.now()
                latest = sorted({e.key: e for e in batch}.values(), key=lambda e: e.key)
                prepared = [pool.submit(postgres.prepare, chunk, now) for chunk in chunks(latest)]
                flush()  # the previous batch is stored while this one is analysed
                if not prepared:
                    continue
                sizes = [len(batch), *[0] * (len(prepared) - 1)]
                pending.extend(zip(prepared, [now] * len(prepared), sizes, strict=True))
            flush()
        return count

    def counts_by_kind(self) -> dict[str, int]:
        rows = CatalogRecord.objects.values("kind").annotate(n=Count("id")).order_by("kind")
        return {row["kind"]: row["n"] for row in rows}

    # -- reading -----------------------------------------------------------
    def _matching_sql(
        self, request: SearchRequest, compiled: CompiledQuery, any_clause: bool = False
    ) -> tuple[str, list]:
        """SQL selecting (id, kind, site_id, date, facet_list, lr, rank) of the trimmed match."""
        order = language_order(request) if request.sort == "relevance" else ("0", [])
        if self.vendor == "postgresql":
            return postgres.matching_sql(request, compiled, order, any_clause)
        if self.vendor == "sqlite":
            return sqlite.matching_sql(request, compiled, order, any_clause)
        raise NotImplementedError(f"The database engine does not support {self.vendor}.")

    def search(self, request: SearchRequest) -> SearchResults:
        compiled = compile_query(request.query, request.synonyms)
        results = self._search(request, compiled)
        if results.total == 0 and compiled.fallback:
            partial = self._search(request, compiled, any_clause=True)
            if partial.total:
                partial.partial = True
                return partial
        return results

    def _search(
        self, request: SearchRequest, compiled: CompiledQuery, any_clause: bool = False
    ) -> SearchResults:
        results = SearchResults(
            hits=[],
            total=0,
            facets={},
            page=request.page,
            per_page=request.per_page,
            engine=f"database ({self.vendor})",
        )
        if request.principals is not None and not request.principals:
            return results
        matching, params = self._matching_sql(request, compiled, any_clause)
        has_text = bool(compiled.clauses)
        limit = count_limit()
        newest = "date DESC NULLS LAST, id"
        if has_text and request.sort == "relevance":
            order = f"lr, rank DESC, {newest}"
        else:
            order = newest
        each = (
            "jsonb_array_elements_text(m.facet_list) AS f(value)"
            if self.vendor == "postgresql"
            else "json_each(m.facet_list) AS f"
        )
        number = "DOUBLE PRECISION"
        # One statement: the trimmed match is computed once, then counted,
        # paged and faceted; UNION ALL rows are told apart by their first column.
        sql = (
            f"WITH m AS MATERIALIZED ({matching} LIMIT {limit + 1}), "
            f"top AS (SELECT id, lr, rank, date FROM m ORDER BY {order} LIMIT %s OFFSET %s) "
            f"SELECT 'total', '', CAST(count(*) AS {number}) FROM m "
            f"UNION ALL SELECT 'hit', CAST(id AS TEXT), "
            f"CAST(row_number() OVER (ORDER BY {order}) AS {number}) FROM top "
            f"UNION ALL SELECT 'facet', 'kind=' || kind, CAST(count(*) AS {number}) "
            f"FROM m GROUP BY kind "
            f"UNION ALL SELECT 'facet', 'site=' || CAST(site_id AS TEXT), "
            f"CAST(count(*) AS {number}) FROM m WHERE site_id IS NOT NULL GROUP BY site_id "
            f"UNION ALL SELECT 'facet', f.value, CAST(count(*) AS {number}) "
            f"FROM m, {each} GROUP BY f.value"
        )
        rows = self._fetch(sql, [*params, request.per_page, request.offset])
        hit_positions: dict[int, float] = {}
        for what, value, number_value in rows:
            if what == "total":
                results.total = int(number_value)
            elif what == "hit":
                hit_positions[int(value)] = number_value
            else:
                name, _sep, facet_value = value.partition("=")
                results.facets.setdefault(name, []).append((facet_value, int(number_value)))
        for name, values in results.facets.items():
            if name == "year":
                values.sort(key=lambda item: item[0], reverse=True)
            else:
                values.sort(key=lambda item: (-item[1], item[0]))
        ids = sorted(hit_positions, key=hit_positions.get)
        if results.total > limit:
            results.exact = False
            results.total = limit
            results.notice = _(
                "Fler än %(limit)s träffar. Antalen vid avgränsningarna är därför minsta "
                "antal, och de nyaste träffarna visas först. Lägg till ett ord eller välj "
                "en avgränsning för att se exakta antal och sortera efter relevans."
            ) % {"limit": limit}
            ids = self._newest_ids(matching, params, request) if request.offset < limit else []
        results.hits = hits(ids, compiled if has_text else None)
        return results

    def _newest_ids(self, matching: str, params: list, request: SearchRequest) -> list[int]:
        """The ids of one page of the newest trimmed matches of a broad search.

        Only called once a search is known to match more than the count limit,
        so matches are common and walking the date index newest first meets a
        page of them after a few hundred rows; PostgreSQL is told to do that
        rather than gather every match through the full-text index and sort.
        """
        sql = (
            f"SELECT id FROM ({matching}) AS m ORDER BY date DESC NULLS LAST, id LIMIT %s OFFSET %s"
        )
        rows = self._fetch(
            sql, [*params, request.per_page, request.offset], postgres.NEWEST_PLANNER
        )
        return [row[0] for row in rows]

    def _fetch(
        self, sql: str, params: list, settings: dict[str, str] = postgres.MATCH_PLANNER
    ) -> list[tuple]:
        """The rows of a search statement; on PostgreSQL planned with ``settings``."""
        with connection.cursor() as cursor:
            if self.vendor == "postgresql":
                return postgres.fetch_planned(cursor, sql, params, settings)
            cursor.execute(sql, params)
            return cursor.fetchall()
