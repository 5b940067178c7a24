"""Run every benchmark side by side and print the report (see BENCHMARKS.md).

    .venv/bin/python tests/benchmarks/run.py --size small     # ~15 min on 2 cores
    .venv/bin/python tests/benchmarks/run.py --size full      # adds 100,000 ideas

Needs PostgreSQL at ``--pg`` (trust auth; databases ``h_bench_*`` are dropped
and recreated) and installs ``wrk`` from Debian when it is missing (as root).
Every timing is a ratio or a count taken in the same run, side by side with
its baseline, the median of ``--repeat`` (>= 5) repetitions:

1. public pages under wrk through gunicorn (the Procfile's command, production
   settings over loopback HTTP), requests/s and p95 as ratios to a bare Django
   view served by the same gunicorn with the same settings and middleware;
2. queries per page and admin screen at each data size;
3. search: the catalog beside Wagtail's database backend over the same idea
   pages (``search_compare.py``), on PostgreSQL and SQLite, and the engine
   alone on synthetic entries (``catalog_benchmark.py``);
4. the coach's case board, 500 of 10,000 cases assigned: p95 under wrk;
5. 50 clients x 40 ideas through the real form: stored once each, p95;
6. a coach's unassignment commit → first search without the case's note.

The report is printed and written to ``tests/benchmarks/results/<size>.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BENCH = Path(__file__).resolve().parent
PY = sys.executable
SETTINGS = "tests.benchmarks.settings"
PAGES = ["home", "idea page", "ideas index", "meeting page", "search page"]


def log(line: str) -> None:
    sys.stderr.write(f"[{datetime.now():%H:%M:%S}] {line}\n")
    sys.stderr.flush()


def median(values):
    return statistics.median(values)


def p95(values):
    values = sorted(values)
    return values[max(0, int(round(len(values) * 0.95)) - 1)]


class Bench:
    def __init__(self, args):
        self.args = args
        self.port = args.port
        self.pg = args.pg.rstrip("/")
        # The page cache's environment for the server (item 1 runs both ways).
        self.page_cache_env: dict[str, str] = {}

    # -- databases ----------------------------------------------------------
    def env(self, db: str) -> dict:
        env = os.environ.copy()
        env.update(
            DATABASE_URL=f"{self.pg}/{db}",
            DJANGO_SETTINGS_MODULE=SETTINGS,
            BENCH_STATIC_ROOT=str(self.static),
            PYTHONPATH=str(ROOT),
        )
        if self.page_cache_env:
            env.pop("REDIS_URL", None)
            env.update(self.page_cache_env)
        return env

    def run(self, cmd: list[str], db: str, *, quiet=False) -> str:
        result = subprocess.run(
            cmd,
            cwd=ROOT,
            env=self.env(db),
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL if quiet else None,
            text=True,
        )
        if result.returncode:
            raise SystemExit(f"failed ({result.returncode}): {' '.join(cmd)}\n{result.stdout}")
        return result.stdout

    def manage(self, db: str, *args: str) -> str:
        return self.run([PY, "manage.py", *args], db)

    def probe(self, db: str, *args: str) -> dict:
        out = self.run([PY, str(BENCH / "probe.py"), *args], db)
        return json.loads(out.strip().splitlines()[-1])

    def fresh_db(self, db: str) -> None:
        host = re.match(r"postgres(?:ql)?://([^@]+)@([^:/]+):?(\d*)", self.pg)
        user, hostname, port = host.group(1), host.group(2), host.group(3) or "5432"
        base = ["-h", hostname, "-p", port, "-U", user]
        subprocess.run(["dropdb", *base, "--if-exists", "--force", db], check=True)
        subprocess.run(["createdb", *base, db], check=True)

    def generate(self, db: str, ideas: int) -> float:
        log(f"{db}: migrate and generate {ideas} ideas")
        self.fresh_db(db)
        self.manage(db, "migrate", "--noinput", "-v0")
        started = time.perf_counter()
        coaches = max(2, ideas // 500)
        self.manage(
            db, "generate_data", f"--ideas={ideas}", f"--coaches={coaches}", "--allow-production"
        )
        return time.perf_counter() - started

    # -- the server ---------------------------------------------------------
    def serve(self, db: str):
        # The Procfile's web command (3 workers by default), on loopback.
        cmd = [
            str(Path(PY).parent / "gunicorn"),
            "tests.benchmarks.wsgi:application",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(self.args.workers),
            "--log-level",
            "warning",
        ]
        server = subprocess.Popen(cmd, cwd=ROOT, env=self.env(db), start_new_session=True)
        import requests

        for _ in range(200):
            try:
                if requests.get(self.url("/halsa/"), timeout=2).status_code == 200:
                    return server
            except requests.RequestException:
                pass
            time.sleep(0.1)
        server.terminate()
        raise SystemExit("gunicorn did not start")

    def stop(self, server) -> None:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def wrk(self, path: str, host: str, *, connections: int, cookie: str = "") -> dict:
        script = BENCH / "wrk_report.lua"
        cmd = [
            "wrk",
            f"-t{min(2, connections)}",
            f"-c{connections}",
            f"-d{self.args.duration}s",
            "-s",
            str(script),
            "-H",
            f"Host: {host}",
        ]
        if cookie:
            cmd += ["-H", f"Cookie: {cookie}"]
        out = subprocess.run([*cmd, self.url(path)], capture_output=True, text=True, check=True)
        line = next(ln for ln in out.stdout.splitlines() if ln.startswith("JSON "))
        return json.loads(line[5:])

    # -- steps --------------------------------------------------------------
    def pages_under_load(self, db: str, targets: dict) -> dict:
        """Item 1 without the page cache (the product without REDIS_URL) and, with
        ``--page-cache-redis``, again with it on that Redis database (flushed first)."""
        result = {}
        ways = [("off", {"PAGE_CACHE_SECONDS": "0"})]
        if self.args.page_cache_redis:
            ways.append(
                ("on", {"PAGE_CACHE_SECONDS": "300", "REDIS_URL": self.args.page_cache_redis})
            )
        for way, env in ways:
            self.page_cache_env = env
            if way == "on":
                subprocess.run(
                    ["redis-cli", "-u", self.args.page_cache_redis, "flushdb"],
                    check=True,
                    capture_output=True,
                )
            log(f"pages under load, page cache {way}")
            try:
                result[way] = self.pages_one_way(db, targets)
            finally:
                self.page_cache_env = {}
        return result

    def pages_one_way(self, db: str, targets: dict) -> dict:
        import requests

        paths = {
            "bare Django view": ("/bench/bare/", "localhost"),
            "home": ("/", "localhost"),
            "idea page": (targets["idea"], "localhost"),
            "ideas index": ("/ideer/", "localhost"),
            "meeting page": (targets["meeting"], "jonkoping.localhost"),
            "search page": ("/sok/?q=spr%C3%A5kcaf%C3%A9", "localhost"),
        }
        server = self.serve(db)
        runs: dict[str, list[dict]] = {name: [] for name in paths}
        answered = {}
        try:
            for name, (path, host) in paths.items():  # warm every worker
                self.wrk(path, host, connections=self.args.connections)
                # What the cache did with a plain anonymous request once warm.
                response = requests.get(self.url(path), headers={"Host": host}, timeout=30)
                answered[name] = response.headers.get("X-Page-Cache", "–")
            for rep in range(self.args.repeat):
                log(f"pages under load, repetition {rep + 1}/{self.args.repeat}")
                for name, (path, host) in paths.items():
                    runs[name].append(self.wrk(path, host, connections=self.args.connections))
        finally:
            self.stop(server)
        bare = runs["bare Django view"]
        result = {}
        for name, reps in runs.items():
            result[name] = {
                "rps": median([r["rps"] for r in reps]),
                "p95_ms": median([r["p95_ms"] for r in reps]),
                "rps_ratio": median([r["rps"] / b["rps"] for r, b in zip(reps, bare, strict=True)]),
                "p95_ratio": median(
                    [r["p95_ms"] / b["p95_ms"] for r, b in zip(reps, bare, strict=True)]
                ),
                "errors": sum(r["errors"] + r["non2xx"] for r in reps),
                "page_cache": answered[name],
            }
        return result

    def case_board(self, db: str, targets: dict) -> dict:
        server = self.serve(db)
        cookie = f"sessionid={targets['session']}"
        board, bare = [], []
        try:
            self.wrk("/admin/idelabbet/arenden/", "localhost", connections=1, cookie=cookie)
            for rep in range(self.args.repeat):
                log(f"case board, repetition {rep + 1}/{self.args.repeat}")
                bare.append(self.wrk("/bench/bare/", "localhost", connections=1))
                board.append(
                    self.wrk("/admin/idelabbet/arenden/", "localhost", connections=1, cookie=cookie)
                )
        finally:
            self.stop(server)
        return {
            "coach_cases": targets["coach_cases"],
            "p50_ms": median([r["p50_ms"] for r in board]),
            "p95_ms": median([r["p95_ms"] for r in board]),
            "p95_ratio": median(
                [r["p95_ms"] / b["p95_ms"] for r, b in zip(board, bare, strict=True)]
            ),
            "bare_p95_ms": median([r["p95_ms"] for r in bare]),
            "errors": sum(r["errors"] + r["non2xx"] for r in board),
        }

    def submission_round(self, tag: str):
        """One round: every client fetches the form and posts it, ``ideas_per_client`` times."""
        import requests

        clients, per_client = self.args.clients, self.args.ideas_per_client
        latencies: list[float] = []
        statuses: dict[int, int] = {}
        lock = threading.Lock()
        barrier = threading.Barrier(clients)

        def client(number: int) -> None:
            session = requests.Session()
            session.headers["Host"] = "localhost"
            barrier.wait()
            for i in range(per_client):
                form = session.get(self.url("/idelabbet/skicka-in/"), timeout=120)
                csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
                key = re.search(r'name="form_key" value="([^"]+)"', form.text)
                data = {
                    "csrfmiddlewaretoken": csrf.group(1),
                    "form_key": key.group(1),
                    "title": f"Lasttest {tag} {number}-{i}",
                    "summary": "Vi vill ordna en öppen aktivitet för alla på öarna.",
                    "theme": "gemenskap",
                    "name": f"Klient {number}",
                    "email": f"{tag}.{number}.{i}@example.se",
                    "phone": "",
                    "consent": "on",
                    "webbplats": "",
                    "med-TOTAL_FORMS": "3",
                    "med-INITIAL_FORMS": "0",
                    "med-MIN_NUM_FORMS": "0",
                    "med-MAX_NUM_FORMS": "10",
                }
                started = time.perf_counter()
                response = session.post(
                    self.url("/idelabbet/skicka-in/"),
                    data=data,
                    allow_redirects=False,
                    timeout=120,
                )
                elapsed = (time.perf_counter() - started) * 1000
                with lock:
                    latencies.append(elapsed)
                    statuses[response.status_code] = statuses.get(response.status_code, 0) + 1

        threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall = time.perf_counter() - started
        return latencies, statuses, wall

    def submissions(self, db: str) -> dict:
        clients, per_client = self.args.clients, self.args.ideas_per_client
        server = self.serve(db)
        reps = []
        try:
            repeat = self.args.submit_repeat or self.args.repeat
            for rep in range(repeat):
                tag = f"last{uuid.uuid4().hex[:8]}"
                log(f"submissions, repetition {rep + 1}/{repeat} ({tag})")
                latencies, statuses, wall = self.submission_round(tag)
                stored = self.probe(db, "submissions", f"--tag={tag}")
                reps.append(
                    {
                        "statuses": statuses,
                        "p50_ms": median(latencies),
                        "p95_ms": p95(latencies),
                        "wall_s": wall,
                        **stored,
                    }
                )
                log(f"  {reps[-1]}")
        finally:
            self.stop(server)
        expected = clients * per_client
        return {
            "expected": expected,
            "reps": reps,
            "all_stored_once": all(
                r["stored"] == expected and r["distinct"] == expected and r["duplicates"] == 0
                for r in reps
            ),
            "server_errors": sum(
                n for r in reps for code, n in r["statuses"].items() if int(code) >= 500
            ),
            "p95_ms": median([r["p95_ms"] for r in reps]),
            "p50_ms": median([r["p50_ms"] for r in reps]),
            "ideas_per_s": median([expected / r["wall_s"] for r in reps]),
        }

    def search(self) -> dict:
        """Item 3: the catalog beside Wagtail's own database backend, same idea pages.

        ``search_compare.py`` on the generated PostgreSQL databases of this run
        and on SQLite databases generated the same way, then the engine alone on
        synthetic entries (``catalog_benchmark.py``).
        """
        sizes = [10_000] + ([100_000] if self.args.size == "full" else [])
        runs = []
        for vendor in ("postgresql", "sqlite"):
            # Wagtail's SQLite backend over 100,000 pages would take hours.
            for size in sizes if vendor == "postgresql" else sizes[:1]:
                env = self.env(f"h_bench_{size}")
                if vendor == "sqlite":
                    path = Path(tempfile.gettempdir()) / f"h_bench_{size}.sqlite3"
                    env["DATABASE_URL"] = f"sqlite:///{path}"
                    if not (self.args.reuse and path.exists()):
                        path.unlink(missing_ok=True)
                        log(f"{path}: migrate and generate {size} ideas")
                        for cmd in (
                            ["migrate", "--noinput", "-v0"],
                            ["generate_data", f"--ideas={size}", "--allow-production"],
                        ):
                            subprocess.run(
                                [PY, "manage.py", *cmd],
                                cwd=ROOT,
                                env=env,
                                check=True,
                                stdout=subprocess.DEVNULL,
                            )
                figures = Path(tempfile.mkstemp(suffix=".json")[1])
                # Wagtail's SQLite backend takes seconds to tens of seconds a
                # query over 10,000 pages, and PostgreSQL's about a second (up
                # to 20 s on a very common word) over 100,000: 8 queries a round
                # there keep five rounds within the hour.
                queries = 200 if (vendor, size) == ("postgresql", 10_000) else 8
                cmd = [
                    PY,
                    str(BENCH / "search_compare.py"),
                    f"--repeat={self.args.repeat}",
                    f"--queries={queries}",
                    f"--json={figures}",
                    "--restore",
                ]
                log(f"search compare on {vendor}, {size} ideas")
                subprocess.run(cmd, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
                runs.append(json.loads(figures.read_text()))
                figures.unlink()
        entries = 100_000 if self.args.size == "full" else 10_000
        db = "h_bench_catalog"
        self.fresh_db(db)
        cmd = [PY, str(BENCH / "catalog_benchmark.py"), f"--entries={entries}"]
        log(f"catalog engine alone: {' '.join(cmd[1:])}")
        out = subprocess.run(cmd, cwd=ROOT, env=self.env(db), capture_output=True, text=True)
        return {
            "compare": runs,
            "engine_command": " ".join(["python", *cmd[1:]]),
            "engine_output": out.stdout + out.stderr[-2000:],
        }

    # -- the whole run ----------------------------------------------------------
    def main(self) -> None:
        if shutil.which("wrk") is None:
            log("installing wrk from Debian")
            subprocess.run(["apt-get", "update", "-qq"], check=True)
            subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True)
        self.static = Path(tempfile.mkdtemp(prefix="bench-static-"))
        sizes = [100, 10_000] + ([100_000] if self.args.size == "full" else [])
        load_size = 100_000 if self.args.size == "full" else 10_000
        report: dict = {
            "command": " ".join(["python", "tests/benchmarks/run.py", *sys.argv[1:]]),
            "date": f"{datetime.now():%Y-%m-%d %H:%M}",
            "machine": f"{platform.node()}, {os.cpu_count()} cores, {platform.platform()}",
            "settings": vars(self.args),
            "generate_s": {},
            "queries": {},
        }
        steps = set(self.args.steps.split(","))
        first = True
        for size in sizes:
            db = f"{self.args.db_prefix}{size}"
            if "generate" in steps or not self.args.reuse:
                report["generate_s"][size] = self.generate(db, size)
            else:
                # A reused database still gets the code's newer migrations.
                self.manage(db, "migrate", "--noinput", "-v0")
            if first:
                self.manage(db, "collectstatic", "--noinput", "-v0")
                first = False
            if "queries" in steps:
                report["queries"][size] = self.probe(db, "counts")
                log(f"queries at {size}: {report['queries'][size]}")
        if steps & {"pages", "board"}:
            db = f"{self.args.db_prefix}{load_size}"
            log(f"{db}: catalog entries for the public pages")
            report["index_public"] = self.probe(db, "index-public")
            targets = self.probe(db, "targets")
            if "pages" in steps:
                report["pages"] = self.pages_under_load(db, targets)
            if "board" in steps:
                board_targets = (
                    targets if load_size == 10_000 else self.probe("h_bench_10000", "targets")
                )
                report["board"] = self.case_board("h_bench_10000", board_targets)
        if "unassign" in steps:
            log("permission change: unassignment → search")
            report["unassign"] = self.probe(
                "h_bench_10000", "unassign", f"--repeat={self.args.repeat}"
            )
        if "submit" in steps:
            db = f"{self.args.submit_db}"
            self.generate(db, 100)
            report["submit"] = self.submissions(db)
        if "search" in steps:
            report["search"] = self.search()
        out_dir = BENCH / "results"
        out_dir.mkdir(exist_ok=True)
        (out_dir / f"{self.args.size}.json").write_text(json.dumps(report, indent=2))
        markdown = render(report)
        (out_dir / f"{self.args.size}.md").write_text(markdown)
        sys.stdout.write(markdown)
        shutil.rmtree(self.static, ignore_errors=True)


def render(r: dict) -> str:
    lines = [
        f"Command: `{r['command']}`  ",
        f"Date: {r['date']}  ",
        f"Machine: {r['machine']}  ",
        f"Generation (s): {json.dumps({k: round(v) for k, v in r['generate_s'].items()})}",
        "",
    ]
    if r.get("pages"):
        pages = r["pages"]
        if "off" not in pages:  # a report written before the page cache
            pages = {"off": pages}
        lines += [
            "### 1. Public pages under load (gunicorn, wrk, "
            f"{r['settings']['connections']} connections, {r['settings']['duration']} s × "
            f"{r['settings']['repeat']}, medians)",
            "",
        ]
        for way, title in (
            ("off", "Page cache off (the product without REDIS_URL)"),
            ("on", f"Page cache on (Redis `{r['settings'].get('page_cache_redis', '')}`)"),
        ):
            if way not in pages:
                continue
            lines += [
                f"{title}; X-Page-Cache: what a plain anonymous request got once warm",
                "",
                "| page | req/s | p95 ms | req/s ÷ bare | p95 ÷ bare | errors | X-Page-Cache |",
                "|---|---:|---:|---:|---:|---:|---|",
            ]
            for name, v in pages[way].items():
                lines.append(
                    f"| {name} | {v['rps']:.0f} | {v['p95_ms']:.1f} | {v['rps_ratio']:.3f} | "
                    f"{v['p95_ratio']:.1f} | {v['errors']} | {v.get('page_cache', '–')} |"
                )
            lines.append("")
    if r.get("queries"):
        sizes = list(r["queries"])
        names = [k for k in r["queries"][sizes[0]] if k != "ideas"]
        lines += [
            "### 2. Database queries per request",
            "",
            "| screen | " + " | ".join(f"{r['queries'][s]['ideas']:,} cases" for s in sizes) + " |",
            "|---|" + "---:|" * len(sizes),
        ]
        for name in names:
            lines.append(
                f"| {name} | " + " | ".join(str(r["queries"][s][name]) for s in sizes) + " |"
            )
        lines.append("")
    if r.get("board"):
        b = r["board"]
        lines += [
            "### 4. Case board, one coach with "
            f"{b['coach_cases']} of 10,000 cases (wrk, 1 connection)",
            "",
            f"p50 {b['p50_ms']:.0f} ms, p95 {b['p95_ms']:.0f} ms "
            f"(bare view p95 {b['bare_p95_ms']:.1f} ms; ratio {b['p95_ratio']:.0f}); "
            f"errors {b['errors']}",
            "",
        ]
    if r.get("submit"):
        s = r["submit"]
        lines += [
            f"### 5. Submissions: {r['settings']['clients']} clients × "
            f"{r['settings']['ideas_per_client']} ideas, PostgreSQL",
            "",
            f"every one of {s['expected']} stored exactly once in every repetition: "
            f"{'yes' if s['all_stored_once'] else 'NO'}; server errors: {s['server_errors']}; "
            f"POST p50 {s['p50_ms']:.0f} ms, p95 {s['p95_ms']:.0f} ms; "
            f"{s['ideas_per_s']:.1f} ideas/s",
            "",
            "| rep | stored | distinct | duplicates | statuses | p95 ms | wall s |",
            "|---|---:|---:|---:|---|---:|---:|",
        ]
        for n, rep in enumerate(s["reps"], 1):
            lines.append(
                f"| {n} | {rep['stored']} | {rep['distinct']} | {rep['duplicates']} | "
                f"{rep['statuses']} | {rep['p95_ms']:.0f} | {rep['wall_s']:.0f} |"
            )
        lines.append("")
    if r.get("unassign"):
        u = r["unassign"]
        lines += [
            "### 6. Unassignment commit → first search without the note",
            "",
            f"median {u['unassign_median_s'] * 1000:.0f} ms over {u['repeat']} cases "
            f"({', '.join(f'{x * 1000:.0f}' for x in u['unassign_s'])} ms); "
            f"assignment → note found: median {u['assign_median_s'] * 1000:.0f} ms",
            "",
        ]
    if r.get("search"):
        lines += [
            "### 3. Search: the catalog beside Wagtail's database backend, same idea pages",
            "",
            "Public search as the anonymous visitor; the catalog's answer includes trimming, "
            "facets and highlighted snippets, Wagtail's is "
            "`IdeaPage.objects.live().public().search(q, operator='and')`, first page and "
            "count. Latency ratio = catalog ÷ Wagtail (lower is better); rebuild ratio = "
            "catalog ÷ Wagtail in idea pages/s (higher is better).",
            "",
            "| database | idea pages | catalog p50 / p95 ms | Wagtail p50 / p95 ms | "
            "p95 ratio | rebuild catalog / Wagtail per s | rebuild ratio | full catalog rebuild |",
            "|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for c in r["search"]["compare"]:
            full = c.get("full_rebuild", {})
            lines.append(
                f"| {c['vendor']} | {c['idea_pages']:,} | {c['catalog_p50']:.1f} / "
                f"{c['catalog_p95']:.1f} | {c['wagtail_p50']:.1f} / {c['wagtail_p95']:.1f} | "
                f"{c['p95_ratio']:.2f} | {c['rebuild_catalog_per_s']:.0f} / "
                f"{c['rebuild_wagtail_per_s']:.0f} | {c['rebuild_ratio']:.2f} | "
                + (f"{full['entries']:,} entries at {full['per_s']:.0f}/s" if full else "not run")
                + " |"
            )
        lines += [
            "",
            "The engine alone on synthetic entries (`catalog_benchmark.py`, one run):",
            "",
            f"`{r['search']['engine_command']}`",
            "",
            "```",
            r["search"]["engine_output"].strip(),
            "```",
            "",
        ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", choices=["small", "full"], default="small")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--port", type=int, default=8020)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--duration", type=int, default=5, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (Procfile: 3)")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument(
        "--db-prefix",
        default="h_bench_",
        help="names of the generated databases of items 1 and 2 (dropped and recreated)",
    )
    parser.add_argument(
        "--page-cache-redis",
        default="redis://127.0.0.1:6379/7",
        help="item 1 runs again with the page cache on this Redis database, flushed first "
        "('' skips the cached way)",
    )
    parser.add_argument(
        "--submit-repeat",
        type=int,
        default=0,
        help="repetitions of the submission load (default --repeat; one takes minutes)",
    )
    parser.add_argument("--ideas-per-client", type=int, default=40)
    parser.add_argument(
        "--submit-db",
        default="h_bench_submit",
        help="database of the submission load (dropped and recreated with 100 ideas)",
    )
    parser.add_argument(
        "--steps",
        default="generate,queries,pages,board,unassign,submit,search",
        help="comma-separated subset",
    )
    parser.add_argument(
        "--reuse", action="store_true", help="keep the generated databases of an earlier run"
    )
    args = parser.parse_args()
    if args.repeat < 5:
        parser.error("--repeat must be at least 5: every figure is a median of five or more")
    Bench(args).main()


if __name__ == "__main__":
    main()
