"""Batched page inserts: what ``add_child`` does per page, done per batch."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page

from .vocabulary import BATCH


def _chunks(items: list, size: int = BATCH) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _insert_pages(parent: Page, pages: list[Page]) -> None:
    """Insert ``pages`` as the last children of ``parent``, in batches.

    What ``add_child`` does per page, done per batch: the treebeard path after
    the parent's last child, depth, ``url_path``, locale, translation key and
    content type; the base ``wagtailcore_page`` rows first (their ids come
    back), then the specific table's rows, then the parent's ``numchild``.
    """
    if not pages:
        return
    parent = Page.objects.get(pk=parent.pk)
    last = parent.get_last_child()
    position = last._get_lastpos_in_path() if last else 0
    model = type(pages[0])
    content_type = ContentType.objects.get_for_model(model)
    for page in pages:
        position += 1
        page.path = Page._get_path(parent.path, parent.depth + 1, position)
        page.depth = parent.depth + 1
        page.numchild = 0
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.locale_id = parent.locale_id
        page.translation_key = uuid.uuid4()
        page.content_type = content_type
        page.draft_title = page.title
        page.has_unpublished_changes = not page.live
    base_fields = [f for f in Page._meta.concrete_fields if not f.primary_key]
    own_fields = model._meta.local_concrete_fields
    for batch in _chunks(pages):
        bases = Page.objects.bulk_create(
            [Page(**{f.attname: getattr(p, f.attname) for f in base_fields}) for p in batch]
        )
        for page, base in zip(batch, bases, strict=True):
            page.pk = page.id = page.page_ptr_id = base.pk
        # Multi-table inheritance has no bulk_create: insert the child rows
        # the way Model.save does, for a whole batch at once.
        model._base_manager._insert(batch, fields=own_fields, raw=True)
    Page.objects.filter(pk=parent.pk).update(numchild=parent.numchild + len(pages))
