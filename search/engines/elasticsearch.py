"""The Elasticsearch engine, through ``elasticsearch.dsl``.

Layout: a composable index template (``<alias>-template``) gives every index
named ``<alias>-<timestamp>`` the Swedish-analysed mapping below; searches and
updates go through the alias ``<alias>``. A rebuild fills a fresh timestamped
index and then moves the alias in one atomic ``update_aliases`` call, so search
never goes dark. The principals filter sits in the query's ``bool.filter`` and
is repeated as a ``filter`` aggregation around every facet, so neither hits nor
counts nor highlights can come from an entry the asker may not see.

The database catalog is kept up to date beside Elasticsearch (same outbox
batch, same transaction), so when Elasticsearch is down the search falls back
to the database engine instead of failing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime
from functools import cached_property

from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from elastic_transport import TransportError
from elasticsearch import ApiError, Elasticsearch, NotFoundError, helpers
from elasticsearch.dsl import (
    ComposableIndexTemplate,
    Date,
    Document,
    Index,
    Integer,
    Keyword,
    Object,
    Q,
    Search,
    Text,
)

from ..registry import CatalogEntry
from . import es_layout
from .base import Engine, EngineUnavailable, Hit, SearchRequest, SearchResults
from .database import DatabaseEngine

logger = logging.getLogger(__name__)

INDEX_SETTINGS = {"number_of_shards": 1, "number_of_replicas": 0}
FACET_SEPARATOR = "="
ES_ERRORS = (ApiError, TransportError, ConnectionError, TimeoutError)


class CatalogDocument(Document):
    """One catalog entry in Elasticsearch; ``_id`` is the entry key."""

    key = Keyword()
    kind = Keyword()
    site_id = Integer()
    url = Keyword(index=False)
    title = Text(analyzer="swedish")
    body = Text(analyzer="swedish")
    principals = Keyword()
    language = Keyword()
    date = Date()
    year = Keyword()
    # "name=value" for every facet pair, so one keyword field serves any facet.
    facets = Keyword()
    # Shown with a hit (a file's name, type, size, owner), never searched.
    meta = Object(enabled=False)

    @classmethod
    def source_of(cls, entry: CatalogEntry) -> dict:
        pairs = entry.facet_pairs()
        return {
            "key": entry.key,
            "kind": entry.kind,
            "site_id": entry.site_id,
            "url": entry.url,
            "title": entry.title,
            "body": entry.body,
            "principals": sorted(entry.stored_principals()),
            "language": entry.language,
            "date": entry.date.isoformat() if entry.date else None,
            "year": next((v for n, v in pairs if n == "year"), None),
            "facets": [f"{n}{FACET_SEPARATOR}{v}" for n, v in pairs if n != "year"],
            "meta": dict(entry.meta),
        }


def bulk_actions(
    *, index: str, entries: Sequence[CatalogEntry] = (), deletes: Sequence[str] = ()
) -> Iterator[dict]:
    """The bulk API actions indexing ``entries`` and deleting ``deletes`` in ``index``."""
    for entry in entries:
        yield {
            "_op_type": "index",
            "_index": index,
            "_id": entry.key,
            "_source": CatalogDocument.source_of(entry),
        }
    for key in deletes:
        yield {"_op_type": "delete", "_index": index, "_id": key}


def trim_filter(principals: frozenset[str] | None):
    return None if principals is None else Q("terms", principals=sorted(principals))


def build_search(request: SearchRequest, *, index: str, client=None) -> Search:
    """The complete, trimmed Elasticsearch request for a ``SearchRequest``."""
    query = request.query
    trim = trim_filter(request.principals)
    filters = [trim] if trim is not None else []
    if request.site_id is not None:
        filters.append(Q("term", site_id=request.site_id))
    for name, value in request.filters.items():
        if name == "kind":
            filters.append(Q("term", kind=value))
        elif name == "site":
            filters.append(Q("term", site_id=int(value)) if value.isdigit() else ~Q("match_all"))
        elif name == "year":
            filters.append(Q("term", year=value))
        else:
            filters.append(Q("term", facets=f"{name}{FACET_SEPARATOR}{value}"))
    fields = ["title^3", "body"]
    must = [
        Q("multi_match", query=t, fields=fields, fuzziness="AUTO", prefix_length=1)
        for t in query.terms
    ]
    must += [
        Q("multi_match", query=" ".join(p), fields=fields, type="phrase") for p in query.phrases
    ]
    must_not = [Q("multi_match", query=w, fields=["title", "body"]) for w in query.excluded]
    s = Search(using=client, index=index).query(
        Q("bool", must=must or [Q("match_all")], filter=filters, must_not=must_not)
    )
    trim_agg = trim.to_dict() if trim is not None else {"match_all": {}}
    for name, field, size in (("kind", "kind", 50), ("site", "site_id", 50), ("year", "year", 50)):
        s.aggs.bucket(name, "filter", filter=trim_agg).bucket(
            "values", "terms", field=field, size=size
        )
    s.aggs.bucket("facets", "filter", filter=trim_agg).bucket(
        "values", "terms", field="facets", size=500
    )
    s = s.highlight_options(encoder="html", pre_tags=["<mark>"], post_tags=["</mark>"])
    s = s.highlight("title", number_of_fragments=0).highlight(
        "body", fragment_size=160, number_of_fragments=2
    )
    if request.sort == "date" or not query.has_positive:
        s = s.sort({"date": {"order": "desc", "missing": "_last"}}, "_score")
    else:
        s = s.sort("_score", {"date": {"order": "desc", "missing": "_last"}})
    s = s.extra(
        track_total_hits=True,
        _source=["key", "kind", "site_id", "url", "title", "body", "date", "meta"],
    )
    return s[request.offset : request.offset + request.per_page]


class ElasticsearchEngine(Engine):
    name = "elasticsearch"

    def __init__(self, *, url: str, alias: str = "catalog", timeout: float = 5.0):
        self.url = url
        self.alias = alias
        self.timeout = timeout
        self.database = DatabaseEngine()

    @cached_property
    def client(self) -> Elasticsearch:
        return Elasticsearch(self.url, request_timeout=self.timeout, max_retries=0)

    def template(self) -> ComposableIndexTemplate:
        """The composable template every ``<alias>-*`` index is created from."""
        index = Index(f"{self.alias}-*")
        index.settings(**INDEX_SETTINGS)
        index.document(CatalogDocument)
        return index.as_composable_template(
            f"{self.alias}-template", pattern=f"{self.alias}-*", priority=100
        )

    def _new_index_name(self) -> str:
        return f"{self.alias}-{timezone.now().strftime('%Y%m%d%H%M%S%f')}"

    def _call(self, what: str, func, *args, **kwargs):
        try:
            return func(*args, **kwargs)
        except ES_ERRORS as exc:
            raise EngineUnavailable(f"Elasticsearch ({what}): {exc}") from exc

    def _aliased_indices(self) -> list[str]:
        try:
            return sorted(self.client.indices.get_alias(name=self.alias).body)
        except NotFoundError:
            return []

    def setup(self) -> str:
        def run() -> str:
            template = self.template()
            self.client.indices.put_index_template(
                name=f"{self.alias}-template", **template.to_dict()
            )
            if self._aliased_indices():
                return f"elasticsearch: mall uppdaterad, alias {self.alias} finns"
            name = self._new_index_name()
            self.client.indices.create(index=name, aliases={self.alias: {}})
            return f"elasticsearch: mall och index {name} bakom alias {self.alias} skapade"

        return self._call("setup", run)

    def _bulk(self, index: str, entries=(), deletes=()) -> None:
        # Routed by site (es_layout); a delete knows no site, so it goes by query.
        if deletes:
            self._call(
                "delete",
                self.client.delete_by_query,
                index=index,
                **es_layout.delete_request(deletes),
            )
        actions = list(es_layout.routed(bulk_actions(index=index, entries=entries)))
        if not actions:
            return
        _, errors = self._call(
            "bulk", helpers.bulk, self.client, actions, raise_on_error=False, refresh=False
        )
        real = [e for e in errors if e.get("delete", {}).get("status") != 404]
        if real:
            raise EngineUnavailable(f"Elasticsearch (bulk): {real[:3]}")

    def _targets(self) -> list[str]:
        # While a rebuild fills a new index, deliveries go to it as well, so a
        # change made during the rebuild is not lost when the alias moves.
        from ..models import CatalogStatus

        status = CatalogStatus.objects.filter(engine=self.name).first()
        rebuilding = status.rebuild_index if status else ""
        return [self.alias, rebuilding] if rebuilding else [self.alias]

    def index(self, entries: Sequence[CatalogEntry]) -> None:
        self.database.index(entries)
        for target in self._targets():
            self._bulk(target, entries=entries)

    def delete(self, keys: Sequence[str]) -> None:
        self.database.delete(keys)
        for target in self._targets():
            self._bulk(target, deletes=keys)

    def _mark_rebuild(self, index_name: str) -> None:
        from ..models import CatalogStatus

        CatalogStatus.objects.update_or_create(
            engine=self.name, defaults={"rebuild_index": index_name}
        )

    def rebuild(
        self,
        batches: Iterable[Sequence[CatalogEntry]],
        progress: Callable[[int], None] | None = None,
    ) -> int:
        """Fill a new timestamped index, then swap the alias to it atomically."""
        self.setup()
        new_index = self._new_index_name()
        old = self._aliased_indices()
        self._call("create", self.client.indices.create, index=new_index)
        self._mark_rebuild(new_index)

        def teed():
            for batch in batches:
                self._bulk(new_index, entries=batch)
                yield batch

        try:
            count = self.database.rebuild(teed(), progress)
            actions = [{"remove": {"index": name, "alias": self.alias}} for name in old]
            actions.append({"add": {"index": new_index, "alias": self.alias}})
            self._call("refresh", self.client.indices.refresh, index=new_index)
            self._call("alias", self.client.indices.update_aliases, actions=actions)
        finally:
            self._mark_rebuild("")
        for name in old:
            self._call("delete", self.client.indices.delete, index=name)
        return count

    def counts_by_kind(self) -> dict[str, int]:
        return self.database.counts_by_kind()

    def search(self, request: SearchRequest) -> SearchResults:
        try:
            return self._search(request)
        except EngineUnavailable as exc:
            logger.warning("Search falls back to the database engine: %s", exc)
            results = self.database.search(request)
            fallback = _(
                "Den vanliga sökmotorn svarar inte just nu. Resultaten kommer från "
                "reservsökningen och kan sakna stavningshjälp."
            )
            results.notice = " ".join(filter(None, [str(fallback), results.notice]))
            return results

    def _search(self, request: SearchRequest) -> SearchResults:
        search = build_search(request, index=self.alias, client=self.client)
        if routing := es_layout.search_routing(request):
            search = search.params(routing=routing)
        response = self._call("search", search.execute)
        return parse_response(response.to_dict(), request)


def _date(value):
    if not value:
        return None
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None


def parse_response(body: dict, request: SearchRequest) -> SearchResults:
    """Turn an Elasticsearch search response body into ``SearchResults``."""
    hits = []
    for raw in body.get("hits", {}).get("hits", []):
        source = raw.get("_source", {})
        highlight = raw.get("highlight")
        hits.append(
            Hit(
                key=source.get("key", raw.get("_id", "")),
                kind=source.get("kind", ""),
                url=source.get("url", ""),
                title=_safe(highlight, "title", source.get("title", ""), joiner=" "),
                snippet=_safe(highlight, "body", (source.get("body") or "")[:240], joiner=" … "),
                site_id=source.get("site_id"),
                date=_date(source.get("date")),
                score=raw.get("_score") or 0.0,
                meta=source.get("meta") or {},
            )
        )
    aggs = body.get("aggregations", {})
    facets: dict[str, list[tuple[str, int]]] = {}
    for name in ("kind", "site", "year"):
        buckets = aggs.get(name, {}).get("values", {}).get("buckets", [])
        if buckets:
            facets[name] = [(str(b["key"]), b["doc_count"]) for b in buckets]
    for bucket in aggs.get("facets", {}).get("values", {}).get("buckets", []):
        name, _sep, value = str(bucket["key"]).partition(FACET_SEPARATOR)
        facets.setdefault(name, []).append((value, bucket["doc_count"]))
    if "year" in facets:
        facets["year"].sort(reverse=True)
    total = body.get("hits", {}).get("total", {})
    return SearchResults(
        hits=hits,
        total=total.get("value", 0) if isinstance(total, dict) else int(total or 0),
        exact=not (isinstance(total, dict) and total.get("relation") == "gte"),
        facets=facets,
        page=request.page,
        per_page=request.per_page,
        engine="elasticsearch",
    )


def _safe(highlight, field: str, fallback: str, *, joiner: str):
    if highlight is not None and field in highlight:
        # encoder=html: Elasticsearch escaped the text and added only <mark>.
        return mark_safe(joiner.join(highlight[field]))
    return mark_safe(escape(fallback))
