"""The database engine: the catalog in the site's own database.

SQLite: an FTS5 table of Swedish stems (stemmed in Python, the same at index
and query time), ranked with bm25 weighting the title ten times the body,
snippets highlighted in Python. PostgreSQL: a tsvector with the ``swedish``
configuration, title weighted A and body B, a GIN index, ``websearch_to_tsquery``,
``ts_rank`` and ``ts_headline`` (Django's ``SearchHeadline``).

Trimming, Plone style, inside the full-text index: each record's principals,
kind, site and facet values are also indexed as opaque tokens (``p…``/``f…``,
a hash prefix, so no principal name is ever parsed as text). A search adds
"any of the asker's principal tokens" and "every filter token" to the words,
so the one index lookup that finds the words also trims them; the matching set
is then materialised once and the total, the page of hits and every facet
count are all computed from that same trimmed set. Nothing outside it can be
counted, ranked or highlighted.

Counting stops at ``SEARCH_COUNT_LIMIT`` (default 1,000) trimmed matches, the
way Elasticsearch's ``track_total_hits`` does. Below it everything is exact.
Above it, ranking, totals and facet counts would cost one visit per match (a
word found in a third of 100,000 entries took 200–350 ms on PostgreSQL), so
the result says "more than N", facet counts become lower bounds counted over
the first N + 1 trimmed matches, and the page of hits is the newest matches,
found by walking the date index (cheap exactly because matches are common).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Sequence

from django.conf import settings
from django.contrib.postgres.search import SearchHeadline, SearchQuery
from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from ..models import CatalogRecord
from ..query import ParsedQuery, stem, stem_text
from ..registry import CatalogEntry
from .base import (
    MARK_END,
    MARK_START,
    Engine,
    Hit,
    SearchRequest,
    SearchResults,
    highlight,
    marked_to_html,
)

FTS_TABLE = "search_catalog_fts"
TABLE = CatalogRecord._meta.db_table
PG_CONFIG = "swedish"
SNIPPET_LENGTH = 240
CHUNK = 500
DEFAULT_COUNT_LIMIT = 1000


def count_limit() -> int:
    """How many trimmed matches a search counts exactly before saying "more than"."""
    return max(1, int(getattr(settings, "SEARCH_COUNT_LIMIT", DEFAULT_COUNT_LIMIT)))


def _token(prefix: str, text: str) -> str:
    return prefix + hashlib.sha1(text.encode("utf-8")).hexdigest()[:20]


def acl_token(principal: str) -> str:
    """The index token standing for one principal."""
    return _token("p", principal)


def filter_token(name: str, value: str) -> str:
    """The index token standing for one facet value (``kind``, ``site``, ``theme``…)."""
    return _token("f", f"{name}={value}")


def entry_tokens(entry: CatalogEntry) -> list[str]:
    tokens = [acl_token(p) for p in sorted(entry.stored_principals())]
    tokens.append(filter_token("kind", entry.kind))
    if entry.site_id is not None:
        tokens.append(filter_token("site", str(entry.site_id)))
    tokens += [filter_token(name, value) for name, value in entry.facet_pairs()]
    return list(dict.fromkeys(tokens))


def request_filter_tokens(request: SearchRequest) -> list[str]:
    tokens = [filter_token(name, value) for name, value in sorted(request.filters.items())]
    if request.site_id is not None:
        tokens.append(filter_token("site", str(request.site_id)))
    return tokens


def fts_expression(query: ParsedQuery) -> str:
    """An FTS5 MATCH expression of quoted stems: user text never becomes syntax."""
    parts = [f'"{stem(t)}"' for t in query.terms]
    parts += ['"' + " ".join(stem(w) for w in phrase) + '"' for phrase in query.phrases]
    expression = "(" + " AND ".join(parts) + ")"
    for word in query.excluded:
        expression = f'({expression} NOT "{stem(word)}")'
    return expression


def _facets_json(entry: CatalogEntry) -> dict:
    return {k: (v if isinstance(v, str) else [str(x) for x in v]) for k, v in entry.facets.items()}


def _chunks(items: list, size: int = CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]


class DatabaseEngine(Engine):
    name = "database"

    @property
    def vendor(self) -> str:
        return connection.vendor

    def setup(self) -> str:
        # The migrations create everything this engine needs.
        return "database: inget att sätta upp (migreringarna skapar tabellerna)"

    # -- writing -----------------------------------------------------------
    def index(self, entries: Sequence[CatalogEntry]) -> None:
        # Sorted by key: two workers upserting overlapping batches then lock the
        # same rows in the same order, so they wait for each other, never deadlock.
        latest = sorted({entry.key: entry for entry in entries}.values(), key=lambda e: e.key)
        if not latest:
            return
        now = timezone.now()
        with transaction.atomic():
            for chunk in _chunks(latest):
                if self.vendor == "postgresql":
                    self._pg_upsert(chunk, now)
                else:
                    self._sqlite_replace(chunk, now)

    def _row(self, e: CatalogEntry, now) -> dict:
        return {
            "key": e.key,
            "kind": e.kind,
            "site_id": e.site_id,
            "url": e.url[:500],
            "title": e.title,
            "body": e.body,
            "language": e.language,
            "date": e.date,
            "facets": _facets_json(e),
            "facet_list": [f"{n}={v}" for n, v in e.facet_pairs()],
            "principals": sorted(e.stored_principals()),
            "meta": dict(e.meta),
            "tokens": " ".join(entry_tokens(e)),
            "indexed_at": now,
        }

    def _pg_upsert(self, entries: Sequence[CatalogEntry], now) -> None:
        # One statement per batch: the rows go in as one JSON document (the C
        # encoder writes it far faster than psycopg escapes text arrays element
        # by element), the tsvector is computed in the same INSERT, existing
        # keys are updated in place.
        columns = {
            "key": "text",
            "kind": "text",
            "site_id": "integer",
            "url": "text",
            "title": "text",
            "body": "text",
            "language": "text",
            "date": "timestamptz",
            "facets": "jsonb",
            "facet_list": "jsonb",
            "principals": "jsonb",
            "meta": "jsonb",
            "tokens": "text",
        }
        rows = []
        for entry in entries:
            row = self._row(entry, now)
            row["date"] = row["date"].isoformat() if row["date"] is not None else None
            rows.append({name: row[name] for name in columns})
        names = ", ".join(columns)
        record = ", ".join(f"{name} {kind}" for name, kind in columns.items())
        updates = ", ".join(
            f"{n} = EXCLUDED.{n}" for n in [*columns, "indexed_at", "search_vector"]
        )
        sql = (
            f"INSERT INTO {TABLE} ({names}, indexed_at, search_vector) "
            f"SELECT {names}, %s, "
            f"setweight(to_tsvector('{PG_CONFIG}', title), 'A') || "
            f"setweight(to_tsvector('{PG_CONFIG}', body), 'B') || "
            f"array_to_tsvector(string_to_array(tokens, ' ')) "
            f"FROM jsonb_to_recordset(%s::jsonb) AS v({record}) "
            f"ON CONFLICT (key) DO UPDATE SET {updates}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [now, json.dumps(rows, ensure_ascii=False)])

    def _sqlite_replace(self, entries: Sequence[CatalogEntry], now) -> None:
        keys = [e.key for e in entries]
        self._delete_ids(
            list(CatalogRecord.objects.filter(key__in=keys).values_list("id", flat=True))
        )
        records = CatalogRecord.objects.bulk_create(
            [CatalogRecord(**self._row(e, now)) for e in entries]
        )
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {FTS_TABLE} (rowid, title, body, tokens) VALUES (%s, %s, %s, %s)",
                [(r.pk, stem_text(r.title), stem_text(r.body), r.tokens) for r in records],
            )

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
        for chunk in _chunks(ids):
            if self.vendor == "sqlite":
                marks = ",".join("%s" for _ in chunk)
                with connection.cursor() as cursor:
                    cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({marks})", chunk)
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

    def counts_by_kind(self) -> dict[str, int]:
        rows = CatalogRecord.objects.values("kind").annotate(n=Count("id")).order_by("kind")
        return {row["kind"]: row["n"] for row in rows}

    # -- reading -----------------------------------------------------------
    def _matching_sql(self, request: SearchRequest) -> tuple[str, list, bool]:
        """SQL selecting (id, kind, site_id, date, facet_list, rank) of the trimmed match."""
        query = request.query
        acl = None
        if request.principals is not None:
            acl = [acl_token(p) for p in sorted(request.principals)]
        filters = request_filter_tokens(request)
        has_text = query.has_positive
        if self.vendor == "postgresql":
            gate_parts = []
            if acl is not None:
                gate_parts.append("(" + " | ".join(f"'{t}'" for t in acl) + ")")
            gate_parts += [f"'{t}'" for t in filters]
            gate = " & ".join(gate_parts)
            text = f"websearch_to_tsquery('{PG_CONFIG}', %s)"
            params: list = []
            if has_text:
                rank = f"ts_rank(r.search_vector, {text})"
                params.append(query.as_websearch())
                if gate:
                    where = f"r.search_vector @@ ({text} && %s::tsquery) AND numnode({text}) > 0"
                    params += [query.as_websearch(), gate, query.as_websearch()]
                else:
                    where = f"r.search_vector @@ {text} AND numnode({text}) > 0"
                    params += [query.as_websearch(), query.as_websearch()]
            else:
                rank = "0"
                where = "r.search_vector @@ %s::tsquery" if gate else "TRUE"
                params += [gate] if gate else []
            sql = (
                f"SELECT r.id, r.kind, r.site_id, r.date, r.facet_list, {rank} AS rank "
                f"FROM {TABLE} r WHERE {where}"
            )
            return sql, params, has_text
        if self.vendor == "sqlite":
            parts = []
            if has_text:
                parts.append("{title body} : " + fts_expression(query))
            if acl is not None:
                parts.append("tokens : (" + " OR ".join(f'"{t}"' for t in acl) + ")")
            parts += [f'tokens : "{t}"' for t in filters]
            if not parts:
                sql = (
                    f"SELECT r.id, r.kind, r.site_id, r.date, r.facet_list, 0 AS rank "
                    f"FROM {TABLE} r"
                )
                return sql, [], False
            rank = f"-bm25({FTS_TABLE}, 10.0, 1.0, 0.0)" if has_text else "0"
            sql = (
                f"SELECT r.id, r.kind, r.site_id, r.date, r.facet_list, {rank} AS rank "
                f"FROM {FTS_TABLE} JOIN {TABLE} r ON r.id = {FTS_TABLE}.rowid "
                f"WHERE {FTS_TABLE} MATCH %s"
            )
            return sql, [" AND ".join(parts)], has_text
        raise NotImplementedError(f"The database engine does not support {self.vendor}.")

    def search(self, request: SearchRequest) -> SearchResults:
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
        matching, params, has_text = self._matching_sql(request)
        limit = count_limit()
        newest = "date DESC NULLS LAST, id"
        if has_text and request.sort == "relevance":
            order = f"rank DESC, {newest}"
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
            f"top AS (SELECT id, rank, date FROM m ORDER BY {order} LIMIT %s OFFSET %s) "
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
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, request.per_page, request.offset])
            rows = cursor.fetchall()
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
        results.hits = self._hits(ids, request.query, has_text)
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
        with transaction.atomic(), connection.cursor() as cursor:
            if self.vendor == "postgresql":
                cursor.execute("SET LOCAL enable_bitmapscan = off")
                cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(sql, [*params, request.per_page, request.offset])
            return [row[0] for row in cursor.fetchall()]

    def _hits(self, ids: list[int], query: ParsedQuery, has_text: bool) -> list[Hit]:
        records = CatalogRecord.objects.defer("search_vector", "tokens")
        if self.vendor == "postgresql" and has_text:
            tsquery = SearchQuery(query.as_websearch(), config=PG_CONFIG, search_type="websearch")
            marks = {"config": PG_CONFIG, "start_sel": MARK_START, "stop_sel": MARK_END}
            records = records.annotate(
                title_hl=SearchHeadline("title", tsquery, highlight_all=True, **marks),
                body_hl=SearchHeadline(
                    "body",
                    tsquery,
                    max_words=35,
                    min_words=15,
                    max_fragments=2,
                    fragment_delimiter=" … ",
                    **marks,
                ),
            )
        by_id = records.in_bulk(ids)
        words = query.words()
        hits = []
        for pk in ids:
            record = by_id[pk]
            if hasattr(record, "body_hl"):
                title = marked_to_html(record.title_hl)
                snippet = marked_to_html(record.body_hl)
            elif words:
                title = highlight(record.title, words, length=None)
                snippet = highlight(record.body, words, length=SNIPPET_LENGTH)
            else:
                title = mark_safe(escape(record.title))
                snippet = highlight(record.body, [], length=SNIPPET_LENGTH)
            hits.append(
                Hit(
                    key=record.key,
                    kind=record.kind,
                    url=record.url,
                    title=title,
                    snippet=snippet,
                    site_id=record.site_id,
                    date=record.date,
                    meta=record.meta or {},
                )
            )
        return hits
