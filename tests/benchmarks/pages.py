"""Every public page type, cached and uncached, beside the bare Django view and a StandardPage.

    .venv/bin/python tests/benchmarks/pages.py --sizes 100,10000 \\
        --pg postgres://postgres@127.0.0.1:5432 --db-prefix h_pages_ \\
        --redis redis://127.0.0.1:6379/8

For each size a PostgreSQL database ``<prefix><size>`` is generated when it
does not exist (``--regenerate`` drops it first): migrate,
``setup_municipalities``, ``generate_data --ideas <size>``. One process per
size then asks for every public page type through Django's whole handler and
middleware (production settings, ``tests/benchmarks/settings.py``; in
process, no HTTP server, so the figures are the application's own cost), with
the page cache off (``PAGE_CACHE_SECONDS=0``) and on (Redis at ``--redis``,
under keys of its own, emptied first).

Each of ``--repeat`` (>= 5) rounds times every page, the bare view and a plain
Wagtail ``StandardPage`` one after another (at least ``--min-requests``
requests and ``--min-seconds`` each), so each ratio compares figures taken
side by side; the table gives the medians of the rounds' ratios:

- ``÷ bare``: time per request ÷ the bare Django view's (same middleware);
- ``÷ StandardPage``: time per request ÷ the uncached StandardPage's.

Queries are counted on one uncached request. Pages that carry a per-visitor
token or a private link (the participation form, the meeting's registration
form, the accessibility feedback form, the Snabb slant form) are never cached
by design: their cached column says so.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.benchmarks.settings")
BASELINES = ("bare Django view", "StandardPage")


def out(line: str = "") -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def log(line: str) -> None:
    sys.stderr.write(f"[{time.strftime('%H:%M:%S')}] {line}\n")
    sys.stderr.flush()


# -- one size, in its own process -----------------------------------------------


def setup(key_prefix: str) -> None:
    import django
    from django.conf import settings

    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    for alias in settings.CACHES:
        settings.CACHES[alias]["KEY_PREFIX"] = f"{key_prefix}:{alias}"
    django.setup()


def targets() -> dict[str, tuple[str, str, bool]]:
    """name -> (host, path with query, cacheable by design)."""
    from cms.models import AccessibilityStatementPage, StandardPage
    from forum.models import ForumIndexPage, MeetingPage, ProposalPage
    from idelabbet.models import IdeaIndexPage, IdeaPage, IdeaSubmission
    from idelabbet.tokens import hash_token, make_token

    ekero, jonkoping = "localhost", "jonkoping.localhost"

    def rel(page) -> str:
        return page.get_url_parts()[2]

    def host(page) -> str:
        return jonkoping if page.url_path.startswith("/jonkoping") else ekero

    index = IdeaIndexPage.objects.live().first()
    ideas = IdeaPage.objects.child_of(index).live().order_by("-first_published_at", "-pk")
    idea = ideas.first()
    # The oldest idea's neighbour: the far end of the keyset pagination.
    far = ideas.reverse()[1] if ideas.count() > 2 else idea
    standard = StandardPage.objects.live().order_by("depth", "pk").first()
    statement = AccessibilityStatementPage.objects.live().first()
    forum = ForumIndexPage.objects.live().first()
    meeting = MeetingPage.objects.live().order_by("-start").first()
    proposal = ProposalPage.objects.live().first()
    found: dict[str, tuple[str, str, bool]] = {
        "bare Django view": (ekero, "/bench/bare/", True),
        "StandardPage": (host(standard), rel(standard), True),
        "home": (ekero, "/", True),
        "ideas index": (ekero, rel(index), True),
        "ideas index, theme filter": (ekero, f"{rel(index)}?tema={idea.theme}", True),
        "ideas index, far page": (ekero, f"{rel(index)}?efter={far.pk}", True),
        "idea page": (ekero, rel(idea), True),
        "participation page": (ekero, f"/idelabbet/ide/{idea.pk}/vara-med/", False),
        "forum index": (host(forum), rel(forum), True),
        "meeting page": (host(meeting), rel(meeting), True),
        "registration page": (host(meeting), f"{rel(meeting)}anmalan/", False),
        "proposals": (host(forum), f"{rel(forum)}forslag/", True),
        "proposals, status filter": (host(forum), f"{rel(forum)}forslag/?status=done", True),
        "proposal page": (host(proposal), rel(proposal), True),
        "public search": (ekero, "/sok/?q=spr%C3%A5kcaf%C3%A9", True),
        "accessibility statement": (host(statement), rel(statement), True),
        "accessibility feedback page": (
            host(statement),
            f"/tillganglighet/{statement.pk}/synpunkt/",
            False,
        ),
    }
    for submission in IdeaSubmission.objects.filter(idea__isnull=False).order_by("-pk")[:200]:
        token = make_token(form_key=submission.form_key, nonce=submission.token_nonce)
        if hash_token(token) == submission.token_hash:
            found["Snabb slant page"] = (ekero, f"/idelabbet/status/{token}/snabb-slant/", False)
            break
    return found


def _environ(host: str, url: str) -> dict:
    path, _sep, query = url.partition("?")
    return {
        "REQUEST_METHOD": "GET",
        "SCRIPT_NAME": "",
        "PATH_INFO": path.encode().decode("iso-8859-1"),
        "QUERY_STRING": query,
        "SERVER_NAME": host,
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": host,
        "HTTP_ACCEPT_LANGUAGE": "sv",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": io.StringIO(),
    }


def measure_size(args) -> dict:
    from django.conf import settings
    from django.core.cache import caches
    from django.core.handlers.base import BaseHandler
    from django.core.handlers.wsgi import WSGIRequest
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from idelabbet.models import IdeaPage

    handler = BaseHandler()
    handler.load_middleware()
    pages = targets()

    def get(name: str):
        host, url = pages[name][:2]
        return handler.get_response(WSGIRequest(_environ(host, url)))

    def timed(name: str) -> float:
        get(name)  # warm (and, cached, stored)
        count, started = 0, time.perf_counter()
        while True:
            response = get(name)
            count += 1
            elapsed = time.perf_counter() - started
            if count >= args.min_requests and elapsed >= args.min_seconds:
                break
        assert response.status_code == 200, (name, response.status_code)
        return elapsed / count

    result: dict = {"ideas": IdeaPage.objects.live().count(), "pages": {}}
    settings.PAGE_CACHE_SECONDS = 0
    for name in pages:
        get(name)
        with CaptureQueriesContext(connection) as queries:
            response = get(name)
        if response.status_code != 200:
            sys.exit(f"{name}: {pages[name][1]} answered {response.status_code}")
        result["pages"][name] = {"queries": len(queries), "uncached": [], "cached": []}
    for way, seconds in (("uncached", 0), ("cached", 86400)):
        settings.PAGE_CACHE_SECONDS = seconds
        for alias in settings.CACHES:
            caches[alias].delete_pattern("*")  # this run's keys only
        for rep in range(args.repeat):
            log(f"{result['ideas']} ideas, {way}, round {rep + 1}/{args.repeat}")
            for name in pages:
                result["pages"][name][way].append(timed(name))
        for name in pages:
            result["pages"][name][f"{way}_state"] = get(name).get("X-Page-Cache", "–")
    settings.PAGE_CACHE_SECONDS = 0
    return result


# -- the report ---------------------------------------------------------------


def ratios(result: dict) -> dict:
    pages = result["pages"]
    bare_u, std_u = pages["bare Django view"]["uncached"], pages["StandardPage"]["uncached"]
    bare_c = pages["bare Django view"]["cached"]
    table = {}
    for name, p in pages.items():
        row = {"queries": p["queries"]}
        for way, bare in (("uncached", bare_u), ("cached", bare_c)):
            times = p[way]
            row[f"{way}_ms"] = statistics.median(times) * 1000
            row[f"{way}_bare"] = statistics.median(t / b for t, b in zip(times, bare, strict=True))
            row[f"{way}_std"] = statistics.median(t / s for t, s in zip(times, std_u, strict=True))
            row[f"{way}_state"] = p[f"{way}_state"]
        table[name] = row
    return table


def render(results: list[dict], command: str, repeat: int) -> str:
    lines = [f"Command: `{command}`", ""]
    for result in results:
        table = ratios(result)
        lines += [
            f"#### {result['ideas']:,} published ideas (medians of {repeat} rounds)",
            "",
            "| page | queries | uncached ms | ÷ bare | ÷ StandardPage | cached ms | ÷ bare "
            "| ÷ StandardPage | X-Page-Cache |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---|",
        ]
        for name, r in table.items():
            if r["cached_state"] == "hit" or name == "bare Django view":
                cached = (
                    f"{r['cached_ms']:.2f} | {r['cached_bare']:.2f} | {r['cached_std']:.2f} | "
                    f"{r['cached_state'] if name != 'bare Django view' else '–'}"
                )
            else:
                cached = f"– | – | – | {r['cached_state']} (never cached: per-visitor)"
            lines.append(
                f"| {name} | {r['queries']} | {r['uncached_ms']:.1f} | {r['uncached_bare']:.1f} | "
                f"{r['uncached_std']:.2f} | {cached} |"
            )
        lines.append("")
    return "\n".join(lines)


# -- driver -------------------------------------------------------------------


def ensure_database(args, size: int) -> str:
    if args.database:
        return args.database  # one size, a database generated before
    name = f"{args.db_prefix}{size}"
    url = f"{args.pg.rstrip('/')}/{name}"
    listed = subprocess.run(
        ["psql", f"{args.pg.rstrip('/')}/postgres", "-Atc", "select datname from pg_database"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    if args.regenerate or name not in listed:
        env = {**os.environ, "DATABASE_URL": url}
        subprocess.run(
            ["psql", f"{args.pg.rstrip('/')}/postgres", "-qc", f'DROP DATABASE IF EXISTS "{name}"'],
            check=True,
        )
        subprocess.run(
            ["psql", f"{args.pg.rstrip('/')}/postgres", "-qc", f'CREATE DATABASE "{name}"'],
            check=True,
        )
        started = time.perf_counter()
        for cmd in (
            ["migrate", "--noinput", "-v0"],
            ["setup_municipalities", "-v0"],
            ["generate_data", f"--ideas={size}", "--allow-production", "-v0"],
        ):
            subprocess.run([sys.executable, "manage.py", *cmd], cwd=ROOT, env=env, check=True)
        log(f"{name}: generated {size} ideas in {time.perf_counter() - started:.0f} s")
    return url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100,10000")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--db-prefix", default="h_pages_")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/8")
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--database", default="", help="with one size: use this database as is")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--min-requests", type=int, default=5)
    parser.add_argument("--min-seconds", type=float, default=0.3)
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.repeat < 5:
        parser.error("--repeat must be at least 5: every figure is a median of five or more")
    if args.one:
        setup(f"pages-bench-{os.getpid()}")
        out("JSON " + json.dumps(measure_size(args)))
        return
    results = []
    for size in [int(s) for s in args.sizes.split(",")]:
        env = {
            **os.environ,
            "DATABASE_URL": ensure_database(args, size),
            "REDIS_URL": args.redis,
            "PAGE_CACHE_SECONDS": "86400",
        }
        argv = [a for a in sys.argv[1:] if a != "--regenerate"]
        proc = subprocess.run(
            [sys.executable, __file__, *argv, "--one"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            text=True,
            check=True,
        )
        line = next(ln for ln in proc.stdout.splitlines() if ln.startswith("JSON "))
        results.append(json.loads(line[5:]))
    command = " ".join(["python", "tests/benchmarks/pages.py", *sys.argv[1:]])
    out(render(results, command, args.repeat))


if __name__ == "__main__":
    main()
