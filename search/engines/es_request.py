"""Elasticsearch request bodies and responses (no server needed to build or read them)."""

from __future__ import annotations

from datetime import datetime

from django.utils.html import escape
from django.utils.safestring import mark_safe
from elasticsearch.dsl import Q, Search

from .base import Hit, SearchRequest, SearchResults
from .es_analysis import LANGUAGES, phrase_fields, search_fields

FACET_SEPARATOR = "="


def trim_filter(principals: frozenset[str] | None):
    return None if principals is None else Q("terms", principals=sorted(principals))


def build_search(
    request: SearchRequest, *, index: str, client=None, partial: bool = False
) -> Search:
    """The complete, trimmed Elasticsearch request for a ``SearchRequest``.

    Every word must match (``partial``: any, those matching more first). Each
    word is looked for in every language's fields, exact and folded.
    """
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
    fields = search_fields()
    clauses = [Q("multi_match", query=t, fields=fields, type="most_fields") for t in query.terms]
    clauses += [
        Q("multi_match", query=" ".join(p), fields=phrase_fields(), type="phrase")
        for p in query.phrases
    ]
    must_not = [Q("multi_match", query=w, fields=fields) for w in query.excluded]
    if partial:
        text = Q("bool", should=clauses, minimum_should_match=1)
        boolean = Q("bool", must=[text], filter=filters, must_not=must_not)
    else:
        boolean = Q("bool", must=clauses or [Q("match_all")], filter=filters, must_not=must_not)
    s = Search(using=client, index=index).query(boolean)
    trim_agg = trim.to_dict() if trim is not None else {"match_all": {}}
    for name, field, size in (("kind", "kind", 50), ("site", "site_id", 50), ("year", "year", 50)):
        s.aggs.bucket(name, "filter", filter=trim_agg).bucket(
            "values", "terms", field=field, size=size
        )
    s.aggs.bucket("facets", "filter", filter=trim_agg).bucket(
        "values", "terms", field="facets", size=500
    )
    s = s.highlight_options(
        encoder="html", pre_tags=["<mark>"], post_tags=["</mark>"], require_field_match=False
    )
    for lang in LANGUAGES:
        s = s.highlight(f"title_{lang}", number_of_fragments=0)
        s = s.highlight(f"body_{lang}", fragment_size=160, number_of_fragments=2)
    newest = {"date": {"order": "desc", "missing": "_last"}}
    if request.sort == "date" or not query.has_positive:
        s = s.sort(newest, "_score")
    elif request.language:
        s = s.sort(language_sort(request.language), "_score", newest)
    else:
        s = s.sort("_score", newest)
    s = s.extra(
        track_total_hits=True,
        _source=["key", "kind", "site_id", "url", "title", "body", "date", "meta"],
    )
    return s[request.offset : request.offset + request.per_page]


def language_sort(language: str) -> dict:
    """The visitor's language first, then Swedish, then the rest."""
    return {
        "_script": {
            "type": "number",
            "order": "asc",
            "script": {
                "source": (
                    "def l = doc['language'].size() == 0 ? '' : doc['language'].value; "
                    "l == params.language ? 0 : (l == 'sv' ? 1 : 2)"
                ),
                "params": {"language": language},
            },
        }
    }


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
                title=_safe(highlight, "title_", source.get("title", ""), joiner=" "),
                snippet=_safe(highlight, "body_", (source.get("body") or "")[:240], joiner=" … "),
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


def _safe(highlight, prefix: str, fallback: str, *, joiner: str):
    for name, fragments in sorted((highlight or {}).items()):
        if name.startswith(prefix) or name == prefix.rstrip("_"):
            # encoder=html: Elasticsearch escaped the text and added only <mark>.
            return mark_safe(joiner.join(fragments))
    return mark_safe(escape(fallback))
