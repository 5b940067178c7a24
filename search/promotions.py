"""Wagtail's promoted results ("Rekommenderade sökträffar") on the catalog search.

Editors pick pages (or external links) for a query in Wagtail's own admin
(``wagtail.contrib.search_promotions``). The search pages show them first, on
the first page of results, for that query as Wagtail normalises it (lower
case, spaces collapsed). A promoted page is shown only if everybody may see
it: live, not expired, no view restriction on it or an ancestor, and on the
site being searched. The app is optional: without it nothing is promoted.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from modelsearch.utils import normalise_query_string

from .registry import source_for_model

APP = "wagtail.contrib.search_promotions"


@dataclass(frozen=True)
class Promotion:
    title: str
    url: str
    description: str
    external: bool = False
    # The promoted page's catalog entry key (a host's page cache drops the
    # search page when that entry changes, e.g. the page is unpublished).
    key: str = ""


def promotions_enabled() -> bool:
    return apps.is_installed(APP)


def promoted_results(*, query: str, site=None, request=None) -> list[Promotion]:
    """The promoted results for ``query`` anybody may see on ``site``, in the editors' order."""
    if not promotions_enabled() or not (query or "").strip():
        return []
    model = apps.get_model("wagtailsearchpromotions", "SearchPromotion")
    picks = (
        model.objects.filter(query__query_string=normalise_query_string(query))
        .select_related("page")
        .order_by("sort_order", "pk")
    )
    root_path = site.root_page.path if site is not None else None
    found: list[Promotion] = []
    for pick in picks:
        page = pick.page
        if page is None:
            if pick.external_link_url:
                found.append(
                    Promotion(
                        title=pick.external_link_text or pick.external_link_url,
                        url=pick.external_link_url,
                        description=pick.description,
                        external=True,
                    )
                )
            continue
        if not page.live or page.expired:
            continue
        if root_path is not None and not page.path.startswith(root_path):
            continue
        if page.get_view_restrictions().exists():
            continue
        url = page.get_url(request=request)
        source = source_for_model(page.specific_class) if page.specific_class else None
        if url:
            found.append(
                Promotion(
                    title=page.title,
                    url=url,
                    description=pick.description or page.search_description,
                    key=source.key_for(page) if source else "",
                )
            )
    return found
