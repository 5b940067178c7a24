"""The database engine: the catalog in the site's own database.

SQLite: an FTS5 table of Swedish stems (stemmed in Python, the same at index
and query time), ranked with bm25 weighting the title ten times the body,
snippets highlighted in Python. PostgreSQL: a tsvector with the ``swedish``
configuration, title weighted A and body B, a GIN index, ``websearch_to_tsquery``,
``SearchRank`` and ``SearchHeadline``. On both, trimming is an ``EXISTS`` over
the record's principals and facet counts are grouped over the trimmed match, so
no count can include an entry the asker may not see.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection, transaction
from django.db.models import Count, Exists, F, OuterRef, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from ..models import CatalogFacet, CatalogPrincipal, CatalogRecord
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
PG_CONFIG = "swedish"
SNIPPET_LENGTH = 240


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
        latest = {entry.key: entry for entry in entries}
        if not latest:
            return
        now = timezone.now()
        with transaction.atomic():
            self._delete_ids(
                list(CatalogRecord.objects.filter(key__in=latest).values_list("id", flat=True))
            )
            records = CatalogRecord.objects.bulk_create(
                [
                    CatalogRecord(
                        key=e.key,
                        kind=e.kind,
                        site_id=e.site_id,
                        url=e.url[:500],
                        title=e.title,
                        body=e.body,
                        language=e.language,
                        date=e.date,
                        facets=_facets_json(e),
                        principals=" ".join(sorted(e.principals)),
                        indexed_at=now,
                    )
                    for e in latest.values()
                ],
                batch_size=500,
            )
            by_key = {r.key: r for r in records}
            CatalogPrincipal.objects.bulk_create(
                [
                    CatalogPrincipal(record_id=by_key[e.key].pk, principal=p)
                    for e in latest.values()
                    for p in sorted(e.principals)
                ],
                batch_size=1000,
            )
            CatalogFacet.objects.bulk_create(
                [
                    CatalogFacet(record_id=by_key[e.key].pk, name=name[:50], value=value[:200])
                    for e in latest.values()
                    for name, value in e.facet_pairs()
                ],
                batch_size=1000,
            )
            self._index_text(records)

    def delete(self, keys: Sequence[str]) -> None:
        if keys:
            with transaction.atomic():
                ids = CatalogRecord.objects.filter(key__in=list(keys)).values_list("id", flat=True)
                self._delete_ids(list(ids))

    def _delete_ids(self, ids: list[int]) -> None:
        if not ids:
            return
        if self.vendor == "sqlite":
            with connection.cursor() as cursor:
                for start in range(0, len(ids), 500):
                    chunk = ids[start : start + 500]
                    marks = ",".join("%s" for _ in chunk)
                    cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({marks})", chunk)
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            CatalogPrincipal.objects.filter(record_id__in=chunk).delete()
            CatalogFacet.objects.filter(record_id__in=chunk).delete()
            CatalogRecord.objects.filter(id__in=chunk)._raw_delete(CatalogRecord.objects.db)

    def _index_text(self, records: list[CatalogRecord]) -> None:
        if self.vendor == "postgresql":
            CatalogRecord.objects.filter(id__in=[r.pk for r in records]).update(
                search_vector=SearchVector("title", weight="A", config=PG_CONFIG)
                + SearchVector("body", weight="B", config=PG_CONFIG)
            )
        elif self.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"INSERT INTO {FTS_TABLE} (rowid, title, body) VALUES (%s, %s, %s)",
                    [(r.pk, stem_text(r.title), stem_text(r.body)) for r in records],
                )

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
    def trimmed(self, request: SearchRequest) -> QuerySet:
        """Records the asker may see, in the site asked for, with the filters applied."""
        qs = CatalogRecord.objects.all()
        if request.site_id is not None:
            qs = qs.filter(site_id=request.site_id)
        if request.principals is not None:
            qs = qs.filter(
                Exists(
                    CatalogPrincipal.objects.filter(
                        record_id=OuterRef("pk"), principal__in=sorted(request.principals)
                    )
                )
            )
        for name, value in request.filters.items():
            if name == "kind":
                qs = qs.filter(kind=value)
            elif name == "site":
                qs = qs.filter(site_id=int(value)) if value.isdigit() else qs.none()
            else:
                qs = qs.filter(
                    Exists(
                        CatalogFacet.objects.filter(
                            record_id=OuterRef("pk"), name=name, value=value
                        )
                    )
                )
        return qs

    def _match(self, qs: QuerySet, query: ParsedQuery) -> tuple[QuerySet, object]:
        if self.vendor == "postgresql":
            tsquery = SearchQuery(query.as_websearch(), config=PG_CONFIG, search_type="websearch")
            qs = qs.filter(search_vector=tsquery).annotate(
                rank=SearchRank(F("search_vector"), tsquery)
            )
            return qs, tsquery
        if self.vendor == "sqlite":
            expression = fts_expression(query)
            table = CatalogRecord._meta.db_table
            qs = qs.filter(
                pk__in=RawSQL(
                    f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [expression]
                )
            ).annotate(
                rank=RawSQL(
                    f"SELECT -bm25({FTS_TABLE}, 10.0, 1.0) FROM {FTS_TABLE} "
                    f'WHERE {FTS_TABLE} MATCH %s AND rowid = "{table}"."id"',
                    [expression],
                )
            )
            return qs, expression
        raise NotImplementedError(f"The database engine does not support {self.vendor}.")

    def facets(self, qs: QuerySet) -> dict[str, list[tuple[str, int]]]:
        """Counts per facet value over exactly the (already trimmed) match ``qs``."""
        ids = qs.order_by().values("pk")
        facets: dict[str, list[tuple[str, int]]] = {}
        kinds = qs.order_by().values("kind").annotate(n=Count("pk")).order_by("-n", "kind")
        facets["kind"] = [(row["kind"], row["n"]) for row in kinds]
        sites = (
            qs.order_by()
            .filter(site_id__isnull=False)
            .values("site_id")
            .annotate(n=Count("pk"))
            .order_by("-n", "site_id")
        )
        facets["site"] = [(str(row["site_id"]), row["n"]) for row in sites]
        rows = (
            CatalogFacet.objects.filter(record_id__in=ids)
            .values("name", "value")
            .annotate(n=Count("record_id", distinct=True))
            .order_by("name", "-n", "value")
        )
        for row in rows:
            facets.setdefault(row["name"], []).append((row["value"], row["n"]))
        if "year" in facets:
            facets["year"].sort(key=lambda item: item[0], reverse=True)
        return facets

    def search(self, request: SearchRequest) -> SearchResults:
        qs = self.trimmed(request)
        matcher = None
        if request.query.has_positive:
            qs, matcher = self._match(qs, request.query)
        total = qs.count()
        facets = self.facets(qs) if total else {}
        if matcher is not None and request.sort == "relevance":
            qs = qs.order_by("-rank", F("date").desc(nulls_last=True), "pk")
        else:
            qs = qs.order_by(F("date").desc(nulls_last=True), "pk")
        if self.vendor == "postgresql" and matcher is not None:
            headline = {"config": PG_CONFIG, "start_sel": MARK_START, "stop_sel": MARK_END}
            qs = qs.annotate(
                title_hl=SearchHeadline("title", matcher, highlight_all=True, **headline),
                body_hl=SearchHeadline(
                    "body",
                    matcher,
                    max_words=35,
                    min_words=15,
                    max_fragments=2,
                    fragment_delimiter=" … ",
                    **headline,
                ),
            )
        page = list(qs[request.offset : request.offset + request.per_page])
        words = request.query.words()
        hits = []
        for record in page:
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
                    score=float(getattr(record, "rank", 0.0) or 0.0),
                )
            )
        return SearchResults(
            hits=hits,
            total=total,
            facets=facets,
            page=request.page,
            per_page=request.per_page,
            engine=f"database ({self.vendor})",
        )
