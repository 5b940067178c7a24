"""Wagtail documents in the catalog, with their text, seen by whom their collection and pages allow.

Who may find a document (one place for the rule, ``document_principals``):

- in a restricted collection (a view restriction on it or an ancestor): that
  restriction's viewers — its groups, or every logged-in user — whatever links
  to it; a password restriction keeps it out of the catalog;
- in an open collection: the visitors of the live pages linking to it (an
  open page: everybody; a restricted page: that page's viewers), found through
  Wagtail's reference index;
- in an open collection and linked from no live page: only the groups that
  may manage documents in its collection (an upload not yet published).

A hit names the page that links to it and carries that page's date (a
meeting's day). Publishing, unpublishing, restricting, moving or deleting a
linking page re-queues the documents it links (before and after the change)
through the outbox; a document saved, replaced, moved to
another collection or deleted queues itself, and a collection's view
restriction queues its documents.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.utils.translation import gettext_lazy as _
from wagtail.documents import get_document_model
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    GroupCollectionPermission,
    Page,
    ReferenceIndex,
)

from .files.sources import FileDescription, FileSource
from .pages import page_principals, page_site_id, restriction_principals
from .registry import ANONYMOUS, group_principal, source_for_model
from .services import catalog_queue


def _page_content_type_id() -> int:
    return ContentType.objects.get_for_model(Page).pk


def _linking_pages(documents: list) -> dict[int, list[Page]]:
    """The live pages linking to each document, by document pk (reference index)."""
    refs = ReferenceIndex.get_references_to_in_bulk(documents).filter(
        base_content_type_id=_page_content_type_id()
    )
    page_ids: dict[int, set[int]] = {}
    for to_id, object_id in refs.values_list("to_object_id", "object_id"):
        page_ids.setdefault(int(to_id), set()).add(int(object_id))
    pages = Page.objects.live().in_bulk({pk for ids in page_ids.values() for pk in ids})
    return {
        doc_pk: sorted((pages[pk] for pk in ids if pk in pages), key=lambda p: p.pk)
        for doc_pk, ids in page_ids.items()
    }


def _collection_managers(collection: Collection) -> frozenset[str]:
    group_ids = GroupCollectionPermission.objects.filter(
        collection__in=collection.get_ancestors(inclusive=True),
        permission__content_type__app_label="wagtaildocs",
    ).values_list("group_id", flat=True)
    return frozenset(group_principal(pk) for pk in group_ids)


def document_principals(document, pages: list[Page]) -> tuple[frozenset[str], Page | None]:
    """Who may find ``document`` and the page a hit names (see the module docstring)."""
    restricted = restriction_principals(list(document.collection.get_view_restrictions()))
    by_page = [(page, page_principals(page)) for page in pages]
    by_page = [(page, principals) for page, principals in by_page if principals]
    public = next((page for page, principals in by_page if ANONYMOUS in principals), None)
    owner = public or (by_page[0][0] if by_page else None)
    if restricted is None:
        return frozenset(), owner
    if restricted != frozenset({ANONYMOUS}):
        return restricted, owner
    if by_page:
        return frozenset().union(*(principals for _page, principals in by_page)), owner
    return _collection_managers(document.collection), None


def _owner_date(page: Page | None):
    """The date the linking page's own entry carries (a meeting's day, not its upload's)."""
    if page is None:
        return None
    specific = page.specific
    source = source_for_model(type(specific))
    entry = source.to_entry(specific) if source is not None else None
    return entry.date if entry is not None else None


class DocumentSource(FileSource):
    kind = "document"
    kind_label = _("Dokument")
    follows = (Page,)

    def __init__(self):
        self.model = get_document_model()

    def get_queryset(self):
        return self.model.objects.select_related("collection").order_by("pk")

    def get_object_queryset(self):
        return self.model.objects.select_related("collection")

    def prepare(self, objs: list) -> None:
        super().prepare(objs)
        docs = [doc for doc in objs if doc is not None]
        linking = _linking_pages(docs) if docs else {}
        for doc in docs:
            doc._catalog_pages = linking.get(doc.pk, [])

    def describe(self, obj) -> FileDescription | None:
        pages = getattr(obj, "_catalog_pages", None)
        if pages is None:
            pages = _linking_pages([obj]).get(obj.pk, [])
        principals, owner = document_principals(obj, pages)
        owner_url = ""
        if owner is not None:
            parts = owner.get_url_parts()
            owner_url = parts[2] if parts else ""
        return FileDescription(
            file=obj.file,
            name=obj.filename,
            title=obj.title,
            principals=principals,
            # Wagtail's serve view checks the collection's restriction itself.
            url=obj.url,
            site_id=page_site_id(owner) if owner is not None else None,
            content_type=obj.content_type,
            size=obj.get_file_size() or 0,
            description=" ".join(tag.name for tag in obj.tags.all()),
            date=_owner_date(owner) or obj.created_at,
            owner_title=owner.title if owner is not None else "",
            owner_url=owner_url,
        )

    def followers(self, owners: list) -> list:
        """The documents ``owners`` (pages) link to now and linked to before.

        The reference index is brought up to date for each page first (Wagtail
        updates it in a task of its own, which may not have run yet).
        """
        page_ct = _page_content_type_id()
        doc_ct = ContentType.objects.get_for_model(self.model).pk
        pages = [page for page in owners if isinstance(page, Page)]

        def linked() -> set[str]:
            return set(
                ReferenceIndex.objects.filter(
                    base_content_type_id=page_ct,
                    object_id__in=[str(p.pk) for p in pages],
                    to_content_type_id=doc_ct,
                ).values_list("to_object_id", flat=True)
            )

        before = linked()
        for page in pages:
            if ReferenceIndex.is_indexed(type(page)):
                ReferenceIndex.create_or_update_for_object(page)
        return list(self.model.objects.filter(pk__in=before | linked()))

    def connect(self) -> None:
        super().connect()
        uid = "search-documents"
        post_save.connect(_queue_collection, sender=CollectionViewRestriction, dispatch_uid=uid)
        post_delete.connect(
            _queue_collection, sender=CollectionViewRestriction, dispatch_uid=uid + "-del"
        )
        m2m_changed.connect(
            _queue_collection_groups,
            sender=CollectionViewRestriction.groups.through,
            dispatch_uid=uid + "-groups",
        )
        # sender=Page: a receiver for every model would turn every bulk delete
        # in the project into a row-by-row one (Django's fast delete needs none).
        pre_delete.connect(_queue_linked_documents, sender=Page, dispatch_uid=uid + "-page-del")


def _queue_collection(sender, instance: CollectionViewRestriction, **kwargs) -> None:
    collection = Collection.objects.filter(pk=instance.collection_id).first()
    if collection is not None:
        catalog_queue(
            instances=get_document_model().objects.filter(
                collection__in=collection.get_descendants(inclusive=True)
            )
        )


def _queue_collection_groups(sender, instance, action: str, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear") and isinstance(
        instance, CollectionViewRestriction
    ):
        _queue_collection(sender, instance)


def _queue_linked_documents(sender, instance, **kwargs) -> None:
    # Before the page and its reference index rows go: the documents it links
    # lose a linking page, which may have been what made them public.
    if not isinstance(instance, Page):
        return
    doc_ct = ContentType.objects.get_for_model(get_document_model()).pk
    ids = ReferenceIndex.objects.filter(
        base_content_type_id=_page_content_type_id(),
        object_id=str(instance.pk),
        to_content_type_id=doc_ct,
    ).values_list("to_object_id", flat=True)
    if ids:
        catalog_queue(instances=get_document_model().objects.filter(pk__in=list(ids)))
