"""A catalog source for files: their text, found as any page's text, trimmed like their owner.

A ``FileSource`` subclass says, per object, which file it is, what to call it,
who may see it and what it belongs to (``describe``); this class adds the
file's extracted text and the hit's file details. Text is never read in the
request nor in the outbox's drain: ``prepare`` notices a file whose text is
missing or stale (replaced) and asks the worker to read it
(``file_text_request``); the entry meanwhile has the file's name and
description only, and the worker queues it again when the text is in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from django.db.models import Model
from django.db.models.fields.files import FieldFile
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _

from ..models import FileText
from ..registry import CatalogEntry, CatalogSource, source_for_model
from ..services import catalog_queue
from .extract import file_format
from .services import file_fingerprint, file_text_forget, file_text_is_stale, file_text_request

FORMAT_LABELS = {
    "pdf": "PDF",
    "docx": "Word",
    "odt": "OpenDocument",
    "rtf": "RTF",
    "txt": _("Text"),
    "image": _("Bild"),
}


@dataclass(frozen=True)
class FileDescription:
    """What a source knows of one file besides its text."""

    file: FieldFile
    name: str  # the file name shown (never the storage name)
    title: str
    principals: frozenset[str]
    url: str
    site_id: int | None = None
    content_type: str = ""
    size: int = 0
    description: str = ""
    date: datetime | None = None
    owner_title: str = ""
    owner_url: str = ""
    facets: dict = field(default_factory=dict)
    # Seen by exactly ``principals``, superusers not included (a private note's file).
    private: bool = False


def file_type_label(name: str, content_type: str = "") -> str:
    """ "PDF", "Word", … or the file's suffix in capitals."""
    fmt = file_format(name, content_type)
    return str(FORMAT_LABELS.get(fmt) or Path(name).suffix.lstrip(".").upper() or _("Fil"))


def name_words(name: str) -> str:
    """A file name's words: "projektplan-syatelje_v2.docx" → "projektplan syatelje v2".

    A full-text parser may read a whole file name as one token (PostgreSQL's
    reads "bomb.docx" as a file path), so the words go into the body as well.
    """
    return " ".join(re.split(r"[\W_]+", Path(name).stem)).strip()


class FileSource(CatalogSource):
    """Base for sources whose objects are files; subclasses implement ``describe``."""

    facet_names = ("filetype",)
    facet_titles = {"filetype": _("Filtyp")}

    def describe(self, obj) -> FileDescription | None:
        """The file of ``obj`` and who may see it, or None when it must have no entry."""
        raise NotImplementedError

    def prepare(self, objs: list) -> None:
        objs = [obj for obj in objs if obj is not None]
        keys = {self.key_for(obj): obj for obj in objs}
        texts = {t.key: t for t in FileText.objects.filter(key__in=keys).defer("detail")}
        for key, obj in keys.items():
            obj._catalog_file_text = texts.get(key)

    def _text_for(self, obj, description: FileDescription) -> str:
        if not hasattr(obj, "_catalog_file_text"):
            obj._catalog_file_text = FileText.objects.filter(key=self.key_for(obj)).first()
        row = obj._catalog_file_text
        fingerprint = file_fingerprint(description.file, description.size)
        if file_text_is_stale(row, fingerprint):
            file_text_request(
                source=self.label,
                obj=obj,
                key=self.key_for(obj),
                name=description.name,
                fingerprint=fingerprint,
            )
            return ""
        return row.text if row.status == FileText.Status.TEXT else ""

    def to_entry(self, obj) -> CatalogEntry | None:
        description = self.describe(obj)
        if description is None or not description.principals or not description.file:
            return None
        text = self._text_for(obj, description)
        type_label = file_type_label(description.name, description.content_type)
        body = " ".join(
            part for part in (name_words(description.name), description.description, text) if part
        )
        return CatalogEntry(
            key=self.key_for(obj),
            kind=self.kind,
            site_id=description.site_id,
            url=description.url,
            title=description.title,
            body=body,
            principals=description.principals,
            private=description.private,
            date=description.date,
            facets={**description.facets, "filetype": type_label},
            meta={
                "file_name": description.name,
                "file_type": type_label,
                "file_size": int(description.size or 0),
                "owner_title": str(description.owner_title),
                "owner_url": description.owner_url,
            },
        )

    def connect(self) -> None:
        """Queue the file's entry when it is saved; forget its text when it is deleted."""
        uid = f"search-file-{self.label}"
        post_save.connect(_queue_file, sender=self.model, dispatch_uid=uid + "-save")
        post_delete.connect(_forget_file, sender=self.model, dispatch_uid=uid + "-del")


def _queue_file(sender, instance: Model, **kwargs) -> None:
    if not kwargs.get("raw"):
        catalog_queue(instances=[instance])


def _forget_file(sender, instance: Model, **kwargs) -> None:
    source = source_for_model(type(instance))
    if source is not None:
        file_text_forget(key=source.key_for(instance))
    catalog_queue(instances=[instance])
