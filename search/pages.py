"""A generic catalog source for Wagtail pages, opted into per page model.

``PageSource(MyPage)`` makes live pages entries: public ones for ``anonymous``,
login-restricted ones for ``role:authenticated``, group-restricted ones for
those groups only; drafts, unpublished and password-protected pages get no
entry. Publishing, unpublishing, moving, deleting a page and changing a view
restriction queue an outbox row through Wagtail's own signals, which Wagtail
sends inside the transaction that makes the change.
"""

from __future__ import annotations

import html

from django.conf import settings
from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail.models import BaseViewRestriction, Page, PageViewRestriction, Site
from wagtail.search import index
from wagtail.signals import page_published, page_unpublished, post_page_move

from .registry import (
    ANONYMOUS,
    AUTHENTICATED,
    CatalogEntry,
    CatalogSource,
    default_language,
    group_principal,
    source_for_model,
)


def page_text(page: Page) -> str:
    """The page's searchable text (its search fields except the title) as plain text."""
    parts: list[str] = []
    for search_field in page.get_search_fields():
        if not isinstance(search_field, index.SearchField) or search_field.field_name == "title":
            continue
        value = search_field.get_value(page)
        values = value if isinstance(value, list | tuple) else [value]
        parts.extend(str(v) for v in values if v)
    text = " ".join(html.unescape(strip_tags(part)) for part in parts)
    return " ".join(text.split())


_LOCALE_CODES: dict[int, str] = {}


def page_language(page: Page) -> str:
    """The language of a page's text.

    A ``language`` field of its own (an idea written in Arabic) wins; then the
    page's Wagtail locale when ``WAGTAIL_I18N_ENABLED``; else ``LANGUAGE_CODE``.
    Locale codes are cached per process (a rebuild would query one per page).
    """
    own = getattr(page, "language", None)
    if isinstance(own, str) and own:
        return default_language(own)
    if not getattr(settings, "WAGTAIL_I18N_ENABLED", False) or not page.locale_id:
        return default_language()
    code = _LOCALE_CODES.get(page.locale_id)
    if code is None:
        code = _LOCALE_CODES[page.locale_id] = page.locale.language_code
    return default_language(code)


def page_site_id(page: Page) -> int | None:
    """The id of the site ``page`` belongs to, from Wagtail's cached site root paths.

    ``Page.get_site()`` answers the same with a query per page, which a rebuild
    of many pages feels.
    """
    url_parts = page.get_url_parts()
    return url_parts[0] if url_parts else None


def page_principals(
    page: Page, restrictions: list[PageViewRestriction] | None = None
) -> frozenset[str] | None:
    """Who may see a live page, or None when the catalog must not list it.

    ``restrictions`` are the view restrictions of the page and its ancestors
    when the caller has loaded them already (``PageSource.prepare``).
    """
    if restrictions is None:
        restrictions = list(page.get_view_restrictions())
    return restriction_principals(restrictions)


def restriction_principals(restrictions: list[BaseViewRestriction]) -> frozenset[str] | None:
    """Who passes all of ``restrictions`` (a page's or a collection's and its ancestors').

    None when nobody can be listed (a password restriction: the catalog cannot
    know who has the password).
    """
    if not restrictions:
        return frozenset({ANONYMOUS})
    groups: set[str] | None = None
    for restriction in restrictions:
        if restriction.restriction_type == BaseViewRestriction.PASSWORD:
            return None
        if restriction.restriction_type == BaseViewRestriction.GROUPS:
            ids = {group_principal(g.pk) for g in restriction.groups.all()}
            # Nested restrictions must all pass: keep only groups allowed by each.
            groups = ids if groups is None else groups & ids
    if groups is None:
        return frozenset({AUTHENTICATED})
    return frozenset(groups) or None


class PageSource(CatalogSource):
    """Catalog source for one Wagtail page model (and its subclasses' own sources)."""

    kind = "page"
    site_path_lookup = "path"
    kind_label = _("Sida")

    def __init__(self, model: type[Page], *, kind: str = "page", kind_label=None):
        self.model = model
        self.kind = kind
        if kind_label is not None:
            self.kind_label = kind_label

    def get_queryset(self):
        return self.model.objects.live().select_related("locale").order_by("pk")

    def get_object_queryset(self):
        return self.model.objects.select_related("locale")

    def prepare(self, objs: list[Page]) -> None:
        """Load the view restrictions of a batch of pages and their ancestors at once.

        The same rule as ``Page.get_view_restrictions()`` (the page's and its
        ancestors' restrictions, an alias answering with its source page's), in
        two queries per batch instead of two per page.
        """
        pages = [p for p in objs if p is not None]
        if not pages:
            return
        # Every page asks for its site (get_url_parts): read the sites' root
        # paths once per batch, not from the cache once per page (a list as
        # long as the number of sites, unpickled each time).
        roots = Site.get_site_root_paths()
        for page in pages:
            page._wagtail_cached_site_root_paths = roots
        step = Page.steplen
        paths = {p.path[:end] for p in pages for end in range(step, len(p.path) + 1, step)}
        checked_id = {
            path: alias_of_id or pk
            for pk, path, alias_of_id in Page.objects.filter(path__in=paths).values_list(
                "pk", "path", "alias_of_id"
            )
        }
        by_page: dict[int, list[PageViewRestriction]] = {}
        for restriction in PageViewRestriction.objects.filter(
            page_id__in=set(checked_id.values())
        ).prefetch_related("groups"):
            by_page.setdefault(restriction.page_id, []).append(restriction)
        for page in pages:
            ids = {
                checked_id[page.path[:end]]
                for end in range(step, len(page.path) + 1, step)
                if page.path[:end] in checked_id
            }
            page._catalog_restrictions = [r for pk in ids for r in by_page.get(pk, [])]
        sources = {p.alias_of_id for p in pages if p.alias_of_id}
        locales = dict(
            Page.objects.filter(pk__in=sources).values_list("pk", "locale_id") if sources else ()
        )
        for page in pages:
            page._catalog_untranslated = bool(page.alias_of_id) and (
                locales.get(page.alias_of_id) != page.locale_id
            )

    @staticmethod
    def _untranslated(page: Page) -> bool:
        # An alias in another language is a not-yet-translated copy of its
        # source (Wagtail i18n keeps the trees in sync this way): the source's
        # own entry stands for it, so the same text is not found twice.
        found = getattr(page, "_catalog_untranslated", None)
        if found is None:
            found = (
                bool(page.alias_of_id)
                and not Page.objects.filter(pk=page.alias_of_id, locale_id=page.locale_id).exists()
            )
        return found

    def to_entry(self, obj: Page) -> CatalogEntry | None:
        if not obj.live or self._untranslated(obj):
            return None
        principals = page_principals(obj, getattr(obj, "_catalog_restrictions", None))
        if principals is None:
            return None
        url_parts = obj.get_url_parts()
        return CatalogEntry(
            key=self.key_for(obj),
            kind=self.kind,
            site_id=url_parts[0] if url_parts else None,
            # Relative to its site: the search page adds the site's root when needed.
            url=url_parts[2] if url_parts else "",
            title=obj.seo_title or obj.title,
            summary=" ".join((obj.search_description or "").split()),
            body=page_text(obj),
            principals=principals,
            language=page_language(obj),
            date=obj.last_published_at or obj.first_published_at,
        )

    def connect(self) -> None:
        uid = f"search-page-{self.label}"
        page_published.connect(_queue_page, sender=self.model, dispatch_uid=uid + "-pub")
        page_unpublished.connect(_queue_page, sender=self.model, dispatch_uid=uid + "-unpub")
        post_delete.connect(_queue_page, sender=self.model, dispatch_uid=uid + "-del")
        _connect_tree_signals()


def _queue_page(sender, instance, **kwargs) -> None:
    from .services import catalog_queue

    catalog_queue(instances=[instance])


def _queue_subtree(page: Page) -> None:
    from .services import catalog_queue

    catalog_queue(
        instances=[
            p
            for p in Page.objects.descendant_of(page, inclusive=True).specific(defer=True)
            if source_for_model(type(p)) is not None
        ]
    )


def _on_restriction_change(sender, instance: PageViewRestriction, **kwargs) -> None:
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        _queue_subtree(page)


def _on_restriction_groups_change(sender, instance, action: str, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear") and isinstance(
        instance, PageViewRestriction
    ):
        _on_restriction_change(sender, instance)


def _on_group_delete(sender, instance, **kwargs) -> None:
    # The restriction's group rows go with the group without an m2m signal:
    # queue the pages it opened now, inside the deleting transaction.
    for restriction in PageViewRestriction.objects.filter(groups=instance):
        _on_restriction_change(sender, restriction)


def _on_move(sender, instance: Page, **kwargs) -> None:
    # A move changes URLs and inherited view restrictions of the whole subtree.
    _queue_subtree(instance)


_tree_signals_connected = False


def _connect_tree_signals() -> None:
    global _tree_signals_connected
    if _tree_signals_connected:
        return
    _tree_signals_connected = True
    post_save.connect(
        _on_restriction_change, sender=PageViewRestriction, dispatch_uid="search-pvr-save"
    )
    post_delete.connect(
        _on_restriction_change, sender=PageViewRestriction, dispatch_uid="search-pvr-del"
    )
    m2m_changed.connect(
        _on_restriction_groups_change,
        sender=PageViewRestriction.groups.through,
        dispatch_uid="search-pvr-groups",
    )
    post_page_move.connect(_on_move, dispatch_uid="search-page-move")
    pre_delete.connect(_on_group_delete, sender=Group, dispatch_uid="search-group-delete")
