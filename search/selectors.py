"""Reads of the catalog: who a user is to the catalog, and trimmed searches.

``user_principals`` turns a user into the principals their entries are
checked against; ``catalog_search`` always adds them to the query. The public
site search passes ``principals={"anonymous"}`` and the site, so a logged-in
member sees on the public page only what everybody sees there.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .engines import EngineUnavailable, SearchRequest, SearchResults, get_engine
from .query import QueryError, parse_query
from .registry import (
    ANONYMOUS,
    AUTHENTICATED,
    SUPERUSER,
    group_principal,
    principal_providers,
    user_principal,
)
from .synonyms import groups_for_site

logger = logging.getLogger(__name__)

PER_PAGE = 10
MAX_PAGE = 100
_FILTER_NAME = re.compile(r"^[a-z][a-z0-9_]{0,29}$")


def user_principals(user) -> frozenset[str]:
    """The principals ``user`` holds, read from the database at each search.

    Everybody holds ``anonymous``; a logged-in active user also holds
    ``role:authenticated``, ``user:<id>``, ``group:<id>`` for each of their
    groups (ids, never names: a renamed group keeps its entries and a new group
    with an old name gets none of them), ``role:superuser`` for a superuser
    (every entry but another's private note), and whatever registered
    principal providers add. Membership is read here, not stored in entries,
    so a user removed from a group or deactivated loses its entries at once.
    """
    if user is None or not user.is_authenticated:
        return frozenset({ANONYMOUS})
    if not user.is_active:
        return frozenset({ANONYMOUS})
    principals = {ANONYMOUS, AUTHENTICATED, user_principal(user.pk)}
    if user.is_superuser:
        principals.add(SUPERUSER)
    principals.update(group_principal(pk) for pk in user.groups.values_list("pk", flat=True))
    for provider in principal_providers():
        principals.update(provider(user))
    return frozenset(principals)


def _clean_filters(filters: Mapping[str, str] | None) -> dict[str, str]:
    clean: dict[str, str] = {}
    for name, value in (filters or {}).items():
        value = str(value or "").strip()
        if _FILTER_NAME.match(str(name)) and value and len(value) <= 200:
            clean[str(name)] = value
    return clean


def catalog_search(
    *,
    user=None,
    query: str,
    site=None,
    filters: Mapping[str, str] | None = None,
    sort: str = "relevance",
    page: int = 1,
    per_page: int = PER_PAGE,
    principals: frozenset[str] | None = None,
    public_only: bool = False,
    language: str | None = None,
) -> SearchResults:
    """Search the catalog as ``user`` (or as the public with ``public_only``).

    Trimming: the query is restricted to entries sharing a principal with the
    asker (``user_principals(user)``, or exactly ``principals`` when given, or
    ``{"anonymous"}`` with ``public_only``). ``site`` (a Wagtail Site or pk)
    restricts to one municipality. ``filters`` maps facet names (kind, site,
    year, theme, status, …) to one value each; ``sort`` is ``relevance`` or
    ``date``. Bad input never raises: the result carries a ``message`` instead.
    An empty query with no filter returns nothing; with a filter it lists the
    matching entries newest first.

    ``language`` (default: the active language on the public search) ranks
    entries in that language first, then Swedish ones. The site's synonym
    groups (``search.synonyms``) widen the query. When no entry matches every
    word, the best partial matches come back with ``partial=True``.
    """
    if public_only:
        principals = frozenset({ANONYMOUS})
    elif principals is None:
        principals = user_principals(user)
    filters = _clean_filters(filters)
    sort = sort if sort in ("relevance", "date") else "relevance"
    try:
        page = min(max(int(page), 1), MAX_PAGE)
    except (TypeError, ValueError):
        page = 1
    empty = SearchResults(hits=[], total=0, facets={}, page=page, per_page=per_page)
    try:
        parsed = parse_query(query or "")
    except QueryError as exc:
        empty.message = exc.message
        return empty
    if parsed.is_empty and not filters:
        return empty
    if not parsed.has_positive and parsed.excluded:
        empty.message = _("Skriv minst ett ord att söka efter, inte bara ord att utesluta.")
        return empty
    site_id = getattr(site, "pk", site)
    site_id = int(site_id) if site_id is not None else None
    if language is None and public_only:
        language = get_language() or ""
    request = SearchRequest(
        query=parsed,
        principals=principals,
        site_id=site_id,
        filters=filters,
        sort=sort,
        page=page,
        per_page=per_page,
        language=(language or "").split("-")[0].lower()[:10],
        synonyms=groups_for_site(site_id) if parsed.has_positive else (),
    )
    try:
        return get_engine().search(request)
    except EngineUnavailable:
        logger.exception("Search engine unavailable")
        empty.message = _("Sökningen är inte tillgänglig just nu. Försök igen om en stund.")
        empty.engine = "unavailable"  # a passing fault: never worth keeping (page caches)
        return empty


def catalog_status() -> dict:
    """Entries per kind, outbox backlog and the last delivery error, for operators."""
    from .models import CatalogOutbox, CatalogStatus

    engine = get_engine()
    status = CatalogStatus.objects.filter(engine=engine.name).first()
    failing = CatalogOutbox.objects.filter(attempts__gt=0).order_by("-id").first()
    return {
        "engine": engine.name,
        "counts": engine.counts_by_kind(),
        "backlog": CatalogOutbox.objects.count(),
        "failing": CatalogOutbox.objects.filter(attempts__gt=0).count(),
        "last_delivery_at": status.last_delivery_at if status else None,
        "last_error": (failing.last_error if failing else "")
        or (status.last_error if status else ""),
        "last_error_at": status.last_error_at if status else None,
    }
