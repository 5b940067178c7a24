"""The Elasticsearch engine without a server: mappings, request bodies, bulk actions.

Integration with a real server runs in the conformance suite when
ELASTICSEARCH_URL is set.
"""

import os
import re
import uuid
from dataclasses import replace
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
from search.models import SearchSynonym
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


def test_the_index_template_maps_text_per_language_and_principals_as_keywords():
    template = _engine().template().to_dict()
    assert template["index_patterns"] == ["katalog-*"]
    assert template["priority"] == 100
    assert "aliases" not in template["template"]  # only the swap may point the alias
    props = template["template"]["mappings"]["properties"]
    assert props["title"] == {"type": "text", "index": False}
    for name in ("title", "summary", "body"):
        for lang in ("sv", "en", "other"):
            field = props[f"{name}_{lang}"]
            assert field["analyzer"] == f"catalog_{lang}"
            assert field["search_analyzer"] == f"catalog_{lang}_search"
            assert field["fields"]["folded"]["analyzer"] == f"catalog_{lang}_folded"
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


def test_words_search_every_language_exact_and_folded_phrases_exact_exclusions_must_not():
    body = _body('förening "utan gränser" -möbler')
    must = body["query"]["bool"]["must"]
    assert must[0]["multi_match"]["query"] == "förening"
    assert must[0]["multi_match"]["type"] == "most_fields"
    fields = must[0]["multi_match"]["fields"]
    # Title > summary > body; an exact match counts twice a folded one.
    assert fields[:2] == ["title_sv^10", "title_sv.folded^5"]
    assert "summary_en^4" in fields and "body_other.folded^0.5" in fields
    assert must[1]["multi_match"]["type"] == "phrase"
    assert must[1]["multi_match"]["query"] == "utan gränser"
    assert "title_sv.folded^5" not in must[1]["multi_match"]["fields"]
    assert body["query"]["bool"]["must_not"][0]["multi_match"]["query"] == "möbler"


def test_user_syntax_never_reaches_elasticsearch_as_syntax():
    body = _body('title:(a OR b) AND body:* {"match_all": {}} /re.*/ ~2^3')
    for clause in body["query"]["bool"]["must"]:
        assert re.fullmatch(r"[\w ]+", clause["multi_match"]["query"])
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


def test_analysis_folds_decompounds_with_the_word_list_and_stems_per_language(settings):
    settings.SEARCH_ELASTICSEARCH_WORD_LIST = "analysis/sv_compound_parts.txt"
    settings.SEARCH_ELASTICSEARCH_PROTECTED_WORDS = "analysis/sv_protected.txt"
    analysis = _engine().template().to_dict()["template"]["settings"]["analysis"]
    filters, analyzers = analysis["filter"], analysis["analyzer"]
    assert filters["catalog_sv_decompound"] == {
        "type": "dictionary_decompounder",
        "word_list_path": "analysis/sv_compound_parts.txt",
        "min_word_size": 7,
        "min_subword_size": 3,
        "only_longest_match": True,
    }
    assert filters["catalog_sv_protected"]["keywords_path"] == "analysis/sv_protected.txt"
    assert filters["catalog_fold"] == {"type": "asciifolding"}
    assert filters["catalog_synonyms"]["type"] == "synonym_graph"
    assert filters["catalog_synonyms"]["synonyms_set"] == "katalog-synonyms"
    assert filters["catalog_synonyms"]["updateable"] is True
    sv = analyzers["catalog_sv"]["filter"]
    assert sv == [
        "lowercase",
        "catalog_sv_protected",
        "catalog_sv_decompound",
        "catalog_sv_stemmer",
    ]
    assert analyzers["catalog_en"]["filter"] == ["lowercase", "catalog_en_stemmer"]
    assert analyzers["catalog_other"]["filter"] == ["lowercase"]  # no stemming for Arabic etc.
    assert analyzers["catalog_sv_folded"]["filter"][-1] == "catalog_fold"
    # Synonyms only at search time (synonym_graph cannot index).
    assert "catalog_synonyms" not in sv
    assert "catalog_synonyms" in analyzers["catalog_sv_search"]["filter"]


def test_without_word_lists_the_swedish_chain_still_stems(settings):
    settings.SEARCH_ELASTICSEARCH_WORD_LIST = ""
    settings.SEARCH_ELASTICSEARCH_PROTECTED_WORDS = ""
    analysis = _engine().template().to_dict()["template"]["settings"]["analysis"]
    assert analysis["analyzer"]["catalog_sv"]["filter"] == ["lowercase", "catalog_sv_stemmer"]


def test_an_entry_is_indexed_only_in_its_own_languages_fields():
    english = CatalogDocument.source_of(
        CatalogEntry(
            key="cms.standardpage:3",
            kind="page",
            site_id=1,
            url="/en/",
            title="Walks",
            summary="Guided",
            body="Running clubs",
            principals=frozenset({"anonymous"}),
            language="en",
        )
    )
    assert english["title_en"] == "Walks" and english["summary_en"] == "Guided"
    assert "title_sv" not in english and "body_other" not in english
    arabic = CatalogDocument.source_of(replace(ENTRY, language="ar"))
    assert arabic["body_other"] == ENTRY.body and "body_sv" not in arabic


@pytest.mark.django_db
def test_the_editors_synonyms_become_the_synonyms_set(sites):
    SearchSynonym.objects.create(terms="SFB = Socialförsäkringsbalken")
    SearchSynonym.objects.create(site=sites["ekero"], terms="fritidsgård = ungdomsgård")
    SearchSynonym.objects.create(terms="ungdomsgård = fritidsgård")  # a loop: one group
    rules = _engine().synonym_rules()
    assert sorted(r["synonyms"] for r in rules) == [
        "fritidsgård, ungdomsgård",
        "sfb, socialförsäkringsbalken",
    ]


@pytest.mark.django_db
def test_an_empty_synonym_list_is_an_empty_synonyms_set():
    assert _engine().synonym_rules() == []


def test_the_partial_request_asks_for_any_word():
    request = SearchRequest(query=parse_query("kyrkan xyzzy"), principals=frozenset({"anonymous"}))
    body = build_search(request, index="katalog", partial=True).to_dict()
    text = body["query"]["bool"]["must"][0]["bool"]
    assert text["minimum_should_match"] == 1
    assert [c["multi_match"]["query"] for c in text["should"]] == ["kyrkan", "xyzzy"]
    assert body["query"]["bool"]["filter"][0] == {"terms": {"principals": ["anonymous"]}}


def test_the_visitors_language_sorts_first_then_swedish():
    body = _body(language="ar")
    script = body["sort"][0]["_script"]
    assert script["script"]["params"] == {"language": "ar"}
    assert "'sv'" in script["script"]["source"]
    assert body["sort"][1] == "_score"
    assert _body(language="ar", sort="date")["sort"][0] == {
        "date": {"order": "desc", "missing": "_last"}
    }
