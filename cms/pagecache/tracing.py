"""Which cached pages a written row shows up on: the tags a write bumps (``tags.py``).

- a page's own row or revision: ``page:<id>``, the listings that show it
  (``listed:<id>``) and its parent's filtered listings (``filtered:<parent
  path>``: a change may move it in or out of them); a top-level page is in
  every page's menu, so also its site (``root:<home path>``);
- publishing, unpublishing, creating, moving or deleting a page: also every
  listing of its parent (``children:<parent path>``, of both parents on a
  move) and the site's ``published:<home path>`` (the home page features what
  is new);
- a row of any other model of ``CONTENT_APPS``: each page it reaches through
  at most three foreign keys, itself and its listing (a case reaches its idea
  page and the ideas index it belongs to; a registration, its meeting), and
  the site of a site it reaches: the footer of that site alone for a model
  the footer shows (``FOOTER_MODELS``, ``footer:<home path>``), every page of
  that site (``root:<home path>``) for any other site setting. Rows that reach
  no page or site (images, documents, snippets) bump ``all``.
"""

from __future__ import annotations

from functools import cache as memoize

from django.db import models
from wagtail.models import Page, Revision, Site

from . import tags as cache_tags

# The apps whose rows public pages show (pages, settings, snippets, images,
# documents, tags, the plugins' models). Models below are never shown publicly,
# or written so often (renditions, even while a page is served) that they must
# not touch the cache.
CONTENT_APPS = (
    "cms",
    "idelabbet",
    "forum",
    "wagtailcore",
    "wagtailimages",
    "wagtaildocs",
    "taggit",
)
PRIVATE_MODELS = {
    "wagtailimages.rendition",
    "wagtailcore.pagelogentry",
    "wagtailcore.modellogentry",
    "wagtailcore.referenceindex",
    "wagtailcore.pagesubscription",
    "wagtailcore.uploadedfile",
    "wagtailcore.workflowstate",
    "wagtailcore.taskstate",
    "wagtailcore.comment",
    "wagtailcore.commentreply",
    "idelabbet.outgoingemail",
    "idelabbet.casereminder",
    "idelabbet.note",
    "idelabbet.noterevision",
    "idelabbet.noteattachment",
    "idelabbet.caseuserobjectpermission",
    "idelabbet.casegroupobjectpermission",
    "idelabbet.noteuserobjectpermission",
    "idelabbet.notegroupobjectpermission",
    "forum.feedbackdelivery",
}
# Site settings shown only in the footer (and by pages that say so in
# ``page_cache_site_tags``): their edit changes one footer per site, not every
# page (``middleware.py`` stores the footer apart). Any other row reaching a
# site changes every page of it (``root:``).
SITE_FAMILIES = {"cms.sitecontact": "contact"}
MAX_HOPS = 3
STEP = Page.steplen


# Tags of a page, as a write sees it.


def home_path(path: str) -> str:
    return path[: STEP * 2]


def page_write_tags(page_id: int, path: str, depth: int, *, membership: bool = False) -> set[str]:
    """A page's row or revision changed: the page, where it is listed, and its menu if top-level.

    ``membership``: the page came, went or moved (published, unpublished,
    created, moved, deleted), so every listing of its parent changes, not only
    the ones that show it.
    """
    found = {f"page:{page_id}", f"listed:{page_id}"}
    if depth > 1:
        parent = path[:-STEP]
        found.add(f"filtered:{parent}")
        if membership:
            found.add(f"children:{parent}")
    if depth <= 3:
        # A site's home page or a top-level page: the menu of every page.
        found.add(f"root:{home_path(path)}")
    return found


# Tracing other rows to the pages they show up on.


@memoize
def reach_paths(model: type[models.Model]) -> tuple[tuple[str, str], ...]:
    """(lookup, "page"|"site") for every page or site reachable through ≤ 3 foreign keys."""
    found: list[tuple[str, str]] = []

    def walk(current, prefix: str, hops: int, seen: frozenset):
        for field in current._meta.concrete_fields:
            if not (field.many_to_one or field.one_to_one) or field.remote_field is None:
                continue
            target = field.remote_field.model
            lookup = f"{prefix}{field.name}"
            if issubclass(target, Page):
                found.append((lookup, "page"))
            elif issubclass(target, Site):
                found.append((lookup, "site"))
            elif hops < MAX_HOPS and target not in seen and target._meta.app_label in CONTENT_APPS:
                walk(target, f"{lookup}__", hops + 1, seen | {target})

    if not issubclass(model, Page):
        walk(model, "", 1, frozenset({model}))
    return tuple(found)


def _columns(paths) -> list[str]:
    columns = []
    for lookup, kind in paths:
        if kind == "page":
            columns += [f"{lookup}__id", f"{lookup}__path", f"{lookup}__depth"]
        else:
            columns.append(f"{lookup}__root_page__path")
    return columns


def _tags_of_values(paths, values, family: str = "root") -> set[str]:
    found: set[str] = set()
    pages: dict[str, int] = {}
    values = iter(values)
    for _lookup, kind in paths:
        if kind == "page":
            page_id, path, _depth = next(values), next(values), next(values)
            if page_id is not None:
                pages[path] = page_id
        else:
            root_path = next(values)
            if root_path is not None:
                found.add(f"{family}:{home_path(root_path)}")
    for path, page_id in pages.items():
        # A row is about the most specific page it reaches: a case reaches its
        # idea and the ideas index above it, and shows on the idea (and where
        # the idea is listed), not on every page of the index.
        if any(other != path and other.startswith(path) for other in pages):
            continue
        found |= {f"page:{page_id}", f"listed:{page_id}", f"filtered:{path[:-STEP]}"}
    return found


def rows_tags(model: type[models.Model], pks) -> set[str]:
    """The tags of the pages the given rows of ``model`` show up on (``all`` if none)."""
    if model is Revision:
        return _revision_tags(pks)
    paths = reach_paths(model)
    if not paths:
        return {cache_tags.ALL}
    found: set[str] = set()
    for values in model._base_manager.filter(pk__in=list(pks)).values_list(*_columns(paths)):
        found |= _tags_of_values(paths, values, SITE_FAMILIES.get(model._meta.label_lower, "root"))
    return found


def _revision_tags(pks) -> set[str]:
    page_ids = [
        int(object_id)
        for object_id, is_page in Revision.objects.filter(pk__in=list(pks)).values_list(
            "object_id", "base_content_type__model"
        )
        if is_page == "page" and str(object_id).isdigit()
    ]
    found: set[str] = set()
    for page_id, path, depth in Page.objects.filter(pk__in=page_ids).values_list(
        "id", "path", "depth"
    ):
        found |= page_write_tags(page_id, path, depth)
    return found if page_ids else set()
