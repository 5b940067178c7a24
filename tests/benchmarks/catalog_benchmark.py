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
        "--split",
        action="store_true",
        help="after the rebuild, time its two parts apart on the same entries (PostgreSQL): "
        "the analysis in Python (CPU) and the store statements on one connection (wall, "
        "in a transaction rolled back); then exit",
    )
    parser.add_argument(
        "--writers",
        type=int,
        default=None,
        help="connections the rebuild stores on (SEARCH_REBUILD_WRITERS; default: the setting)",
    )
    parser.add_argument(
        "--vocabulary-compare",
        action="store_true",
        help="time the rebuild (read-ahead thread included, as catalog_rebuild) beside the "
        "same rebuild collecting the 'Menade du' words of each batch inline, alternating, "
        "--repeat rounds each; then the worker's vocabulary_refresh; then exit",
    )
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--suggestions",
        type=int,
        default=0,
        help="also time this many misspelt one-word searches with their 'Menade du' "
        "suggestion (vocabulary lookup and the trimmed searches that check it)",
    )
    parser.add_argument(
        "--paths",
        type=int,
        default=0,
        help="also time this many searches through each of the product's trimmed paths: "
        "the public search (catalog_search as the public, one site, the page's language) "
        "and the staff search (catalog_search as a logged-in staff user: principals read "
        "from the database, every site); synonyms and partial fallback included",
    )
    parser.add_argument(
        "--skip-engine-queries",
        action="store_true",
        help="skip the --queries engine searches (with --paths: time the paths only)",
    )
    args = parser.parse_args()

    import django

    if args.writers is not None:
        os.environ["SEARCH_REBUILD_WRITERS"] = str(args.writers)
    django.setup()
    from django.conf import settings
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
        from search.services import _read_ahead
        from search.suggest import entry_words, vocabulary_refresh

        # As catalog_rebuild does: on PostgreSQL (outside a transaction) the
        # next batches are built in a reader thread while a batch is stored.
        ahead = _read_ahead if connection.vendor == "postgresql" else iter

        def batches(collect: bool):
            rng.seed(args.seed)  # the same entries in every round
            for s in range(0, args.entries, 500):
                batch = [entry(n) for n in range(s, min(s + 500, args.entries))]
                if collect:
                    entry_words(batch)  # the per-batch work an inline vocabulary would add
                yield batch

        def timed(collect: bool) -> float:
            t0 = time.perf_counter()
            count = engine.rebuild(ahead(batches(collect)))
            return count / (time.perf_counter() - t0)

        plain, collected = [], []
        for round_no in range(args.repeat):
            order = (False, True) if round_no % 2 == 0 else (True, False)
            for collect in order:
                (collected if collect else plain).append(timed(collect))
            out(
                f"  round {round_no + 1}: rebuild {plain[-1]:.0f}/s, with words collected "
                f"inline {collected[-1]:.0f}/s"
            )
        without, with_ = statistics.median(plain), statistics.median(collected)
        out(
            f"rebuild median of {args.repeat}: {without:.0f} entries/s (the product: no "
            f"vocabulary work); words collected inline {with_:.0f} entries/s "
            f"(ratio {with_ / without:.3f})"
        )
        for label in ("from empty", "warm"):
            if label == "from empty":
                SearchWord.objects.all().delete()
            t0 = time.perf_counter()
            refreshed = vocabulary_refresh()
            elapsed = time.perf_counter() - t0
            out(
                f"vocabulary_refresh on the worker, {label}: {elapsed:.1f} s for "
                f"{args.entries} entries ({args.entries / elapsed:.0f} entries/s), {refreshed}"
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
        out(
            f"rebuild: {count} entries in {elapsed:.1f} s = {count / elapsed:.0f} entries/s "
            f"(writers: {getattr(settings, 'SEARCH_REBUILD_WRITERS', 1)})"
        )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

    if args.split and connection.vendor == "postgresql":
        from django.db import transaction
        from django.utils import timezone

        try:
            from search.engines.database import postgres
        except ImportError:  # the code before issue 17's analysis: one upsert method
            postgres = None

        rng.seed(args.seed)  # the rebuild's entries again
        entries = [entry(n) for n in range(args.entries)]
        batches = [entries[s : s + 500] for s in range(0, len(entries), 500)]
        now = timezone.now()
        per = 10_000 / args.entries
        if postgres is None:
            with transaction.atomic():
                cpu, wall = time.process_time(), time.perf_counter()
                for batch in batches:
                    engine._pg_upsert(batch, now)
                cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
                transaction.set_rollback(True)
            out(
                f"per 10,000 entries: rows and statement on one connection {wall * per:.2f} s, "
                f"of which {cpu * per:.2f} s CPU in Python"
            )
            return
        cpu = time.process_time()
        documents = [postgres.prepare(batch, now) for batch in batches]
        cpu = time.process_time() - cpu
        with transaction.atomic():
            wall = time.perf_counter()
            for document in documents:
                postgres.store(document, now)
            wall = time.perf_counter() - wall
            transaction.set_rollback(True)
        out(
            f"per 10,000 entries: analysis {cpu * per:.2f} s CPU (Python), "
            f"store {wall * per:.2f} s on one connection "
            f"({sum(map(len, documents)) * per / 1e6:.1f} MB of JSON)"
        )
        return

    if args.suggestions:
        from search.selectors import catalog_search
        from search.suggest import spelling_suggestion
        from search.suggest import vocabulary as suggest_vocabulary

        suggest_vocabulary()  # the first call reads the whole vocabulary into the process
        spent, offered = [], 0
        for _n in range(args.suggestions):
            word = rng.choice(
                [w for w in rng.sample(vocabulary, 20) if len(w) >= 6] or ["förening"]
            )
            cut = rng.randrange(1, len(word) - 1)
            typo = word[:cut] + word[cut + 1 :]  # one letter dropped
            t0 = time.perf_counter()
            results = catalog_search(public_only=True, query=typo)
            suggestion = spelling_suggestion(
                query=typo,
                total=results.total,
                count=lambda text: catalog_search(public_only=True, query=text, per_page=1).total,
            )
            spent.append((time.perf_counter() - t0) * 1000)
            offered += bool(suggestion)
        spent.sort()
        out(
            f"misspelt searches with suggestion: {len(spent)}  "
            f"p50={statistics.median(spent):.1f} ms  "
            f"p95={spent[int(len(spent) * 0.95) - 1]:.1f} ms  suggestion offered: {offered}"
        )

    shape_names = ["one word", "two words", "phrase", "word -word", "very common word"]

    def make_query(i: int, rng: random.Random = rng) -> str:
        picks = rng.sample(vocabulary, 2)
        shape = i % 5
        if shape == 0:
            return picks[0]
        if shape == 1:
            return " ".join(picks)
        if shape == 2:
            w = rng.randrange(0, len(words) - 3)
            return '"' + " ".join(words[w : w + 2]) + '"'
        if shape == 3:
            return f"{picks[0]} -{picks[1]}"
        return rng.choice(["förening", "kommunen", "civilsamhället", "samverkan", "idé"])

    def report(label: str, timings: list[float], totals: list[int], by_shape) -> None:
        timings.sort()
        p95 = timings[int(len(timings) * 0.95) - 1]
        out(
            f"{label}: {len(timings)}  p50={statistics.median(timings):.1f} ms  "
            f"p95={p95:.1f} ms  max={timings[-1]:.1f} ms  "
            f"median hits={statistics.median(totals):.0f}  max hits={max(totals)}"
        )
        for name, values in by_shape.items():
            values.sort()
            out(
                f"  {name:<17} n={len(values):<4} p50={statistics.median(values):.1f} ms  "
                f"p95={values[int(len(values) * 0.95) - 1]:.1f} ms"
            )

    if args.paths:
        from django.contrib.auth.models import Group
        from django.contrib.auth.models import User as UserModel
        from django.utils import translation

        from search.selectors import catalog_search

        staff, _created = UserModel.objects.get_or_create(
            username="catalog-benchmark-staff", defaults={"is_staff": True}
        )
        group, _created = Group.objects.get_or_create(name="Catalog benchmark editors")
        staff.groups.add(group)
        path_rng = random.Random(args.seed + 1)
        paths = {"public search": [], "staff search": []}
        path_totals = {name: [] for name in paths}
        path_shapes = {name: {} for name in paths}
        translation.activate("sv")
        for i in range(args.paths):
            query = make_query(i, path_rng)
            order = list(paths) if i % 2 == 0 else list(reversed(paths))
            for name in order:  # both paths ask the same query, alternating who goes first
                t0 = time.perf_counter()
                if name == "public search":
                    results = catalog_search(public_only=True, query=query, site=1 + i % 2)
                else:
                    results = catalog_search(user=staff, query=query)
                paths[name].append((time.perf_counter() - t0) * 1000)
                path_totals[name].append(results.total)
                path_shapes[name].setdefault(shape_names[i % 5], []).append(paths[name][-1])
        for name in paths:
            report(name, paths[name], path_totals[name], path_shapes[name])
    if args.skip_engine_queries:
        return

    timings = []
    totals = []
    by_shape: dict[str, list[float]] = {}
    for i in range(args.queries):
        shape = i % 5
        query = make_query(i)
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
    report("queries", timings, totals, by_shape)


if __name__ == "__main__":
    main()
