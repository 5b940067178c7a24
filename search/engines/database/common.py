"""What both database engines share: index tokens, rows, limits and hits."""

from __future__ import annotations

import hashlib
from functools import lru_cache

from django.conf import settings
from django.utils.html import escape
from django.utils.safestring import mark_safe

from ...analysis import CompiledQuery
from ...models import CatalogRecord
from ...registry import CatalogEntry
from ..base import Hit, SearchRequest, highlight_tokens

FTS_TABLE = "search_catalog_fts"
TABLE = CatalogRecord._meta.db_table
SNIPPET_LENGTH = 240
CHUNK = 500
DEFAULT_COUNT_LIMIT = 1000
# Field weights: a title match counts most, then the summary, then the body.
WEIGHTS = {"title": 10.0, "summary": 4.0, "body": 1.0}
# Added to the text rank: each word matched (partial matches), and matching
# every word as typed (exact forms above folded ones, compound parts, synonyms).
CLAUSE_BONUS = 1000.0
EXACT_BONUS = 100.0
# PostgreSQL: how much folded forms, compound parts and synonyms count beside typed words.
ALTERNATIVES_WEIGHT = 0.25


def count_limit() -> int:
    """How many trimmed matches a search counts exactly before saying "more than"."""
    return max(1, int(getattr(settings, "SEARCH_COUNT_LIMIT", DEFAULT_COUNT_LIMIT)))


# Principals and facet values repeat across a rebuild's entries: each is hashed once.
@lru_cache(maxsize=65_536)
def _token(prefix: str, text: str) -> str:
    return prefix + hashlib.sha1(text.encode("utf-8")).hexdigest()[:20]


def acl_token(principal: str) -> str:
    """The index token standing for one principal."""
    return _token("p", principal)


def filter_token(name: str, value: str) -> str:
    """The index token standing for one facet value (``kind``, ``site``, ``theme``…)."""
    return _token("f", f"{name}={value}")


def entry_tokens(
    entry: CatalogEntry,
    principals: list[str] | None = None,
    pairs: list[tuple[str, str]] | None = None,
) -> list[str]:
    """The entry's principal and filter tokens (``principals`` and ``pairs`` as computed)."""
    principals = sorted(entry.stored_principals()) if principals is None else principals
    pairs = entry.facet_pairs() if pairs is None else pairs
    tokens = [acl_token(p) for p in principals]
    tokens.append(filter_token("kind", entry.kind))
    if entry.site_id is not None:
        tokens.append(filter_token("site", str(entry.site_id)))
    tokens += [filter_token(name, value) for name, value in pairs]
    return list(dict.fromkeys(tokens))


def request_filter_tokens(request: SearchRequest) -> list[str]:
    tokens = [filter_token(name, value) for name, value in sorted(request.filters.items())]
    if request.site_id is not None:
        tokens.append(filter_token("site", str(request.site_id)))
    return tokens


def facets_json(entry: CatalogEntry) -> dict:
    return {k: (v if isinstance(v, str) else [str(x) for x in v]) for k, v in entry.facets.items()}


def chunks(items: list, size: int = CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def row(e: CatalogEntry, now) -> dict:
    pairs = e.facet_pairs()
    principals = sorted(e.stored_principals())
    return {
        "key": e.key,
        "kind": e.kind,
        "site_id": e.site_id,
        "url": e.url[:500],
        "title": e.title,
        "summary": e.summary,
        "body": e.body,
        "language": (e.language or "sv")[:10],
        "date": e.date,
        "facets": facets_json(e),
        "facet_list": [f"{n}={v}" for n, v in pairs],
        "principals": principals,
        "meta": dict(e.meta),
        "tokens": " ".join(entry_tokens(e, principals, pairs)),
        "indexed_at": now,
    }


def language_order(request: SearchRequest) -> tuple[str, list]:
    """SQL (and params) ordering the visitor's language first, then Swedish, then the rest."""
    if not request.language:
        return "0", []
    return "CASE WHEN r.language = %s THEN 0 WHEN r.language = 'sv' THEN 1 ELSE 2 END", [
        request.language
    ]


def query_tokens(compiled: CompiledQuery) -> set[str]:
    """Every token a query may match (what the snippet marks)."""
    tokens: set[str] = set()
    for clause in compiled.clauses:
        for alternative in clause.alternatives:
            tokens.update(alternative.tokens)
    return tokens


def hits(ids: list[int], compiled: CompiledQuery | None) -> list[Hit]:
    records = CatalogRecord.objects.defer("search_vector", "tokens").in_bulk(ids)
    tokens = query_tokens(compiled) if compiled is not None else set()
    found = []
    for pk in ids:
        record = records[pk]
        if tokens:
            title = highlight_tokens(record.title, tokens, record.language, length=None)
        else:
            title = mark_safe(escape(record.title))
        text = record.body if not record.summary else f"{record.summary} {record.body}"
        found.append(
            Hit(
                key=record.key,
                kind=record.kind,
                url=record.url,
                title=title,
                snippet=highlight_tokens(text, tokens, record.language, length=SNIPPET_LENGTH),
                site_id=record.site_id,
                date=record.date,
                meta=record.meta or {},
            )
        )
    return found
