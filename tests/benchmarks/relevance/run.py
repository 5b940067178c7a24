"""Relevance of the catalog search beside Wagtail's own database backend (not a test).

Builds a fresh database (``<DB>_relevance``, or SQLite in memory), publishes
the passages of ``passages.json`` as pages on Ekerö's site through Wagtail's
page creation, delivers the catalog and builds Wagtail's index of the same
pages, then asks each judged query of ``queries.json`` as a visitor would:

- ``catalog``: ``catalog_search`` as the public on Ekerö's site (the public
  search page's first page of hits);
- ``catalog + Menade du``: the same, but where the page offers "Menade du …?",
  the hits of the suggested query (one click away);
- ``wagtail``: ``StandardPage.objects.live().public().search(q)``, Wagtail's
  own database backend with its defaults, first ten.

Reports nDCG@10, Recall@10 and MRR, overall and per category:

    .venv/bin/python tests/benchmarks/relevance/run.py                      # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> \\
        .venv/bin/python tests/benchmarks/relevance/run.py                  # PostgreSQL

``--json FILE`` also writes every query's ranking and figures.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")


def out(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", help="also write the figures and rankings to this file")
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection

    settings_dict = connection.settings_dict
    settings_dict.setdefault("TEST", {})
    if connection.vendor != "sqlite":
        settings_dict["TEST"]["NAME"] = f"{settings_dict['NAME']}_relevance"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run(args)
    finally:
        if not args.keep:
            connection.creation.destroy_test_db(old_name, verbosity=0)


def run(args) -> None:
    from django.db import connection
    from modelsearch.backends import get_search_backend

    from cms.models import StandardPage
    from cms.services import municipalities_setup
    from search.selectors import catalog_search
    from search.services import catalog_drain
    from search.suggest import spelling_suggestion
    from tests.benchmarks.relevance import corpus

    vendor = connection.vendor
    sites = municipalities_setup()
    ekero = sites["ekero"]
    started = time.perf_counter()
    by_pk = corpus.load_pages(ekero.root_page, corpus.passages())
    catalog_drain()
    wagtail = get_search_backend()
    rebuilder = wagtail.rebuilder_class(wagtail.get_index_for_model(StandardPage))
    index = rebuilder.start()
    index.add_model(StandardPage)
    index.add_items(StandardPage, list(StandardPage.get_indexed_objects().order_by("pk")))
    rebuilder.finish()
    out(f"vendor={vendor} pages={len(by_pk)} loaded in {time.perf_counter() - started:.1f} s")

    def passage_ids(keys) -> list[str]:
        ids = []
        for key in keys:
            label, _sep, pk = key.rpartition(":")
            if label == "cms.standardpage" and int(pk) in by_pk:
                ids.append(by_pk[int(pk)])
        return ids

    def ask_catalog(query: str):
        return catalog_search(public_only=True, site=ekero, query=query, per_page=corpus.K)

    def catalog(query: str) -> list[str]:
        return passage_ids(ask_catalog(query).keys)

    def catalog_suggested(query: str) -> list[str]:
        results = ask_catalog(query)
        suggestion = spelling_suggestion(
            query=query,
            total=results.total,
            count=lambda text: (
                catalog_search(public_only=True, site=ekero, query=text, per_page=1).total
            ),
        )
        return (
            passage_ids(ask_catalog(suggestion).keys) if suggestion else passage_ids(results.keys)
        )

    def wagtail_search(query: str) -> list[str]:
        pages = StandardPage.objects.live().public().search(query)[: corpus.K]
        return [by_pk[p.pk] for p in pages if p.pk in by_pk]

    contenders = {
        "catalog": catalog,
        "catalog + Menade du": catalog_suggested,
        "wagtail": wagtail_search,
    }
    report: dict = {"vendor": vendor, "pages": len(by_pk), "engines": {}}
    for name, ask in contenders.items():
        rows = []
        for judged in corpus.queries():
            ranked = ask(judged["q"])
            rows.append(
                {"q": judged["q"], "category": judged["category"], "ranked": ranked}
                | corpus.metrics(ranked, judged["rel"])
            )
        report["engines"][name] = {"summary": corpus.summarise(rows), "queries": rows}

    groups = ["overall", *corpus.CATEGORIES]
    out("")
    out(f"| {vendor} | " + " | ".join(groups) + " |")
    out("|---|" + "---|" * len(groups))
    for name, data in report["engines"].items():
        summary = data["summary"]
        for metric, label in (("ndcg", "nDCG@10"), ("recall", "Recall@10"), ("mrr", "MRR")):
            cells = [f"{summary[g][metric]:.3f}" if g in summary else "–" for g in groups]
            out(f"| {name} {label} | " + " | ".join(cells) + " |")
    counts = report["engines"]["catalog"]["summary"]
    out("queries per group: " + ", ".join(f"{g} {counts[g]['n']}" for g in groups if g in counts))
    if args.json:
        Path(args.json).write_text(json.dumps(report, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
