"""Synonyms and acronyms that editors keep per municipality (``SearchSynonym``).

``groups_for_site(site_id)`` gives the groups a search may use: the site's own
rows and the rows for every site. Rows sharing a member are merged into one
group (union–find), so "a = b" beside "b = a" is one group and a chain "a = b",
"b = c" means a, b and c are the same: a query word never expands twice and
there is nothing to loop. The database engines apply the groups at query time
(``search.analysis.compile_query``); Elasticsearch gets the same rules as a
``synonym_graph`` filter (``search.engines.elasticsearch``).

Each search needs its site's groups. With ``SEARCH_SYNONYMS_CACHED`` (on where
the default cache is Redis, shared by every process) a process keeps them and
reads them again only when the version in the shared cache has changed
(``changed()``, on each save or delete of a row, again after its commit) or
after ``LOCAL_MAX_AGE`` seconds: one cache read per search instead of a
database query and the merge (about 1 ms of CPU; several under load).
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache

from .models import SearchSynonym

logger = logging.getLogger(__name__)

MAX_GROUP = 20
VERSION_KEY = "search:synonyms:version"
LOCAL_MAX_AGE = 300.0
# site id → (shared version, when read, groups)
_local: dict[int | None, tuple[str, float, tuple[frozenset, ...]]] = {}


def merge(rows: Iterable[list[tuple[str, ...]]]) -> tuple[frozenset, ...]:
    """Groups of members, rows sharing a member merged; singletons dropped."""
    parent: dict[tuple[str, ...], tuple[str, ...]] = {}

    def find(x):
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for members in rows:
        for member in members[1:]:
            a, b = find(members[0]), find(member)
            if a != b:
                parent[b] = a
        if members:
            find(members[0])
    groups: dict[tuple[str, ...], set] = {}
    for member in parent:
        groups.setdefault(find(member), set()).add(member)
    return tuple(
        frozenset(sorted(g)[:MAX_GROUP]) for _root, g in sorted(groups.items()) if len(g) > 1
    )


def groups_for_site(site_id: int | None) -> tuple[frozenset, ...]:
    """The synonym groups of one site (with the all-sites rows); every site's when None."""
    if not getattr(settings, "SEARCH_SYNONYMS_CACHED", False):
        return read_groups(site_id)
    version = _version()
    if version is None:  # the shared cache is down: read them
        return read_groups(site_id)
    now = time.monotonic()
    kept = _local.get(site_id)
    if kept and kept[0] == version and now - kept[1] < LOCAL_MAX_AGE:
        return kept[2]
    groups = read_groups(site_id)
    _local[site_id] = (version, now, groups)
    return groups


def _version() -> str | None:
    try:
        version = cache.get(VERSION_KEY)
        if version is None:
            cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
            version = cache.get(VERSION_KEY)
    except Exception:  # noqa: BLE001 - any cache failure means: read the database
        logger.warning("The synonyms' version could not be read from the cache.")
        return None
    return version


def changed() -> None:
    """The rows changed: this process forgets its groups, every process re-reads them."""
    _local.clear()
    if getattr(settings, "SEARCH_SYNONYMS_CACHED", False):
        try:
            cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        except Exception:  # noqa: BLE001
            logger.warning("The synonyms' new version could not be stored in the cache.")


def read_groups(site_id: int | None) -> tuple[frozenset, ...]:
    """The groups of ``site_id`` read from the database (``groups_for_site`` without the cache)."""
    rows = SearchSynonym.objects.all()
    if site_id is not None:
        rows = rows.filter(site_id__in=[site_id]) | rows.filter(site__isnull=True)
    return merge(row.members() for row in rows.order_by("pk"))


def solr_rules(site_id: int | None = None) -> list[str]:
    """The groups as Solr-format rules ("sfb, socialförsäkringsbalken") for Elasticsearch."""
    return [", ".join(" ".join(m) for m in sorted(group)) for group in read_groups(site_id)]
