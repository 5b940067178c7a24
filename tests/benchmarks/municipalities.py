"""Many municipalities on one install: 50 beside 2 of the same total size (issue 20).

    .venv/bin/python tests/benchmarks/municipalities.py --ideas 10000        # 50 × 200 vs 2 × 5,000
    .venv/bin/python tests/benchmarks/municipalities.py --ideas 100000       # the full 50 × 2,000

    # the full size in two runs: generate both databases at once, then measure
    .venv/bin/python tests/benchmarks/municipalities.py --ideas 100000 --parallel --generate-only
    .venv/bin/python tests/benchmarks/municipalities.py --ideas 100000 --reuse

Two PostgreSQL databases (``--pg``, trust auth; ``h20_bench_many`` and
``h20_bench_two`` are dropped and recreated) are filled the same way: every
municipality created by ``municipality_add`` (Idélabbet and the forum), then
``municipality_data_generate`` (its staff, ideas with cases and notes in bulk,
permission rows by the case service, a forum with 4 meetings); ``--parallel``
generates both at once (the generation times then do not compare). Then each
database's full catalog rebuild is timed, one after the other. Measured side by
side, in-process through Django's test client with the benchmark settings
(production's), medians of ``--repeat``:

1. database queries per request on every public page and admin screen of the
   first and of the last municipality (must not grow with their number);
2. each page's latency as a ratio to the bare view, timed in the same loop;
3. the staff search p95 (a coach, 8 queries × repeat), also as a ratio to the
   bare view timed just before each search (the machine's load moves both);
4. the time to add one more municipality (the 51st; the 3rd beside it);
5. the catalog rebuild of one municipality alone (``catalog_rebuild_site``,
   median of ``--site-rebuilds``) beside the full rebuild.

The report is printed and written to ``tests/benchmarks/results/municipalities.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BENCH = Path(__file__).resolve().parent
QUERIES = [
    "språkcafé",
    "odlingslott",
    "förening",
    "läxhjälp",
    "cykel",
    "unga",
    "naturvandring",
    "bok",
]
GENERATED = BENCH / "results" / "municipalities_generated.json"
HOSTS = ".bench.local,localhost,127.0.0.1,testserver"


def log(line: str) -> None:
    sys.stderr.write(f"[{datetime.now():%H:%M:%S}] {line}\n")
    sys.stderr.flush()


def emit(data) -> None:
    sys.stdout.write(json.dumps(data) + "\n")
    sys.stdout.flush()


def _django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.benchmarks.settings")
    import django

    django.setup()


# -- in-process steps -------------------------------------------------------------


def generate(args) -> None:
    _django()
    from cms.demo.generate import municipality_data_generate
    from cms.demo.generate.vocabulary import Vocabulary
    from cms.services import municipality_add

    words = Vocabulary.from_demo()
    started = time.perf_counter()
    adds = []
    for number in range(args.municipalities):
        t0 = time.perf_counter()
        municipality, _ = municipality_add(
            name=f"Kommun {number:03d}",
            hostname=f"kommun{number:03d}.bench.local",
            practices=["idelabbet", "forum"],
        )
        adds.append(time.perf_counter() - t0)
        municipality_data_generate(
            municipality=municipality,
            ideas=args.ideas_per,
            coaches=max(2, args.ideas_per // 500),
            meetings=4,
            seed=number,
            words=words,
        )
        log(f"{number + 1}/{args.municipalities} municipalities")
    emit({"generate_s": time.perf_counter() - started, "add_median_s": statistics.median(adds)})


def rebuild(args) -> None:
    """The full catalog rebuild, timed (a step of its own: run after both databases exist)."""
    _django()
    from django.db import connection

    from search.services import catalog_rebuild

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    started = time.perf_counter()
    entries = catalog_rebuild()
    emit({"full_rebuild_s": time.perf_counter() - started, "catalog_entries": entries})


def _timed(client, url, host, times: int = 3) -> float:
    started = time.perf_counter()
    for _ in range(times):
        response = client.get(url, headers={"host": host})
        assert response.status_code == 200, (url, host, response.status_code)
    return (time.perf_counter() - started) / times


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[int(0.95 * (len(ordered) - 1))]


def _screens(municipality):
    from django.contrib.auth import get_user_model
    from django.test import Client

    from forum.models import MeetingPage
    from idelabbet.models import Case, IdeaPage

    User = get_user_model()
    home = municipality.site.root_page
    idea = IdeaPage.objects.descendant_of(home).live().order_by("-pk").first()
    meeting = MeetingPage.objects.descendant_of(home).live().order_by("pk").first()
    coach = User.objects.get(username=f"coach.{municipality.slug}.0")
    case = Case.objects.filter(coaches=coach, notes__isnull=False).order_by("-pk").first()
    prefix = home.url_path.rstrip("/")
    public, staff, moderator, lead, admin = Client(), Client(), Client(), Client(), Client()
    staff.force_login(coach)
    moderator.force_login(User.objects.get(username=f"moderator.{municipality.slug}"))
    lead.force_login(User.objects.get(username=f"lead.{municipality.slug}"))
    superuser, _ = User.objects.get_or_create(
        username="bench.admin", defaults={"is_superuser": True, "is_staff": True}
    )
    admin.force_login(superuser)
    return {
        "home": (public, "/"),
        "ideas index": (public, "/ideer/"),
        "idea page": (public, idea.url_path.removeprefix(prefix)),
        "forum index": (public, "/forum/"),
        "meeting page": (public, meeting.url_path.removeprefix(prefix)),
        "search page": (public, "/sok/?q=spr%C3%A5kcaf%C3%A9"),
        "admin dashboard": (staff, "/admin/"),
        "case board": (staff, "/admin/idelabbet/arenden/"),
        "case page": (staff, f"/admin/idelabbet/arenden/{case.pk}/"),
        "staff search": (staff, "/admin/katalogsok/?q=spr%C3%A5kcaf%C3%A9"),
        "moderation queue": (moderator, "/admin/idelabbet-granskning/"),
        "page explorer": (moderator, f"/admin/pages/{home.pk}/"),
        "statistics": (lead, "/admin/statistik/"),
        "municipalities (site admin)": (admin, "/admin/kommuner/"),
    }


def measure(args) -> None:
    _django()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from cms.models import Municipality
    from cms.services import municipality_add
    from search.services import catalog_rebuild_site

    municipalities = list(Municipality.objects.order_by("pk"))
    result = {"municipalities": len(municipalities), "queries": {}, "ratios": {}}
    for which, municipality in (("first", municipalities[0]), ("last", municipalities[-1])):
        host = municipality.site.hostname
        screens = _screens(municipality)
        counts = {}
        for name, (client, url) in screens.items():
            client.get(url, headers={"host": host})  # warm: site root paths, sessions
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url, headers={"host": host})
            assert response.status_code == 200, (name, url, response.status_code)
            counts[name] = len(queries)
        result["queries"][which] = counts
    host = municipalities[0].site.hostname
    screens = _screens(municipalities[0])
    bare = Client()
    ratios = {name: [] for name in screens}
    for _ in range(args.repeat):
        for name, (client, url) in screens.items():
            baseline = _timed(bare, "/bench/bare/", host)
            ratios[name].append(_timed(client, url, host) / baseline)
    result["ratios"] = {name: statistics.median(values) for name, values in ratios.items()}
    result["bare_ms"] = 1000 * _timed(bare, "/bench/bare/", host, times=20)
    staff = screens["case board"][0]
    latencies, against_bare = [], []
    for _ in range(args.repeat):
        for query in QUERIES:
            # The bare view beside each search: the load of the machine (other
            # processes) moves both, so the ratio compares across databases.
            baseline = 1000 * _timed(bare, "/bench/bare/", host)
            started = time.perf_counter()
            response = staff.get("/admin/katalogsok/", {"q": query}, headers={"host": host})
            latencies.append(1000 * (time.perf_counter() - started))
            against_bare.append(latencies[-1] / baseline)
            assert response.status_code == 200
    result["staff_search_p50_ms"] = statistics.median(latencies)
    result["staff_search_p95_ms"] = _p95(latencies)
    result["staff_search_p95_bare"] = _p95(against_bare)
    adds = []
    for number in range(args.repeat):
        started = time.perf_counter()
        municipality_add(
            name=f"Ny kommun {number}",
            hostname=f"ny{number}.bench.local",
            practices=["idelabbet", "forum"],
        )
        adds.append(time.perf_counter() - started)
    result["add_next_s"] = adds[0]
    result["add_median_s"] = statistics.median(adds)
    rebuilds = []
    for _ in range(args.site_rebuilds):
        started = time.perf_counter()
        entries = catalog_rebuild_site(site=municipalities[0].site)
        rebuilds.append(time.perf_counter() - started)
    result["site_rebuild_s"] = statistics.median(rebuilds)
    result["site_rebuild_entries"] = entries
    emit(result)


# -- the driver -------------------------------------------------------------------


class Driver:
    def __init__(self, pg: str):
        self.pg = pg.rstrip("/")

    def env(self, db: str) -> dict:
        env = dict(os.environ)
        env.update(
            DATABASE_URL=f"{self.pg}/{db}",
            DJANGO_SETTINGS_MODULE="tests.benchmarks.settings",
            ALLOWED_HOSTS=HOSTS,
        )
        env.pop("REDIS_URL", None)
        return env

    def run(self, cmd: list[str], db: str) -> str:
        result = subprocess.run(
            cmd, cwd=ROOT, env=self.env(db), capture_output=True, text=True, check=False
        )
        if result.returncode:
            raise SystemExit(f"failed: {' '.join(cmd)}\n{result.stdout}\n{result.stderr[-3000:]}")
        return result.stdout

    def step(self, db: str, *args: str) -> dict:
        out = self.run([sys.executable, __file__, *args], db)
        return json.loads(out.strip().splitlines()[-1])

    def start(self, db: str, *args: str) -> subprocess.Popen:
        # Progress lines go to this process's stderr; the result is stdout's last line.
        return subprocess.Popen(
            [sys.executable, __file__, *args],
            cwd=ROOT,
            env=self.env(db),
            stdout=subprocess.PIPE,
            text=True,
        )

    def finish(self, process: subprocess.Popen) -> dict:
        out, _err = process.communicate()
        if process.returncode:
            raise SystemExit(f"failed: {' '.join(process.args)}\n{out}")
        return json.loads(out.strip().splitlines()[-1])

    def fresh(self, db: str) -> None:
        match = re.match(r"postgres(?:ql)?://([^@]+)@([^:/]+):?(\d*)", self.pg)
        base = ["-h", match.group(2), "-p", match.group(3) or "5432", "-U", match.group(1)]
        subprocess.run(["dropdb", *base, "--if-exists", "--force", db], check=True)
        subprocess.run(["createdb", *base, db], check=True)
        self.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], db)


def report(args, layouts: dict) -> str:
    many, two = layouts["many"], layouts["two"]
    lines = [
        f"Command: `python tests/benchmarks/municipalities.py --ideas {args.ideas} "
        f"--many {args.many} --repeat {args.repeat}"
        + (" --parallel" if args.parallel else "")
        + "`  ",
        f"Date: {datetime.now():%Y-%m-%d %H:%M}; load average at start {os.getloadavg()[0]:.1f}",
        "",
        f"| | {args.many} municipalities × {args.ideas // args.many} ideas | "
        f"2 municipalities × {args.ideas // 2} ideas |",
        "|---|---:|---:|",
    ]
    for key, label in (
        ("generate_s", "generation, s (add + bulk data)"),
        ("catalog_entries", "catalog entries"),
        ("full_rebuild_s", "full catalog rebuild, s"),
        (
            "site_rebuild_s",
            f"one municipality's catalog rebuild, s (median of {args.site_rebuilds})",
        ),
        ("site_rebuild_entries", "… its entries"),
        ("add_next_s", "adding the next municipality, s (the 51st / the 3rd)"),
        ("add_median_s", "adding a municipality, s (median of the next 5)"),
        ("staff_search_p50_ms", "staff search p50, ms"),
        ("staff_search_p95_ms", "staff search p95, ms"),
        ("staff_search_p95_bare", "staff search p95 ÷ bare view beside it"),
        ("bare_ms", "bare view, ms"),
    ):
        fmt = "{:.0f}" if key.endswith("entries") else "{:.2f}"
        cells = [fmt.format(side[key]) if key in side else "–" for side in (many, two)]
        lines.append(f"| {label} | {cells[0]} | {cells[1]} |")
    lines += ["", "Queries per request (first / last municipality) and latency ÷ bare view:", ""]
    lines += [
        f"| screen | queries, {args.many} | queries, 2 | ÷ bare, {args.many} | ÷ bare, 2 |",
        "|---|---:|---:|---:|---:|",
    ]
    for name in many["queries"]["first"]:
        q_many = f"{many['queries']['first'][name]} / {many['queries']['last'][name]}"
        q_two = f"{two['queries']['first'][name]} / {two['queries']['last'][name]}"
        ratios = f"{many['ratios'][name]:.1f} | {two['ratios'][name]:.1f}"
        lines.append(f"| {name} | {q_many} | {q_two} | {ratios} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="step")
    gen = sub.add_parser("generate")
    gen.add_argument("--municipalities", type=int, required=True)
    gen.add_argument("--ideas-per", type=int, required=True)
    meas = sub.add_parser("measure")
    meas.add_argument("--repeat", type=int, default=5)
    meas.add_argument("--site-rebuilds", type=int, default=3)
    sub.add_parser("rebuild")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--ideas", type=int, default=10_000, help="total ideas in each database")
    parser.add_argument("--many", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--site-rebuilds",
        type=int,
        default=3,
        help="times one municipality's rebuild is timed (the median is reported)",
    )
    parser.add_argument(
        "--parallel",
        action="store_true",
        help="generate both databases at once (the generation time is then not comparable)",
    )
    parser.add_argument(
        "--reuse", action="store_true", help="keep the generated data (rebuild and measure)"
    )
    parser.add_argument(
        "--generate-only", action="store_true", help="stop after generating (then --reuse)"
    )
    args = parser.parse_args()
    if args.step == "generate":
        return generate(args)
    if args.step == "rebuild":
        return rebuild(args)
    if args.step == "measure":
        return measure(args)
    driver = Driver(args.pg)
    plans = {"many": args.many, "two": 2}
    layouts = {key: {} for key in plans}
    if not args.reuse:
        for key in plans:
            driver.fresh(f"h20_bench_{key}")
        running = {}
        for key, count in plans.items():
            db = f"h20_bench_{key}"
            log(f"{db}: {count} municipalities × {args.ideas // count} ideas")
            step = [f"--municipalities={count}", f"--ideas-per={args.ideas // count}"]
            if args.parallel:
                running[key] = driver.start(db, "generate", *step)
            else:
                layouts[key].update(driver.step(db, "generate", *step))
        for key, process in running.items():
            layouts[key].update(driver.finish(process))
        (BENCH / "results").mkdir(exist_ok=True)
        GENERATED.write_text(json.dumps({**layouts, "parallel": args.parallel}))
    elif GENERATED.exists():
        saved = json.loads(GENERATED.read_text())
        args.parallel = saved.pop("parallel", False)
        layouts = {key: saved.get(key, {}) for key in plans}
    if args.generate_only:
        return
    # Production settings serve hashed static files (the manifest).
    driver.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], "h20_bench_two")
    for key in plans:
        db = f"h20_bench_{key}"
        # Migrations added since the data was generated (--reuse).
        driver.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], db)
        log(f"{db}: full catalog rebuild")
        layouts[key].update(driver.step(db, "rebuild"))
    for key in plans:
        db = f"h20_bench_{key}"
        log(f"{db}: measuring")
        layouts[key].update(
            driver.step(
                db, "measure", f"--repeat={args.repeat}", f"--site-rebuilds={args.site_rebuilds}"
            )
        )
    text = report(args, layouts)
    (BENCH / "results").mkdir(exist_ok=True)
    (BENCH / "results" / "municipalities.md").write_text(text)
    (BENCH / "results" / "municipalities.json").write_text(json.dumps(layouts, indent=1))
    sys.stdout.write(text)


if __name__ == "__main__":
    main()
