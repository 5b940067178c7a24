"""The Elasticsearch layout for many municipalities: the requests the engine sends.

One shared index, every entry routed by its site: bulk index actions carry the
site as ``_routing``, a search on one site is routed to that site's shard, a
staff search over every site is not, and deletes go by query (every shard).
"""

from datetime import datetime
from unittest import mock
from zoneinfo import ZoneInfo

import pytest

from search.engines import SearchRequest
from search.engines import elasticsearch as es_engine
from search.engines.elasticsearch import ElasticsearchEngine, bulk_actions
from search.engines.es_layout import NO_SITE, delete_request, routed, search_routing
from search.query import parse_query
from search.registry import CatalogEntry


def _entry(key: str, site_id: int | None) -> CatalogEntry:
    return CatalogEntry(
        key=key,
        kind="idea",
        site_id=site_id,
        url=f"/ideer/{key}/",
        title="Gemensam odlingslott",
        body="Vi vill odla tillsammans.",
        principals=frozenset({"anonymous"}),
        date=datetime(2025, 4, 3, 10, tzinfo=ZoneInfo("Europe/Stockholm")),
    )


class FakeClient:
    """Records what the engine sends; answers a search with no hits."""

    def __init__(self):
        self.calls = []

    def delete_by_query(self, **kwargs):
        self.calls.append(("delete_by_query", kwargs))
        return {"deleted": len(kwargs["query"]["ids"]["values"])}

    def search(self, **kwargs):
        self.calls.append(("search", kwargs))
        return mock.Mock(body={"hits": {"total": {"value": 0}, "hits": []}})


@pytest.fixture
def engine(monkeypatch, db):
    engine = ElasticsearchEngine(url="http://127.0.0.1:9", alias="katalog", timeout=0.5)
    client = FakeClient()
    engine.__dict__["client"] = client
    sent = []

    def bulk(client_, actions, **kwargs):
        sent.extend(actions)
        return len(sent), []

    monkeypatch.setattr(es_engine.helpers, "bulk", bulk)
    monkeypatch.setattr(engine.database, "index", lambda entries: None)
    monkeypatch.setattr(engine.database, "delete", lambda keys: None)
    engine.sent = sent
    return engine


def test_each_entry_is_indexed_with_its_sites_routing(engine):
    engine.index([_entry("a", 7), _entry("b", 12), _entry("c", None)])
    assert [(a["_id"], a["_routing"], a["_index"]) for a in engine.sent] == [
        ("a", "7", "katalog"),
        ("b", "12", "katalog"),
        ("c", NO_SITE, "katalog"),
    ]
    assert all(a["_op_type"] == "index" for a in engine.sent)


def test_deletes_go_by_query_so_the_routed_copy_is_found_on_any_shard(engine):
    engine.delete(["idelabbet.case:1", "idelabbet.case:2"])
    assert engine.sent == []
    name, request = engine.client.calls[0]
    assert name == "delete_by_query"
    assert request["index"] == "katalog"
    assert request["query"] == {"ids": {"values": ["idelabbet.case:1", "idelabbet.case:2"]}}
    assert request["conflicts"] == "proceed"


def test_a_search_on_one_site_is_routed_to_that_sites_shard(engine):
    engine.search(SearchRequest(query=parse_query("odling"), principals=None, site_id=7))
    name, request = engine.client.calls[-1]
    assert name == "search" and request["routing"] == "7"
    assert {"term": {"site_id": 7}} in request["body"]["query"]["bool"]["filter"]


def test_the_staff_kommun_facet_routes_too_and_a_search_over_every_site_does_not(engine):
    engine.search(
        SearchRequest(query=parse_query("odling"), principals=None, filters={"site": "12"})
    )
    assert engine.client.calls[-1][1]["routing"] == "12"
    engine.search(SearchRequest(query=parse_query("odling"), principals=frozenset({"user:5"})))
    assert "routing" not in engine.client.calls[-1][1]


def test_layout_helpers_leave_deletes_and_odd_filters_alone():
    actions = list(routed(bulk_actions(index="katalog", entries=[], deletes=["x"])))
    assert actions == [{"_op_type": "delete", "_index": "katalog", "_id": "x"}]
    odd = SearchRequest(query=parse_query("x"), principals=None, filters={"site": "alla"})
    assert search_routing(odd) is None
    assert delete_request(["k"])["query"] == {"ids": {"values": ["k"]}}
