"""Synonyms and acronyms that editors keep per municipality (``SearchSynonym``).

``groups_for_site(site_id)`` gives the groups a search may use: the site's own
rows and the rows for every site. Rows sharing a member are merged into one
group (union–find), so "a = b" beside "b = a" is one group and a chain "a = b",
"b = c" means a, b and c are the same: a query word never expands twice and
there is nothing to loop. The database engines apply the groups at query time
(``search.analysis.compile_query``); Elasticsearch gets the same rules as a
``synonym_graph`` filter (``search.engines.elasticsearch``).
"""

from __future__ import annotations

from collections.abc import Iterable

from .models import SearchSynonym

MAX_GROUP = 20


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
    rows = SearchSynonym.objects.all()
    if site_id is not None:
        rows = rows.filter(site_id__in=[site_id]) | rows.filter(site__isnull=True)
    return merge(row.members() for row in rows.order_by("pk"))


def solr_rules(site_id: int | None = None) -> list[str]:
    """The groups as Solr-format rules ("sfb, socialförsäkringsbalken") for Elasticsearch."""
    return [", ".join(" ".join(m) for m in sorted(group)) for group in groups_for_site(site_id)]
