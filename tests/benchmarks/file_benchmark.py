"""Files in the catalog: extraction throughput; rebuild with files beside without (not a test).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h18 \\
        .venv/bin/python tests/benchmarks/file_benchmark.py --files 20 --pages 10 \\
        --documents 1000 --ideas 2000 --repeat 5

Part 1, extraction: generates ``--files`` PDFs of ``--pages`` pages each
(fpdf2, Swedish text from the seed reports) and as many DOCX files of the
same text (python-docx; a DOCX has no pages, so its "pages" are the PDF's
page count of the same text), then reads every file through
``search.files.extract.extract_text`` — one limited child process per file,
exactly what the worker does — ``--repeat`` times, and prints the median
pages/s for each format.

Part 2, rebuild: loads the demo and ``generate_data --ideas N`` into the
database, adds ``--documents`` Wagtail documents whose extracted text (one of
the generated PDFs' text, stored as the worker would) is in place, then
rebuilds the catalog ``--repeat`` times with the file sources registered and
``--repeat`` times without them, alternating, and prints both medians.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")


def out(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def seed_words() -> list[str]:
    seeds = Path("/work/shared/seeds")
    if not seeds.exists():
        seeds = ROOT / "seeds"
    text = " ".join(p.read_text(errors="ignore") for p in sorted(seeds.glob("*.txt")))
    return re.findall(r"[a-zåäöéA-ZÅÄÖÉ]{3,}", text)


def make_files(count: int, pages: int, rng: random.Random):
    from tests import filesamples

    words = seed_words()
    files = []
    for n in range(count):
        page_texts = []
        for _ in range(pages):
            start = rng.randrange(0, len(words) - 400)
            page_texts.append(" ".join(words[start : start + 350]))
        pdf = filesamples.pdf_bytes(*page_texts)
        docx = filesamples.docx_bytes(*page_texts)
        files.append((f"fil-{n}", pdf, docx, pages))
    return files


def extraction(files, repeat: int) -> None:
    from search.files.extract import extract_text

    for fmt, index in (("pdf", 1), ("docx", 2)):
        rates = []
        for _ in range(repeat):
            total_pages = 0
            t0 = time.perf_counter()
            for name, *data, pages in files:
                result = extract_text(data[index - 1], name=f"{name}.{fmt}")
                assert result.outcome == "text", result
                total_pages += pages
            elapsed = time.perf_counter() - t0
            rates.append(total_pages / elapsed)
        out(
            f"extraction {fmt}: {len(files)} files × {files[0][3]} pages, "
            f"median of {repeat}: {statistics.median(rates):.1f} pages/s "
            f"({statistics.median(rates) / files[0][3]:.2f} files/s; "
            f"runs {', '.join(f'{r:.1f}' for r in rates)})"
        )


def rebuild(files, documents: int, ideas: int, repeat: int) -> None:
    from django.core.files.base import ContentFile
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone
    from wagtail.documents import get_document_model
    from wagtail.models import Collection

    from search import registry
    from search.files.extract import extract_text
    from search.files.services import file_fingerprint
    from search.models import FileText
    from search.services import catalog_rebuild

    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    from idelabbet.models import IdeaPage

    if IdeaPage.objects.count() < ideas:
        call_command("generate_data", ideas=ideas, stdout=open(os.devnull, "w"))  # noqa: SIM115
    Document = get_document_model()
    texts = [extract_text(pdf, name="x.pdf").text for _name, pdf, _docx, _pages in files]
    existing = Document.objects.filter(title__startswith="Benchmark ").count()
    collection = Collection.objects.get(name="Jönköpings kommun")
    for n in range(existing, documents):
        name, pdf, _docx, _pages = files[n % len(files)]
        doc = Document.objects.create(
            title=f"Benchmark {n}", file=ContentFile(pdf, name=f"{name}.pdf"), collection=collection
        )
        FileText.objects.update_or_create(
            key=f"wagtaildocs.document:{doc.pk}",
            defaults={
                "source": "wagtaildocs.document",
                "object_pk": str(doc.pk),
                "name": doc.filename,
                "fingerprint": file_fingerprint(doc.file, doc.get_file_size() or 0),
                "status": "text",
                "text": texts[n % len(texts)],
                "requested_at": timezone.now(),
                "extracted_at": timezone.now(),
            },
        )
    file_sources = [s for s in registry.sources() if s.kind in ("document", "attachment")]
    chars = sum(len(t.text) for t in FileText.objects.filter(status="text"))
    out(
        f"rebuild: {connection.vendor}, {IdeaPage.objects.count()} ideas, "
        f"{len(FileText.objects.all())} files with {chars:,} characters of text"
    )
    timings = {"with files": [], "without files": []}
    counts = {}
    for _ in range(repeat):
        for label in ("with files", "without files"):
            if label == "without files":
                for source in file_sources:
                    registry.unregister(source.model)
            t0 = time.perf_counter()
            counts[label] = catalog_rebuild()
            timings[label].append(time.perf_counter() - t0)
            if label == "without files":
                for source in file_sources:
                    registry.register(source)
    for label, values in timings.items():
        median = statistics.median(values)
        runs = ", ".join(f"{v:.1f}" for v in values)
        out(
            f"rebuild {label}: {counts[label]} entries, median of {repeat}: {median:.1f} s "
            f"= {counts[label] / median:.0f} entries/s (runs {runs})"
        )
    ratio = statistics.median(timings["with files"]) / statistics.median(timings["without files"])
    out(f"rebuild with files ÷ without: {ratio:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=20)
    parser.add_argument("--pages", type=int, default=10)
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--ideas", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--skip-rebuild", action="store_true")
    args = parser.parse_args()
    if args.repeat < 5:
        parser.error("--repeat: at least 5 (figures are medians of 5)")

    import django

    django.setup()
    rng = random.Random(args.seed)
    files = make_files(args.files, args.pages, rng)
    extraction(files, args.repeat)
    if not args.skip_rebuild:
        rebuild(files, args.documents, args.ideas, args.repeat)


if __name__ == "__main__":
    main()
