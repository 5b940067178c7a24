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

from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from search.pages import PageSource, page_site_id
from search.registry import CatalogEntry, CatalogSource, register

from .models import Case, IdeaIndexPage, IdeaPage, Note
from .selectors.cases import case_principals, cases_principals, note_principals, notes_principals


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
        # A rebuild loads every case: only the columns an entry reads, not three
        # whole page rows each.
        return (
            self.get_object_queryset()
            .only(
                "state",
                "opened_at",
                "index__url_path",
                "submission__idea__title",
                "submission__idea__theme",
                "submission__idea__summary",
            )
            .order_by("pk")
        )

    def get_object_queryset(self):
        return Case.objects.select_related("index", "submission__idea")

    def prepare(self, objs: list[Case]) -> None:
        sites, url = _SiteIds(), _UrlPattern("idelabbet-arenden:case", 1)
        for case, principals in _each_with(objs, cases_principals(cases=objs)):
            case._catalog_principals = principals
            case._catalog_site_id = sites.of(case.index)
            case._catalog_url = url.format(case.pk)

    def to_entry(self, obj: Case) -> CatalogEntry | None:
        principals = getattr(obj, "_catalog_principals", None) or case_principals(case=obj)
        principals = _principal_strings(principals)
        if not principals:
            return None
        idea = obj.submission.idea if obj.submission.idea_id else None
        facets = {"status": _swedish_label(Case, "state", obj.state)}
        if idea is not None:
            facets["theme"] = _swedish_label(IdeaPage, "theme", idea.theme)
        return CatalogEntry(
            key=self.key_for(obj),
            kind=self.kind,
            site_id=_prepared(obj, "site_id", lambda: page_site_id(obj.index)),
            url=_prepared(obj, "url", lambda: reverse("idelabbet-arenden:case", args=[obj.pk])),
            title=str(obj),
            body=idea.summary if idea is not None else "",
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
        # As for cases: a rebuild reads only what an entry needs.
        return (
            self.get_object_queryset()
            .only(
                "body",
                "changed_at",
                "case__index__url_path",
                "case__submission__idea__title",
            )
            .order_by("pk")
        )

    def get_object_queryset(self):
        return Note.objects.select_related("case__index", "case__submission__idea")

    def prepare(self, objs: list[Note]) -> None:
        sites, url = _SiteIds(), _UrlPattern("idelabbet-arenden:note", 2)
        for note, principals in _each_with(objs, notes_principals(notes=objs)):
            note._catalog_principals = principals
            note._catalog_site_id = sites.of(note.case.index)
            note._catalog_url = url.format(note.case_id, note.pk)

    def to_entry(self, obj: Note) -> CatalogEntry | None:
        principals = getattr(obj, "_catalog_principals", None) or note_principals(note=obj)
        principals = _principal_strings(principals)
        if not principals:
            return None
        return CatalogEntry(
            key=self.key_for(obj),
            kind=self.kind,
            site_id=_prepared(obj, "site_id", lambda: page_site_id(obj.case.index)),
            url=_prepared(
                obj, "url", lambda: reverse("idelabbet-arenden:note", args=[obj.case_id, obj.pk])
            ),
            title=_("Anteckning i %(case)s") % {"case": obj.case},
            body=" ".join(html.unescape(strip_tags(obj.body)).split()),
            principals=principals,
            date=obj.changed_at,
        )


def _prepared(obj, name: str, compute):
    """What ``prepare`` stored on ``obj`` as ``_catalog_<name>``, else computed now."""
    value = getattr(obj, f"_catalog_{name}", _MISSING)
    return compute() if value is _MISSING else value


_MISSING = object()


class _SiteIds:
    """The site of each ideas index of a batch, looked up once (a batch has one or two)."""

    def __init__(self):
        self._by_index: dict[int, int | None] = {}

    def of(self, index) -> int | None:
        if index.pk not in self._by_index:
            self._by_index[index.pk] = page_site_id(index)
        return self._by_index[index.pk]


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
        [f"user:{pk}" for pk in principals.user_ids]
        + [f"group:{name}" for name in principals.group_names]
    )


def register_sources() -> None:
    register(IdeaSource())
    register(PageSource(IdeaIndexPage))
    register(CaseSource())
    register(NoteSource())
