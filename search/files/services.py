"""Writes of file texts: asking the worker to read a file, reading it, forgetting it.

``file_text_request`` is called while an entry is built (in the outbox's drain
or a rebuild) and only marks the row and enqueues ``file_text_extract_task``
after commit. ``file_text_extract`` runs in the worker: it reads the file
outside any transaction (the child process may take up to the time limit),
then stores the outcome and queues the file's entry again, unless the file
was replaced or deleted meanwhile. A file that fails is recorded with its
reason and is not tried again until it changes.
"""

from __future__ import annotations

import logging
import time
from datetime import timedelta
from functools import partial

from django.db import transaction
from django.db.models import Model
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from ..models import FileText
from ..registry import get_source
from ..services import catalog_queue
from .extract import Extraction, extract_text, max_bytes

logger = logging.getLogger(__name__)

# A request whose task never ran (a lost worker) is made again after this.
PENDING_RETRY = timedelta(hours=1)


def file_fingerprint(file: FieldFile, size: int) -> str:
    """What identifies the stored file: a replaced file gets another storage name or size."""
    return f"{file.name}:{size}"[:300]


def file_text_is_stale(row: FileText | None, fingerprint: str) -> bool:
    """Whether the file must be read (again): never read, replaced, or a lost request."""
    if row is None or row.fingerprint != fingerprint:
        return True
    return (
        row.status == FileText.Status.PENDING and row.requested_at < timezone.now() - PENDING_RETRY
    )


def file_text_request(*, source: str, obj: Model, key: str, name: str, fingerprint: str) -> None:
    """Mark the file's text as wanted and have the worker read it after commit."""
    FileText.objects.update_or_create(
        key=key,
        defaults={
            "source": source,
            "object_pk": str(obj.pk),
            "name": name[:255],
            "fingerprint": fingerprint,
            "status": FileText.Status.PENDING,
            "reason": "",
            "detail": "",
            "text": "",
            "pages": 0,
            "requested_at": timezone.now(),
            "extracted_at": None,
        },
    )
    # robust: a failing queue leaves the row pending (`search_files --read` or a rebuild reads it).
    transaction.on_commit(partial(_enqueue_extract, key), robust=True)


def _enqueue_extract(key: str) -> None:
    from ..tasks import file_text_extract_task

    file_text_extract_task.enqueue(key)


def file_text_forget(*, key: str) -> None:
    """Delete a file's extracted text (the file is deleted or its owner's data erased)."""
    FileText.objects.filter(key=key).delete()


def _read(file: FieldFile) -> bytes | None:
    try:
        with file.open("rb") as handle:
            return handle.read(max_bytes() + 1)
    except (FileNotFoundError, OSError):
        return None


def file_text_extract(*, key: str) -> FileText | None:
    """Read one requested file's text in a limited child process and store the outcome.

    Runs in the worker. Returns the stored row, or None when the file is gone
    or was replaced meanwhile (its new request does the work).
    """
    row = FileText.objects.filter(key=key).first()
    if row is None or row.status != FileText.Status.PENDING:
        return row  # gone, or read already (a task enqueued twice)
    source = get_source(row.source)
    obj = source.get_object_queryset().filter(pk=row.object_pk).first() if source else None
    description = source.describe(obj) if obj is not None else None
    if description is None or not description.file:
        file_text_forget(key=key)
        return None
    fingerprint = row.fingerprint
    started = time.monotonic()
    data = _read(description.file)
    if data is None:
        result = Extraction("failed", reason="missing")
    else:
        result = extract_text(data, name=description.name, content_type=description.content_type)
    elapsed = int((time.monotonic() - started) * 1000)
    if result.outcome == "failed":
        logger.warning("File %s could not be read: %s %s", key, result.reason, result.detail)
    with transaction.atomic():
        row = FileText.objects.select_for_update().filter(key=key).first()
        if row is None or row.fingerprint != fingerprint:
            return None
        row.status = result.outcome
        row.reason = result.reason
        row.detail = result.detail[:2000]
        row.text = result.text
        row.pages = result.pages
        row.extracted_at = timezone.now()
        row.duration_ms = elapsed
        row.save()
        catalog_queue(instances=[obj])
    return row


def file_texts_extract_pending(*, limit: int | None = None) -> int:
    """Read every file still waiting for its text, here and now (a command, not a request).

    For ``manage.py search_files`` and the demo loader; the worker does the
    same file by file through ``file_text_extract_task``. Returns how many
    files were read.
    """
    keys = FileText.objects.filter(status=FileText.Status.PENDING).order_by("pk")
    keys = list(
        keys.values_list("key", flat=True)[:limit] if limit else keys.values_list("key", flat=True)
    )
    return sum(file_text_extract(key=key) is not None for key in keys)
