"""Text extraction of one file, run as its own process by ``search.files.extract``.

Deliberately imports neither Django nor the project: it is started with
``python child.py`` under resource limits (memory, CPU time, no files
written), reads the file's bytes from stdin and the limits from its
arguments, and writes one JSON object to stdout:
``{"outcome": …, "reason": …, "detail": …, "text": …, "pages": …}``.
Whatever a hostile file does to a parser here (a zip bomb, a reference loop,
an endless page tree) ends this process alone.
"""

from __future__ import annotations

import io
import json
import sys
import zipfile

# outcome: "text" (text found), "empty" (nothing readable: a scan, an image),
# "failed" (reason says why), "unsupported" (no extractor for the format).


class Refused(Exception):
    def __init__(self, reason: str, detail: str = ""):
        super().__init__(detail or reason)
        self.reason = reason
        self.detail = detail


def _check_zip(data: bytes, max_unpacked: int) -> zipfile.ZipFile:
    """Open a zip container, refusing one that unpacks to more than ``max_unpacked`` bytes."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise Refused("broken", str(exc)) from exc
    total = sum(info.file_size for info in archive.infolist())
    if total > max_unpacked or len(archive.infolist()) > 10_000:
        raise Refused("zip_bomb", f"{total} byte uppackat")
    return archive


def pdf_text(data: bytes, *, max_pages: int) -> tuple[list[str], int, bool]:
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError, PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            # Many PDFs are "encrypted" with an empty password only to stop editing.
            try:
                if not reader.decrypt(""):
                    raise Refused("encrypted")
            except (NotImplementedError, FileNotDecryptedError) as exc:
                raise Refused("encrypted", str(exc)) from exc
        total = len(reader.pages)
        parts = [reader.pages[n].extract_text() or "" for n in range(min(total, max_pages))]
    except Refused:
        raise
    except FileNotDecryptedError as exc:
        raise Refused("encrypted", str(exc)) from exc
    except PdfReadError as exc:
        raise Refused("broken", str(exc)) from exc
    except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds on malformed input
        if "crypt" in type(exc).__name__.lower() or "AES" in str(exc):
            raise Refused("encrypted", str(exc)) from exc
        raise
    return parts, total, total > max_pages


def docx_text(data: bytes, *, max_unpacked: int) -> list[str]:
    import docx

    _check_zip(data, max_unpacked)
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    for section in document.sections:
        parts.extend(p.text for p in section.header.paragraphs)
        parts.extend(p.text for p in section.footer.paragraphs)
    return parts


def odt_text(data: bytes, *, max_unpacked: int) -> list[str]:
    from odf import teletype, text
    from odf.opendocument import load

    _check_zip(data, max_unpacked)
    document = load(io.BytesIO(data))
    return [
        teletype.extractText(element)
        for kind in (text.H, text.P)
        for element in document.getElementsByType(kind)
    ]


def rtf_text(data: bytes) -> list[str]:
    from striprtf.striprtf import rtf_to_text

    return [rtf_to_text(data.decode("latin-1"), errors="ignore")]


def plain_text(data: bytes) -> list[str]:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return [data.decode(encoding)]
        except UnicodeDecodeError:
            continue
    return [data.decode("latin-1")]


def extract(data: bytes, fmt: str, *, max_pages: int, max_unpacked: int) -> dict:
    pages = 0
    truncated = False
    if fmt == "pdf":
        parts, pages, truncated = pdf_text(data, max_pages=max_pages)
    elif fmt == "docx":
        parts = docx_text(data, max_unpacked=max_unpacked)
    elif fmt == "odt":
        parts = odt_text(data, max_unpacked=max_unpacked)
    elif fmt == "rtf":
        parts = rtf_text(data)
    elif fmt == "txt":
        parts = plain_text(data)
    elif fmt == "image":
        return {"outcome": "empty", "reason": "image"}
    else:
        return {"outcome": "unsupported", "reason": "unsupported", "detail": fmt}
    text = " ".join(" ".join(parts).split())
    if not text:
        return {"outcome": "empty", "reason": "no_text", "pages": pages}
    result = {"outcome": "text", "text": text, "pages": pages}
    if truncated:
        result.update(reason="too_many_pages", detail=f"{max_pages}/{pages}")
    return result


def main(argv: list[str]) -> int:
    fmt, max_pages, max_unpacked = argv[0], int(argv[1]), int(argv[2])
    data = sys.stdin.buffer.read()
    try:
        result = extract(data, fmt, max_pages=max_pages, max_unpacked=max_unpacked)
    except Refused as exc:
        result = {"outcome": "failed", "reason": exc.reason, "detail": exc.detail[:500]}
    except RecursionError as exc:
        result = {"outcome": "failed", "reason": "broken", "detail": f"RecursionError: {exc}"}
    except MemoryError:
        result = {"outcome": "failed", "reason": "memory"}
    except Exception as exc:  # noqa: BLE001 - any parser error: the file is broken, say so
        detail = f"{type(exc).__name__}: {exc}"[:500]
        result = {"outcome": "failed", "reason": "broken", "detail": detail}
    sys.stdout.write(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.setrecursionlimit(2000)
    sys.exit(main(sys.argv[1:]))
