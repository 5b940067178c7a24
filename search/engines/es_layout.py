"""The catalog's layout in Elasticsearch for many municipalities: one shared index, routed by site.

Every entry carries its site (``site_id``) and is stored with that site as its
routing value, so all of one municipality's entries live on one shard. A search
on one site's public pages (``site_id`` set, or the staff's "Kommun" facet)
is sent with that routing and reads one shard; a staff search across every
site the asker may see reads them all. Entries without a site share the
routing value ``NO_SITE``.

Why one shared index and not one per municipality: see the search README
("290 kommuner"). A document stored with a routing value must be updated and
deleted with it; deletes know only the key, so they go by query (every shard),
and an entry that moves to another site is deleted and indexed again by the
outbox like any change.
"""

from collections.abc import Iterable, Iterator, Sequence

NO_SITE = "0"


def routing(site_id: int | None) -> str:
    """The routing value of an entry of ``site_id``."""
    return str(site_id) if site_id is not None else NO_SITE


def routed(actions: Iterable[dict]) -> Iterator[dict]:
    """Bulk ``index`` actions with their site's routing (other actions pass unchanged)."""
    for action in actions:
        if action.get("_op_type") == "index":
            site_id = action.get("_source", {}).get("site_id")
            action = {**action, "_routing": routing(site_id)}
        yield action


def delete_request(keys: Sequence[str]) -> dict:
    """A delete-by-query body removing ``keys`` whatever shard their site routed them to."""
    return {"query": {"ids": {"values": list(keys)}}, "conflicts": "proceed", "refresh": False}


def search_routing(request) -> str | None:
    """The routing of a search restricted to one site, or None (every shard)."""
    if request.site_id is not None:
        return routing(request.site_id)
    site = request.filters.get("site", "")
    return routing(int(site)) if site.isdigit() else None


def site_filter(site_id: int) -> dict:
    """The query that selects one site's entries (for counting or reindexing a tenant)."""
    return {"bool": {"filter": [{"term": {"site_id": site_id}}]}}
