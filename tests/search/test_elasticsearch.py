"""The Elasticsearch engine without a server: mappings, request bodies, bulk actions.

Integration with a real server runs in the conformance suite when
ELASTICSEARCH_URL is set.
"""

import os
import re
import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from search.engines import SearchRequest, get_engine
from search.engines.elasticsearch import (
    CatalogDocument,
    ElasticsearchEngine,
    build_search,
    bulk_actions,
    parse_response,
)
from search.query import parse_query
from search.registry import CatalogEntry

ENTRY = CatalogEntry(
    key="idelabbet.idea:4",
    kind="idea",
    site_id=2,
    url="/idelabbet/ideer/4/",
    title="Gemensam odlingslott",
    body="Vi vill odla tillsammans i Träkvista.",
    principals=frozenset({"group:Ekerö moderatorer", "user:5"}),
    date=datetime(2025, 4, 3, 10, tzinfo=ZoneInfo("Europe/Stockholm")),
    facets={"theme": ["Naturvård", "Gemenskap"], "status": "inskickad"},
)


def _engine():
    return ElasticsearchEngine(url="http://127.0.0.1:9", alias="katalog", timeout=0.5)


def test_the_index_template_maps_text_as_swedish_and_principals_as_keywords():
    template = _engine().template().to_dict()
    assert template["index_patterns"] == ["katalog-*"]
    assert template["priority"] == 100
    assert "aliases" not in template["template"]  # only the swap may point the alias
    props = template["template"]["mappings"]["properties"]
    assert props["title"] == {"type": "text", "analyzer": "swedish"}
    assert props["body"] == {"type": "text", "analyzer": "swedish"}
    assert props["principals"] == {"type": "keyword"}
    assert props["facets"] == {"type": "keyword"}
    assert props["date"] == {"type": "date"}
    assert template["template"]["settings"]["number_of_shards"] == 1


def test_bulk_actions_index_whole_entries_and_delete_by_key():
    actions = list(bulk_actions(index="katalog", entries=[ENTRY], deletes=["cms.standardpage:9"]))
    assert actions[0]["_op_type"] == "index"
    assert actions[0]["_id"] == "idelabbet.idea:4"
    source = actions[0]["_source"]
    # Superusers are stored as a principal of every entry that is not private.
    assert source["principals"] == ["group:Ekerö moderatorer", "role:superuser", "user:5"]
    assert source["facets"] == ["theme=Naturvård", "theme=Gemenskap", "status=inskickad"]
    assert source["year"] == "2025"
    assert source["date"].startswith("2025-04-03T10:00:00")
    assert actions[1] == {"_op_type": "delete", "_index": "katalog", "_id": "cms.standardpage:9"}


def _body(query="föreningar", principals=frozenset({"anonymous", "user:5"}), **kwargs):
    request = SearchRequest(query=parse_query(query), principals=principals, **kwargs)
    return build_search(request, index="katalog").to_dict()


def test_the_principals_filter_is_in_the_query_and_around_every_aggregation():
    body = _body(site_id=2, filters={"theme": "Gemenskap", "kind": "idea", "year": "2025"})
    trim = {"terms": {"principals": ["anonymous", "user:5"]}}
    filters = body["query"]["bool"]["filter"]
    assert filters[0] == trim
    assert {"term": {"site_id": 2}} in filters
    assert {"term": {"facets": "theme=Gemenskap"}} in filters
    assert {"term": {"kind": "idea"}} in filters
    assert {"term": {"year": "2025"}} in filters
    assert set(body["aggs"]) == {"kind", "site", "year", "facets"}
    for agg in body["aggs"].values():
        assert agg["filter"] == trim
        assert "terms" in agg["aggs"]["values"]
    assert "post_filter" not in body
    assert "suggest" not in body
    assert body["track_total_hits"] is True


def test_words_are_fuzzy_phrases_exact_and_exclusions_must_not():
    body = _body('förening "utan gränser" -möbler')
    must = body["query"]["bool"]["must"]
    assert must[0]["multi_match"]["query"] == "förening"
    assert must[0]["multi_match"]["fuzziness"] == "AUTO"
    assert must[0]["multi_match"]["fields"] == ["title^3", "body"]
    assert must[1]["multi_match"] == {
        "query": "utan gränser",
        "fields": ["title^3", "body"],
        "type": "phrase",
    }
    assert body["query"]["bool"]["must_not"][0]["multi_match"]["query"] == "möbler"


def test_user_syntax_never_reaches_elasticsearch_as_syntax():
    body = _body('title:(a OR b) AND body:* {"match_all": {}} /re.*/ ~2^3')
    for clause in body["query"]["bool"]["must"]:
        assert re.fullmatch(r"\w+", clause["multi_match"]["query"])
    assert "query_string" not in str(body)


def test_highlights_are_html_escaped_and_sorting_and_paging_follow_the_request():
    body = _body(sort="date", page=3, per_page=10)
    assert body["highlight"]["encoder"] == "html"
    assert body["highlight"]["pre_tags"] == ["<mark>"]
    assert body["sort"][0] == {"date": {"order": "desc", "missing": "_last"}}
    assert body["from"] == 20 and body["size"] == 10
    assert _body()["sort"][0] == "_score"


def test_a_superuser_query_has_no_principals_filter():
    body = _body(principals=None)
    assert body["query"]["bool"].get("filter", []) == []
    assert body["aggs"]["kind"]["filter"] == {"match_all": {}}


def test_the_engine_is_chosen_by_settings(settings):
    settings.SEARCH_ENGINE = "elasticsearch"
    settings.ELASTICSEARCH_URL = "http://es.example:9200"
    settings.SEARCH_ELASTICSEARCH_ALIAS = "sok"
    engine = get_engine()
    assert isinstance(engine, ElasticsearchEngine)
    assert engine.alias == "sok"
    settings.SEARCH_ENGINE = "database"
    assert get_engine().name == "database"
    settings.SEARCH_ENGINE = "solr"
    with pytest.raises(Exception, match="Unknown SEARCH_ENGINE"):
        get_engine()


@pytest.mark.django_db
def test_an_unreachable_server_falls_back_to_the_database_catalog():
    engine = _engine()
    engine.database.index([ENTRY])
    results = engine.search(
        SearchRequest(query=parse_query("odlingslott"), principals=frozenset({"user:5"}))
    )
    assert results.keys == ["idelabbet.idea:4"]
    assert "reservsökningen" in results.notice
    results = engine.search(
        SearchRequest(query=parse_query("odlingslott"), principals=frozenset({"anonymous"}))
    )
    assert results.keys == []


@pytest.mark.django_db
def test_an_unreachable_server_fails_setup_and_writes_clearly():
    from search.engines import EngineUnavailable

    engine = _engine()
    with pytest.raises(EngineUnavailable, match="Elasticsearch"):
        engine.setup()
    with pytest.raises(EngineUnavailable):
        engine.index([ENTRY])


def test_a_response_becomes_results_with_escaped_highlights_and_trimmed_facets():
    body = {
        "hits": {
            "total": {"value": 1, "relation": "eq"},
            "hits": [
                {
                    "_id": "idelabbet.idea:4",
                    "_score": 3.2,
                    "_source": CatalogDocument.source_of(ENTRY),
                    "highlight": {
                        "title": ["Gemensam <mark>odlingslott</mark>"],
                        "body": ["Vi vill odla &lt;tillsammans&gt;", "i <mark>Träkvista</mark>"],
                    },
                }
            ],
        },
        "aggregations": {
            "kind": {"doc_count": 1, "values": {"buckets": [{"key": "idea", "doc_count": 1}]}},
            "site": {"doc_count": 1, "values": {"buckets": [{"key": 2, "doc_count": 1}]}},
            "year": {"doc_count": 1, "values": {"buckets": [{"key": "2025", "doc_count": 1}]}},
            "facets": {
                "doc_count": 1,
                "values": {
                    "buckets": [
                        {"key": "theme=Naturvård", "doc_count": 1},
                        {"key": "status=inskickad", "doc_count": 1},
                    ]
                },
            },
        },
    }
    request = SearchRequest(query=parse_query("odlingslott"), principals=frozenset({"user:5"}))
    results = parse_response(body, request)
    assert results.total == 1
    hit = results.hits[0]
    assert hit.key == "idelabbet.idea:4"
    assert hit.title == "Gemensam <mark>odlingslott</mark>"
    assert hit.snippet == "Vi vill odla &lt;tillsammans&gt; … i <mark>Träkvista</mark>"
    assert hit.date == ENTRY.date
    assert results.facets == {
        "kind": [("idea", 1)],
        "site": [("2", 1)],
        "year": [("2025", 1)],
        "theme": [("Naturvård", 1)],
        "status": [("inskickad", 1)],
    }
    no_highlight = {
        "hits": {
            "total": {"value": 1},
            "hits": [{"_source": {"key": "k:1", "title": "<b>rubrik</b>", "body": "x"}}],
        }
    }
    assert parse_response(no_highlight, request).hits[0].title == "&lt;b&gt;rubrik&lt;/b&gt;"


@pytest.mark.django_db
def test_deliveries_during_a_rebuild_also_go_to_the_new_index():
    from search.models import CatalogStatus

    engine = _engine()
    assert engine._targets() == ["katalog"]
    engine._mark_rebuild("katalog-20261122150000")
    assert engine._targets() == ["katalog", "katalog-20261122150000"]
    engine._mark_rebuild("")
    assert engine._targets() == ["katalog"]
    assert CatalogStatus.objects.get(engine="elasticsearch").rebuild_index == ""


needs_server = pytest.mark.skipif(
    not os.environ.get("ELASTICSEARCH_URL"),
    reason="ELASTICSEARCH_URL is not set: no Elasticsearch server to run against",
)


@needs_server
@pytest.mark.elasticsearch
@pytest.mark.django_db
def test_a_rebuild_swaps_the_alias_to_a_fresh_index_and_drops_the_old(settings):
    settings.SEARCH_ENGINE = "elasticsearch"
    settings.ELASTICSEARCH_URL = os.environ["ELASTICSEARCH_URL"]
    settings.SEARCH_ELASTICSEARCH_ALIAS = f"test-swap-{uuid.uuid4().hex[:8]}"
    engine = get_engine()
    try:
        engine.setup()
        first = engine._aliased_indices()
        engine.index([ENTRY])
        count = engine.rebuild([[ENTRY]])
        second = engine._aliased_indices()
        assert count == 1
        assert len(second) == 1 and second != first
        assert not engine.client.indices.exists(index=first[0])
        engine.client.indices.refresh(index=engine.alias)
        results = engine.search(
            SearchRequest(query=parse_query("odlingslott"), principals=frozenset({"user:5"}))
        )
        assert results.keys == ["idelabbet.idea:4"] and results.engine == "elasticsearch"
    finally:
        engine.client.indices.delete(index=f"{engine.alias}-*", ignore_unavailable=True)
        engine.client.indices.delete_index_template(name=f"{engine.alias}-template")


FILE_ENTRY = CatalogEntry(
    key="wagtaildocs.document:7",
    kind="document",
    site_id=2,
    url="/documents/7/protokoll.pdf",
    title="Protokoll hösten 2019",
    body="Sommarträffar vid Rosenlundsbadet för den som är ensam.",
    principals=frozenset({"anonymous"}),
    facets={"filetype": "PDF"},
    meta={"file_name": "protokoll.pdf", "file_type": "PDF", "file_size": 35210},
)


def test_a_files_details_are_stored_unsearched_and_come_back_with_its_hit():
    props = _engine().template().to_dict()["template"]["mappings"]["properties"]
    assert props["meta"] == {"type": "object", "enabled": False}
    source = CatalogDocument.source_of(FILE_ENTRY)
    assert source["meta"] == {"file_name": "protokoll.pdf", "file_type": "PDF", "file_size": 35210}
    assert source["body"] == FILE_ENTRY.body  # the file's text is searched as a page's body
    assert source["facets"] == ["filetype=PDF"]
    body = _body("rosenlundsbadet")
    assert "meta" in body["_source"]
    response = {
        "hits": {"total": {"value": 1}, "hits": [{"_id": FILE_ENTRY.key, "_source": source}]}
    }
    request = SearchRequest(
        query=parse_query("rosenlundsbadet"), principals=frozenset({"anonymous"})
    )
    hit = parse_response(response, request).hits[0]
    assert hit.meta["file_name"] == "protokoll.pdf"
    assert hit.meta["file_size"] == 35210
