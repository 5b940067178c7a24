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
from functools import cached_property

from django.utils import timezone
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
    Text,
)

from ..analysis import language_group
from ..registry import CatalogEntry
from ..synonyms import solr_rules
from .base import Engine, EngineUnavailable, SearchRequest, SearchResults
from .database import DatabaseEngine
from .es_analysis import LANGUAGES, TEXT_FIELDS, analysis_settings, synonyms_set, text_mapping
from .es_request import (
    FACET_SEPARATOR,
    build_search,
    language_sort,
    parse_response,
    trim_filter,
)

__all__ = [
    "CatalogDocument",
    "ElasticsearchEngine",
    "build_search",
    "bulk_actions",
    "language_sort",
    "parse_response",
    "trim_filter",
]

logger = logging.getLogger(__name__)

INDEX_SETTINGS = {"number_of_shards": 1, "number_of_replicas": 0}
ES_ERRORS = (ApiError, TransportError, ConnectionError, TimeoutError)


def _text(language: str) -> Text:
    mapping = text_mapping(language)
    folded = mapping["fields"]["folded"]
    return Text(
        analyzer=mapping["analyzer"],
        search_analyzer=mapping["search_analyzer"],
        fields={
            "folded": Text(analyzer=folded["analyzer"], search_analyzer=folded["search_analyzer"])
        },
    )


class _CatalogDocument(Document):
    """One catalog entry in Elasticsearch; ``_id`` is the entry key."""

    key = Keyword()
    kind = Keyword()
    site_id = Integer()
    url = Keyword(index=False)
    # As written, for the hit; searched through the per-language fields below.
    title = Text(index=False)
    summary = Text(index=False)
    body = Text(index=False)
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
        group = language_group(entry.language)
        source = {
            "key": entry.key,
            "kind": entry.kind,
            "site_id": entry.site_id,
            "url": entry.url,
            "title": entry.title,
            "summary": entry.summary,
            "body": entry.body,
            "principals": sorted(entry.stored_principals()),
            "language": entry.language,
            "date": entry.date.isoformat() if entry.date else None,
            "year": next((v for n, v in pairs if n == "year"), None),
            "facets": [f"{n}{FACET_SEPARATOR}{v}" for n, v in pairs if n != "year"],
            "meta": dict(entry.meta),
        }
        for name in TEXT_FIELDS:
            source[f"{name}_{group}"] = getattr(entry, name)
        return source


# title_sv, title_en, title_other, summary_…, body_…: each language its analyzer.
CatalogDocument = type(
    "CatalogDocument",
    (_CatalogDocument,),
    {f"{name}_{lang}": _text(lang) for name in TEXT_FIELDS for lang in LANGUAGES},
)


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
        index.settings(**INDEX_SETTINGS, **analysis_settings(self.alias))
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

    def synonym_rules(self) -> list[dict]:
        """The editors' synonym groups (every site's) as a synonyms set body."""
        return [{"id": f"r{n}", "synonyms": rule} for n, rule in enumerate(solr_rules(None))]

    def sync_synonyms(self) -> None:
        """Replace the synonyms set; Elasticsearch reloads the search analyzers itself."""
        self._call(
            "synonyms",
            self.client.synonyms.put_synonym,
            id=synonyms_set(self.alias),
            synonyms_set=self.synonym_rules(),
        )

    def setup(self) -> str:
        def run() -> str:
            self.client.synonyms.put_synonym(
                id=synonyms_set(self.alias), synonyms_set=self.synonym_rules()
            )
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
        actions = list(bulk_actions(index=index, entries=entries, deletes=deletes))
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
        response = self._call("search", search.execute)
        results = parse_response(response.to_dict(), request)
        words = len(request.query.terms) + len(request.query.phrases)
        if results.total == 0 and words > 1:
            search = build_search(request, index=self.alias, client=self.client, partial=True)
            partial = parse_response(self._call("search", search.execute).to_dict(), request)
            if partial.total:
                partial.partial = True
                return partial
        return results
