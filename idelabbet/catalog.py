"""Idélabbet's content in the search catalog.

Cases and notes are entries for exactly the users and groups whose django-guardian
rows let them view the object (``case_principals`` / ``note_principals``); the
services queue them whenever those rows are rewritten, in the same transaction.

Published idea pages are public entries, with the theme and the public status
as facets. Nothing from the private submission record (name, email, phone,
attachments) is ever part of an entry: ``page_text`` reads only the page's own
search fields, which hold public fields alone.
"""

import html
from dataclasses import replace

from django.db.models import F
from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from search.pages import PageSource, page_site_id
from search.registry import (
    CatalogEntry,
    CatalogSource,
    group_principal,
    register,
    user_principal,
)

from .models import Case, IdeaIndexPage, IdeaPage, Note
from .selectors.cases import case_principals, cases_principals, note_principals, notes_principals
from .workflow import note_is_authors_alone


class IdeaSource(PageSource):
    facet_names = ("theme", "status")

    def __init__(self):
        super().__init__(IdeaPage, kind="idea", kind_label=_("Idé"))

    def to_entry(self, obj: IdeaPage) -> CatalogEntry | None:
        entry = super().to_entry(obj)
        if entry is None:
            return None
        facets = {
            "theme": _swedish_label(IdeaPage, "theme", obj.theme),
            "status": _swedish_label(IdeaPage, "public_status", obj.public_status),
        }
        return replace(entry, facets=facets)


def _swedish_label(model, field_name: str, value: str) -> str:
    # Facet values are shown to searchers, so they are stored in the site's
    # language. Built once per field: get_FOO_display() hashes every lazy
    # choice label on each call, which a rebuild of 100,000 ideas notices.
    labels = _SWEDISH_LABELS.get((model, field_name))
    if labels is None:
        with translation.override("sv"):
            field = model._meta.get_field(field_name)
            labels = {key: str(label) for key, label in field.flatchoices}
        _SWEDISH_LABELS[(model, field_name)] = labels
    return labels.get(value, value)


_SWEDISH_LABELS: dict[tuple, dict[str, str]] = {}


class CaseSource(CatalogSource):
    """A case: its idea's title and public summary, for those who may see the case.

    Never the citizen's personal data: only the idea page's public fields.
    """

    model = Case
    kind = "case"
    kind_label = _("Ärende")
    facet_names = ("theme", "status")

    def get_queryset(self):
        return self.get_object_queryset().only("state", "opened_at", "index").order_by("pk")

    def get_object_queryset(self):
        # The idea's fields come as plain columns: building the idea and index
        # pages as models (Wagtail pages, through modelcluster) cost a rebuild
        # more than the rest of the entry.
        return Case.objects.annotate(
            catalog_idea_id=F("submission__idea_id"),
            catalog_idea_title=F("submission__idea__title"),
            catalog_idea_theme=F("submission__idea__theme"),
            catalog_idea_summary=F("submission__idea__summary"),
        )

    def prepare(self, objs: list[Case]) -> None:
        sites = _SiteIds({case.index_id for case in objs})
        url = _UrlPattern("idelabbet-arenden:case", 1)
        for case, principals in _each_with(objs, cases_principals(cases=objs)):
            case._catalog_principals = principals
            case._catalog_site_id = sites.of(case.index_id)
            case._catalog_url = url.format(case.pk)

    def to_entry(self, obj: Case) -> CatalogEntry | None:
        principals = getattr(obj, "_catalog_principals", None) or case_principals(case=obj)
        principals = _principal_strings(principals)
        if not principals:
            return None
        has_idea = obj.catalog_idea_id is not None
        facets = {"status": _swedish_label(Case, "state", obj.state)}
        if has_idea:
            facets["theme"] = _swedish_label(IdeaPage, "theme", obj.catalog_idea_theme)
        return CatalogEntry(
            key=self.key_for(obj),
            kind=self.kind,
            site_id=_prepared(obj, "site_id", lambda: _SiteIds({obj.index_id}).of(obj.index_id)),
            url=_prepared(obj, "url", lambda: reverse("idelabbet-arenden:case", args=[obj.pk])),
            title=Case.title_for(obj.pk, obj.catalog_idea_title if has_idea else None),
            body=obj.catalog_idea_summary if has_idea else "",
            principals=principals,
            date=obj.opened_at,
            facets=facets,
        )


class NoteSource(CatalogSource):
    """A case note, for exactly those its visibility and the case's team allow."""

    model = Note
    kind = "note"
    kind_label = _("Anteckning")

    def get_queryset(self):
        return (
            self.get_object_queryset()
            .only("body", "changed_at", "case", "visibility")
            .order_by("pk")
        )

    def get_object_queryset(self):
        # As for cases: the case's index and idea title as plain columns.
        return Note.objects.annotate(
            catalog_index_id=F("case__index_id"),
            catalog_idea_id=F("case__submission__idea_id"),
            catalog_idea_title=F("case__submission__idea__title"),
        )

    def prepare(self, objs: list[Note]) -> None:
        sites = _SiteIds({note.catalog_index_id for note in objs})
        url = _UrlPattern("idelabbet-arenden:note", 2)
        for note, principals in _each_with(objs, notes_principals(notes=objs)):
            note._catalog_principals = principals
            note._catalog_site_id = sites.of(note.catalog_index_id)
            note._catalog_url = url.format(note.case_id, note.pk)

    def to_entry(self, obj: Note) -> CatalogEntry | None:
        principals = getattr(obj, "_catalog_principals", None) or note_principals(note=obj)
        principals = _principal_strings(principals)
        if not principals:
            return None
        idea_title = obj.catalog_idea_title if obj.catalog_idea_id is not None else None
        return CatalogEntry(
            key=self.key_for(obj),
            kind=self.kind,
            site_id=_prepared(
                obj,
                "site_id",
                lambda: _SiteIds({obj.catalog_index_id}).of(obj.catalog_index_id),
            ),
            url=_prepared(
                obj, "url", lambda: reverse("idelabbet-arenden:note", args=[obj.case_id, obj.pk])
            ),
            title=_("Anteckning i %(case)s") % {"case": Case.title_for(obj.case_id, idea_title)},
            body=" ".join(html.unescape(strip_tags(obj.body)).split()),
            principals=principals,
            date=obj.changed_at,
            # Its author's alone: not even a superuser finds it.
            private=note_is_private(obj),
        )


def note_is_private(note: Note) -> bool:
    """A private note (and its files) is its author's alone: not even a superuser finds it."""
    return note_is_authors_alone(note.visibility)


def _prepared(obj, name: str, compute):
    """What ``prepare`` stored on ``obj`` as ``_catalog_<name>``, else computed now."""
    value = getattr(obj, f"_catalog_{name}", _MISSING)
    return compute() if value is _MISSING else value


_MISSING = object()


class _SiteIds:
    """The site of each ideas index of a batch, read in one query (a batch has one or two)."""

    def __init__(self, index_ids: set[int]):
        self._by_index = {
            index.pk: page_site_id(index)
            for index in Page.objects.filter(pk__in=index_ids).only("url_path")
        }

    def of(self, index_id: int) -> int | None:
        return self._by_index.get(index_id)


class _UrlPattern:
    """One ``reverse()`` per batch: entries' URLs differ only in their ids.

    ``reverse`` costs more than the rest of an entry, so it runs once with
    marker ids and each entry's URL is the result with its own ids put in.
    """

    def __init__(self, name: str, arity: int):
        markers = [987_654_321_000 + n for n in range(arity)]
        self._parts = [reverse(name, args=markers)]
        for marker in markers:
            head, _sep, tail = self._parts.pop().partition(str(marker))
            self._parts += [head, tail]

    def format(self, *ids: int) -> str:
        out = [self._parts[0]]
        for value, part in zip(ids, self._parts[1:], strict=True):
            out += [str(value), part]
        return "".join(out)


def _each_with(objs, by_pk: dict):
    return ((obj, by_pk[obj.pk]) for obj in objs if obj is not None)


def _principal_strings(principals) -> frozenset[str]:
    return frozenset(
        [user_principal(pk) for pk in principals.user_ids]
        + [group_principal(pk) for pk in principals.group_ids]
    )


def register_sources() -> None:
    register(IdeaSource())
    register(PageSource(IdeaIndexPage))
    register(CaseSource())
    register(NoteSource())
