"""The catalog's full rebuild beside Wagtail's ``update_index``, same database, same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_bench_10000 \\
        .venv/bin/python tests/benchmarks/rebuild_compare.py --repeat 5

On a generated database (``manage.py generate_data --ideas N``), each round
runs the product's whole ``catalog_rebuild()`` (every registered source: pages,
ideas, cases, notes, meetings, proposals, documents; what ``manage.py
search_rebuild`` runs) and Wagtail's ``manage.py update_index`` (every model
Wagtail indexes, over the same pages), alternating which goes first, and
prints entries per second of each (objects Wagtail indexed, for Wagtail), the
medians of the rounds and the ratio. Target: catalog >= 2,000 entries/s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.benchmarks.settings")


def out(line: str = "") -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--profile", default="", help="write cProfile stats of one rebuild here")
    args = parser.parse_args()
    if args.repeat < 5:
        parser.error("--repeat must be at least 5: every figure is a median of five or more")

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from modelsearch.index import get_indexed_models

    from idelabbet.models import IdeaPage
    from search.services import catalog_rebuild

    def ours() -> tuple[int, float]:
        started = time.perf_counter()
        count = catalog_rebuild()
        return count, time.perf_counter() - started

    def wagtails() -> tuple[int, float]:
        count = sum(m.get_indexed_objects().count() for m in get_indexed_models())
        started = time.perf_counter()
        call_command("update_index", verbosity=0)
        return count, time.perf_counter() - started

    if args.profile:
        import cProfile

        cProfile.runctx(
            "catalog_rebuild()", globals(), {"catalog_rebuild": catalog_rebuild}, args.profile
        )
    out(
        f"{connection.vendor}, {IdeaPage.objects.live().count():,} published ideas, "
        f"{args.repeat} rounds"
    )
    rates: dict[str, list[float]] = {"catalog": [], "wagtail": []}
    counts: dict[str, int] = {}
    for n in range(args.repeat):
        order = [("catalog", ours), ("wagtail", wagtails)]
        for name, run in order if n % 2 == 0 else order[::-1]:
            count, seconds = run()
            counts[name] = count
            rates[name].append(count / seconds)
            out(f"  round {n + 1}: {name} {count:,} in {seconds:.1f} s = {count / seconds:.0f}/s")
    pairs = zip(rates["catalog"], rates["wagtail"], strict=True)
    ratio = statistics.median(c / w for c, w in pairs)
    out()
    out("| index | entries | entries/s (median) | ÷ Wagtail |")
    out("|---|---:|---:|---:|")
    out(
        f"| catalog (`catalog_rebuild`, every source) | {counts['catalog']:,} | "
        f"{statistics.median(rates['catalog']):.0f} | {ratio:.2f} |"
    )
    out(
        f"| Wagtail `update_index` | {counts['wagtail']:,} | "
        f"{statistics.median(rates['wagtail']):.0f} | 1.00 |"
    )


if __name__ == "__main__":
    main()
