"""Catalog benchmark: rebuild throughput and trimmed query latency (not a test).

Run against PostgreSQL (its own database; it is migrated and its catalog
replaced):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_search_bench \\
        .venv/bin/python tests/benchmarks/catalog_benchmark.py --entries 100000

It generates ``--entries`` catalog entries from the Swedish seed reports
(words, titles, bodies; 40 % public, the rest for groups or single users),
rebuilds the catalog with them through the engine (as ``search_rebuild`` does,
in batches of 500), then times ``--queries`` trimmed searches (one or two
words, sometimes a phrase or an exclusion, as random users; facets and
highlights included) and prints p50/p95/max. Targets: rebuild >= 2,000
entries/s, p95 <= 50 ms.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")


def out(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--skip-rebuild", action="store_true")
    parser.add_argument(
        "--vocabulary-compare",
        action="store_true",
        help="time the rebuild with and without collecting the 'Menade du' vocabulary "
        "(as catalog_rebuild does), alternating, --repeat rounds each, then exit",
    )
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from search.engines import SearchRequest, get_engine
    from search.query import parse_query
    from search.registry import CatalogEntry

    call_command("migrate", verbosity=0)
    rng = random.Random(args.seed)
    seeds = Path("/work/shared/seeds")
    if not seeds.exists():
        seeds = ROOT / "seeds"
    text = " ".join(p.read_text(errors="ignore") for p in sorted(seeds.glob("*.txt")))
    words = [w for w in re.findall(r"[a-zåäöéA-ZÅÄÖÉ]{4,}", text)]
    vocabulary = sorted(set(w.lower() for w in words))
    kinds = ["page", "idea", "case", "note", "meeting", "proposal"]
    themes = ["Kultur", "Fritid", "Utbildning", "Integration", "Folkhälsa", "Naturvård"]
    groups = [f"group:Grupp {n}" for n in range(10)]
    tz = ZoneInfo("Europe/Stockholm")
    start_date = datetime(2016, 1, 1, tzinfo=tz)

    def principals(n: int) -> frozenset[str]:
        roll = n % 10
        if roll < 4:
            return frozenset({"anonymous"})
        if roll < 7:
            return frozenset({groups[n % len(groups)]})
        return frozenset({f"user:{n % 1000}", groups[(n // 7) % len(groups)]})

    def entry(n: int) -> CatalogEntry:
        start = rng.randrange(0, len(words) - 80)
        return CatalogEntry(
            key=f"bench.item:{n}",
            kind=kinds[n % len(kinds)],
            site_id=1 + n % 2,
            url=f"/bench/{n}/",
            title=" ".join(words[start : start + 5]),
            body=" ".join(words[start + 5 : start + 5 + rng.randrange(30, 80)]),
            principals=principals(n),
            date=start_date + timedelta(days=n % 3000),
            facets={"theme": themes[n % len(themes)], "status": ["ny", "pågår", "klar"][n % 3]},
        )

    engine = get_engine()
    out(f"engine={engine.name} vendor={connection.vendor} entries={args.entries}")
    if args.vocabulary_compare:
        from search.models import SearchWord
        from search.suggest import VocabularyBuilder

        def batches():
            rng.seed(args.seed)  # the same entries in every round
            return (
                [entry(n) for n in range(s, min(s + 500, args.entries))]
                for s in range(0, args.entries, 500)
            )

        def timed(with_vocabulary: bool) -> float:
            t0 = time.perf_counter()
            if with_vocabulary:
                vocabulary = VocabularyBuilder()
                count = engine.rebuild(vocabulary.collect(batches()))
                vocabulary.finish()
            else:
                count = engine.rebuild(batches())
            return count / (time.perf_counter() - t0)

        SearchWord.objects.all().delete()
        cold = timed(True)
        out(f"  with vocabulary, starting empty: {cold:.0f} entries/s")
        plain, collected = [], []
        for round_no in range(args.repeat):
            order = (False, True) if round_no % 2 == 0 else (True, False)
            for with_vocabulary in order:
                (collected if with_vocabulary else plain).append(timed(with_vocabulary))
            out(f"  round {round_no + 1}: without {plain[-1]:.0f}/s, with {collected[-1]:.0f}/s")
        without, with_ = statistics.median(plain), statistics.median(collected)
        out(
            f"rebuild median of {args.repeat}: without vocabulary {without:.0f} entries/s, "
            f"with {with_:.0f} entries/s (ratio {with_ / without:.3f}); "
            f"vocabulary {SearchWord.objects.count()} words"
        )
        return
    if not args.skip_rebuild:
        batches = (
            [entry(n) for n in range(s, min(s + 500, args.entries))]
            for s in range(0, args.entries, 500)
        )
        t0 = time.perf_counter()
        count = engine.rebuild(batches)
        elapsed = time.perf_counter() - t0
        out(f"rebuild: {count} entries in {elapsed:.1f} s = {count / elapsed:.0f} entries/s")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

    timings = []
    totals = []
    by_shape: dict[str, list[float]] = {}
    shape_names = ["one word", "two words", "phrase", "word -word", "very common word"]
    for i in range(args.queries):
        picks = rng.sample(vocabulary, 2)
        shape = i % 5
        if shape == 0:
            query = picks[0]
        elif shape == 1:
            query = " ".join(picks)
        elif shape == 2:
            w = rng.randrange(0, len(words) - 3)
            query = '"' + " ".join(words[w : w + 2]) + '"'
        elif shape == 3:
            query = f"{picks[0]} -{picks[1]}"
        else:
            query = rng.choice(["förening", "kommunen", "civilsamhället", "samverkan", "idé"])
        user = i % 1000
        request = SearchRequest(
            query=parse_query(query),
            principals=frozenset(
                {"anonymous", "role:authenticated", f"user:{user}", groups[user % 10]}
            ),
            site_id=None if i % 2 else 1 + i % 2,
            sort="date" if i % 7 == 0 else "relevance",
        )
        t0 = time.perf_counter()
        results = engine.search(request)
        timings.append((time.perf_counter() - t0) * 1000)
        totals.append(results.total)
        by_shape.setdefault(shape_names[shape], []).append(timings[-1])
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    out(
        f"queries: {len(timings)}  p50={statistics.median(timings):.1f} ms  "
        f"p95={p95:.1f} ms  max={timings[-1]:.1f} ms  "
        f"median hits={statistics.median(totals):.0f}  max hits={max(totals)}"
    )
    for name, values in by_shape.items():
        values.sort()
        out(
            f"  {name:<17} n={len(values):<4} p50={statistics.median(values):.1f} ms  "
            f"p95={values[int(len(values) * 0.95) - 1]:.1f} ms"
        )


if __name__ == "__main__":
    main()
