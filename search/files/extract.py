"""Running the extraction of one file in a child process under limits.

``extract_text(data, name=…, content_type=…)`` never raises for a bad file:
a child that exceeds its memory (``RLIMIT_AS``) or CPU time (``RLIMIT_CPU``),
runs past the wall-clock timeout, dies, or prints nonsense gives an
``Extraction`` with outcome ``failed`` and the reason, so the worker records it
and goes on with the next file. The limits are settings:

- ``SEARCH_FILE_MAX_BYTES`` (20 MB): bigger files are not opened at all;
- ``SEARCH_FILE_MAX_PAGES`` (500): a PDF's text is read from its first pages only;
- ``SEARCH_FILE_TIMEOUT`` (30 s): wall-clock time, and CPU time, per file;
- ``SEARCH_FILE_MEMORY_MB`` (512): address space of the child;
- ``SEARCH_FILE_MAX_CHARS`` (100,000): text kept per file (a PostgreSQL
  tsvector holds at most 1 MB, and a snippet needs only the first matches).
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

CHILD = Path(__file__).with_name("child.py")

FORMATS_BY_SUFFIX = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".odt": "odt",
    ".rtf": "rtf",
    ".txt": "txt",
    ".csv": "txt",
    ".md": "txt",
    ".jpg": "image",
    ".jpeg": "image",
    ".png": "image",
    ".gif": "image",
    ".webp": "image",
    ".heic": "image",
    ".tif": "image",
    ".tiff": "image",
}
FORMATS_BY_TYPE = {
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.oasis.opendocument.text": "odt",
    "application/rtf": "rtf",
    "text/rtf": "rtf",
    "text/plain": "txt",
    "text/csv": "txt",
}


def file_format(name: str, content_type: str = "") -> str:
    """The extractor for a file: ``pdf``, ``docx``, ``odt``, ``rtf``, ``txt``, ``image`` or ""."""
    fmt = FORMATS_BY_SUFFIX.get(Path(name or "").suffix.lower(), "")
    if not fmt:
        content_type = (content_type or "").split(";")[0].strip().lower()
        fmt = FORMATS_BY_TYPE.get(content_type, "")
        if not fmt and content_type.startswith("image/"):
            fmt = "image"
    return fmt


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def max_bytes() -> int:
    return _setting("SEARCH_FILE_MAX_BYTES", 20 * 1024 * 1024)


@dataclass(frozen=True)
class Extraction:
    outcome: str  # "text", "empty", "failed", "unsupported"
    text: str = ""
    pages: int = 0
    reason: str = ""  # a code: see search.models.FileText.REASONS
    detail: str = ""


def _limits(memory: int, cpu_seconds: int):
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
        # The child reads stdin and writes stdout; it never needs to write a file.
        resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

    return apply


def extract_text(data: bytes, *, name: str, content_type: str = "") -> Extraction:
    """The text of one file, extracted by a child process under the configured limits."""
    fmt = file_format(name, content_type)
    if not fmt:
        return Extraction("unsupported", reason="unsupported", detail=Path(name).suffix)
    if fmt == "image":
        return Extraction("empty", reason="image")
    if len(data) > max_bytes():
        return Extraction("failed", reason="too_large", detail=f"{len(data)} byte")
    timeout = _setting("SEARCH_FILE_TIMEOUT", 30)
    memory = _setting("SEARCH_FILE_MEMORY_MB", 512) * 1024 * 1024
    args = [
        sys.executable,
        "-I",  # isolated: no user site, no PYTHON* variables, not the cwd on the path
        str(CHILD),
        fmt,
        str(_setting("SEARCH_FILE_MAX_PAGES", 500)),
        str(memory // 2),
    ]
    try:
        completed = subprocess.run(  # noqa: S603 - our own script, fixed arguments
            args,
            input=data,
            capture_output=True,
            timeout=timeout,
            preexec_fn=_limits(memory, timeout),  # noqa: PLW1509 - the worker is one thread here
            check=False,
        )
    except subprocess.TimeoutExpired:
        return Extraction("failed", reason="timeout", detail=f"{timeout} s")
    if completed.returncode != 0:
        stderr = completed.stderr.decode("utf-8", "replace")
        reason = "memory" if "MemoryError" in stderr else "crashed"
        if completed.returncode in (-9, -24):  # SIGKILL, SIGXCPU: the CPU time limit
            reason = "timeout"
        return Extraction("failed", reason=reason, detail=f"exit {completed.returncode}")
    try:
        result = json.loads(completed.stdout)
    except ValueError:
        return Extraction("failed", reason="crashed", detail="no result")
    text = result.get("text", "")
    max_chars = _setting("SEARCH_FILE_MAX_CHARS", 100_000)
    if len(text) > max_chars:
        text = text[:max_chars].rsplit(" ", 1)[0]
    return Extraction(
        outcome=result.get("outcome", "failed"),
        text=text,
        pages=int(result.get("pages") or 0),
        reason=result.get("reason", ""),
        detail=result.get("detail", ""),
    )
