"""The catalog against Wagtail's own database search backend, side by side (not a test).

Both index the same live idea pages and answer the same queries as the public,
in one run, alternating query by query so that the noise of a shared machine
falls on both alike. Fill the database first (``manage.py generate_data``),
then:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> \\
        .venv/bin/python tests/benchmarks/search_compare.py --repeat 5

Without DATABASE_URL it runs on SQLite (``db.sqlite3`` of cms.settings.dev),
FTS5 on both sides. Reported, each the median of ``--repeat`` rounds:

- rebuild: idea pages per second of the catalog's rebuild (the idea source
  only, through the engine, as ``search_rebuild`` does) and of Wagtail's
  ``update_index`` work for the same model (its rebuilder and ``add_items`` in
  chunks of 1,000, exactly the command's loop, restricted to IdeaPage);
- queries: p50 and p95 latency of a public search. The catalog's includes
  trimming, facets and highlighted snippets; Wagtail's is the first page of
  ``IdeaPage.objects.live().public().search(q, operator="and")`` and its count.

With ``--full-catalog`` the query rounds are answered from the whole catalog
(cases and notes too, trimmed to the public), rebuilt after the rebuild rounds;
otherwise the catalog holds only the idea pages while it is timed, and is left
so unless ``--restore`` rebuilds all of it afterwards (the product's full
``search_rebuild``, whose entries per second are reported too: cases and notes
included).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")


def out(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(len(ordered) * fraction) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--rebuild-repeat", type=int, default=None, help="default: --repeat")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument(
        "--catalog-only",
        action="store_true",
        help="time only the catalog's queries over what it holds (no rebuilds, no Wagtail)",
    )
    parser.add_argument(
        "--full-catalog",
        action="store_true",
        help="answer the query rounds from the whole catalog (every source: cases and "
        "notes too, rebuilt after the rebuild rounds), as the product holds it",
    )
    parser.add_argument(
        "--restore",
        action="store_true",
        help="rebuild the whole catalog afterwards (every source) and report its throughput",
    )
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from modelsearch.backends import get_search_backend

    from idelabbet.models import IdeaPage
    from search.engines import get_engine
    from search.registry import source_for_model
    from search.selectors import catalog_search
    from search.services import _entry_batches

    call_command("migrate", verbosity=0)
    pages = IdeaPage.objects.live().public()
    n_pages = pages.count()
    if n_pages < 100:
        raise SystemExit(
            f"Only {n_pages} live idea pages: fill the database first "
            "(manage.py generate_data --ideas 10000)."
        )
    vendor = connection.vendor
    out(f"vendor={vendor} live idea pages={n_pages}")
    engine = get_engine()
    source = source_for_model(IdeaPage)
    wagtail = get_search_backend()

    def rebuild_catalog() -> float:
        started = time.perf_counter()
        count = engine.rebuild(_entry_batches([source], 500))
        return count / (time.perf_counter() - started)

    def rebuild_wagtail() -> float:
        started = time.perf_counter()
        rebuilder = wagtail.rebuilder_class(wagtail.get_index_for_model(IdeaPage))
        index = rebuilder.start()
        index.add_model(IdeaPage)
        count = 0
        queryset = IdeaPage.get_indexed_objects().order_by("pk")
        last_pk = 0
        while True:
            chunk = list(queryset.filter(pk__gt=last_pk)[:1000])
            if not chunk:
                break
            index.add_items(IdeaPage, chunk)
            count += len(chunk)
            last_pk = chunk[-1].pk
        rebuilder.finish()
        return count / (time.perf_counter() - started)

    rebuild_rounds = 0 if args.catalog_only else (args.rebuild_repeat or args.repeat)
    ours_rates, theirs_rates = [], []
    for round_no in range(rebuild_rounds):
        # Alternate who goes first, so neither always gets the warmer cache.
        if round_no % 2:
            theirs_rates.append(rebuild_wagtail())
            ours_rates.append(rebuild_catalog())
        else:
            ours_rates.append(rebuild_catalog())
            theirs_rates.append(rebuild_wagtail())
        out(
            f"  rebuild round {round_no + 1}: catalog {ours_rates[-1]:.0f}/s, "
            f"wagtail {theirs_rates[-1]:.0f}/s"
        )
    full_entries = None
    if args.full_catalog and not args.catalog_only:
        from search.services import catalog_rebuild

        full_entries = catalog_rebuild()
        out(f"whole catalog rebuilt for the query rounds: {full_entries} entries")
    if vendor == "postgresql" and (rebuild_rounds or full_entries):
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE search_catalogrecord")

    # Queries drawn from the indexed text itself: one word, two words, a
    # phrase, and the ten most common words (the broad searches).
    rng = random.Random(args.seed)
    sample = list(pages.order_by("?").values_list("title", "summary")[:2000])
    words = [w.lower() for t, s in sample for w in re.findall(r"[a-zåäöéA-ZÅÄÖÉ]{4,}", f"{t} {s}")]
    common = [w for w, _n in Counter(words).most_common(10)]
    vocabulary = sorted(set(words))
    queries = []
    for i in range(args.queries):
        shape = i % 4
        if shape == 0:
            queries.append(rng.choice(vocabulary))
        elif shape == 1:
            queries.append(" ".join(rng.sample(vocabulary, 2)))
        elif shape == 2:
            t, s = rng.choice(sample)
            text = re.findall(r"[a-zåäöéA-ZÅÄÖÉ]{4,}", s) or re.findall(r"\w+", t)
            start = rng.randrange(0, max(1, len(text) - 1))
            queries.append('"' + " ".join(text[start : start + 2]) + '"')
        else:
            queries.append(rng.choice(common))

    def ask_catalog(query: str) -> int:
        results = catalog_search(public_only=True, query=query)
        return results.total

    def ask_wagtail(query: str) -> int:
        results = IdeaPage.objects.live().public().search(query, operator="and")
        list(results[:10])
        return results.count()

    contenders = [("ours", ask_catalog)]
    if not args.catalog_only:
        contenders.append(("theirs", ask_wagtail))
    for query in queries[:20]:  # warm both
        for _who, ask in contenders:
            ask(query)

    rounds = []
    for round_no in range(args.repeat):
        ours, theirs = [], []
        for i, query in enumerate(queries):
            pair = list(contenders)
            if (i + round_no) % 2:
                pair.reverse()
            for who, ask in pair:
                started = time.perf_counter()
                ask(query)
                elapsed = (time.perf_counter() - started) * 1000
                (ours if who == "ours" else theirs).append(elapsed)
        figures = {"catalog_p50": statistics.median(ours), "catalog_p95": percentile(ours, 0.95)}
        line = (
            f"  query round {round_no + 1}: catalog p50 {figures['catalog_p50']:.1f} ms "
            f"p95 {figures['catalog_p95']:.1f} ms"
        )
        if theirs:
            figures["wagtail_p50"] = statistics.median(theirs)
            figures["wagtail_p95"] = percentile(theirs, 0.95)
            line += (
                f"; wagtail p50 {figures['wagtail_p50']:.1f} ms p95 {figures['wagtail_p95']:.1f} ms"
            )
        rounds.append(figures)
        out(line)

    def med(name: str) -> float:
        return statistics.median(r[name] for r in rounds)

    if args.catalog_only:
        result = {"vendor": vendor, "idea_pages": n_pages, "queries": len(queries)}
        result.update({name: med(name) for name in rounds[0]})
        out(
            f"catalog only (median of {args.repeat} rounds of {len(queries)}): "
            f"p50 {result['catalog_p50']:.1f} ms p95 {result['catalog_p95']:.1f} ms"
        )
        if args.json:
            Path(args.json).write_text(json.dumps(result, indent=2))
        return

    result = {
        "vendor": vendor,
        "idea_pages": n_pages,
        "catalog_entries_queried": full_entries or n_pages,
        "queries": len(queries),
        "repeat": args.repeat,
        "rebuild_catalog_per_s": statistics.median(ours_rates),
        "rebuild_wagtail_per_s": statistics.median(theirs_rates),
        **{name: med(name) for name in rounds[0]},
    }
    result["rebuild_ratio"] = result["rebuild_catalog_per_s"] / result["rebuild_wagtail_per_s"]
    result["p50_ratio"] = result["catalog_p50"] / result["wagtail_p50"]
    result["p95_ratio"] = result["catalog_p95"] / result["wagtail_p95"]
    out(
        f"rebuild: catalog {result['rebuild_catalog_per_s']:.0f}/s, wagtail "
        f"{result['rebuild_wagtail_per_s']:.0f}/s, ratio {result['rebuild_ratio']:.2f} "
        "(catalog/wagtail, higher is better)"
    )
    out(
        f"queries (median of {args.repeat} rounds of {len(queries)}; catalog of "
        f"{result['catalog_entries_queried']} entries): catalog p50 "
        f"{result['catalog_p50']:.1f} ms p95 {result['catalog_p95']:.1f} ms; wagtail p50 "
        f"{result['wagtail_p50']:.1f} ms p95 {result['wagtail_p95']:.1f} ms; ratio p50 "
        f"{result['p50_ratio']:.2f} p95 {result['p95_ratio']:.2f} "
        "(catalog/wagtail, lower is better)"
    )
    if args.restore and not full_entries:
        from search.services import catalog_rebuild

        started = time.perf_counter()
        count = catalog_rebuild()
        per_s = count / (time.perf_counter() - started)
        result["full_rebuild"] = {"entries": count, "per_s": per_s}
        out(f"full catalog rebuild (every source): {count} entries at {per_s:.0f}/s")
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
