"""A simulated working day against the page cache: hit ratio, precise tags vs clearing all.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_cache_day \\
    REDIS_URL=redis://127.0.0.1:6379/12 \\
    .venv/bin/python tests/benchmarks/cache_day.py --generate --ideas 10000 --requests 50000

One process, Django's test client against the real middleware, PostgreSQL and
Redis (the database index in ``REDIS_URL`` is emptied before each mode: give
it one of its own). Anonymous visitors ask for public pages with a skewed
popularity (home pages, ideas index and its filters, idea pages, meetings,
proposals, the public search), while coaches move cases (``--transitions``),
editors publish idea pages (``--publishes``) and an administrator edits a
footer (``--footer-edits``), spread evenly over the requests. Background work
(catalog updates, purges) runs at each commit (django-tasks' immediate
backend), as a prompt worker would.

The same day is run twice, side by side, with the same seed:

- ``tags``: the product as it is (``cms/pagecache``: each write bumps the tags
  of the pages that show it);
- ``clear-all``: every write makes the whole cache stale, as the page cache
  did before tags (one generation for everything).

It prints the hit ratio of each (hits / anonymous page requests) and their
ratio, as a Markdown table.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.benchmarks.settings")
os.environ.setdefault("PAGE_CACHE_SECONDS", str(7 * 24 * 3600))
# Background work (catalog drain, purges, refresh-ahead) at each commit, as a
# prompt worker would; read by the settings, so set before they load.
os.environ["TASKS_BACKEND"] = "django_tasks.backends.immediate.ImmediateBackend"


def setup():
    import django
    from django.conf import settings

    # No collectstatic needed: pages name their static files as they are.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    django.setup()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    if not settings.PAGE_CACHE_SECONDS or "redis" not in settings.CACHES["default"]["BACKEND"]:
        sys.exit("Needs REDIS_URL and PAGE_CACHE_SECONDS > 0.")


def zipf_pick(rng: random.Random, items: list, s: float = 1.1):
    # Rank r has weight 1/r^s: a few pages take most visits, as on a real site.
    # Cumulative weights computed once per list: the same picks as passing
    # ``weights`` (random.choices accumulates them itself), without an O(n)
    # pass over 10,000 weights on every request.
    key = (len(items), s)
    cumulative = _ZIPF.get(key)
    if cumulative is None:
        cumulative = _ZIPF[key] = list(
            itertools.accumulate(1 / (r**s) for r in range(1, len(items) + 1))
        )
    return rng.choices(items, cum_weights=cumulative, k=1)[0]


_ZIPF: dict[tuple[int, float], list[float]] = {}


def targets():
    """(host, url) lists by kind, for the mix."""
    from wagtail.models import Locale, Site

    from forum.models import MeetingPage, ProposalPage
    from idelabbet.models import IdeaIndexPage, IdeaPage
    from idelabbet.models.choices import Theme

    hosts = {site.root_page_id: site.hostname for site in Site.objects.all()}

    def host_of(page):
        for root_id, host in hosts.items():
            if page.path.startswith(Site.objects.get(root_page_id=root_id).root_page.path):
                return host
        return "localhost"

    index = IdeaIndexPage.objects.live().first()
    index_host = host_of(index)
    # The index's own ideas (their addresses follow from its url_path), newest
    # first: the most visited. The Swedish pages only: a translation tree of a
    # site that does not offer the language answers 404.
    swedish = Locale.get_default()
    ideas = list(
        IdeaPage.objects.child_of(index)
        .live()
        .order_by("-first_published_at")
        .values_list("url_path", flat=True)
    )
    root = index.url_path[: -len(index.slug) - 1]
    to_url = lambda url_path: url_path[len(root) - 1 :]  # noqa: E731 - site-relative URL
    meetings = [(host_of(m), m.url) for m in MeetingPage.objects.live().filter(locale=swedish)]
    proposals = [(host_of(p), p.url) for p in ProposalPage.objects.live().filter(locale=swedish)]
    words = ["förening", "kultur", "språkcafé", "odling", "unga", "natur", "möte", "bidrag"]
    words += ["trygghet", "integration", "skärgård", "loppis", "musik", "idrott", "läxhjälp"]
    return {
        "home": [(host, "/") for host in hosts.values()],
        "index": [(index_host, index.url)]
        + [(index_host, f"{index.url}?tema={t}") for t in Theme.values],
        "idea": [(index_host, to_url(u)) for u in ideas],
        "meeting": meetings or [(index_host, "/")],
        "proposal": proposals or [(index_host, "/")],
        "search": [(index_host, f"/sok/?q={w}") for w in words],
    }


MIX = [("home", 0.15), ("index", 0.15), ("idea", 0.45), ("meeting", 0.08), ("proposal", 0.07)]
MIX += [("search", 0.10)]


def writes_plan(args) -> dict[int, str]:
    plan: dict[int, str] = {}
    for kind, count in (
        ("transition", args.transitions),
        ("publish", args.publishes),
        ("footer", args.footer_edits),
    ):
        for n in range(count):
            at = int((n + 0.5) * args.requests / count)
            while at in plan:
                at += 1
            plan[at] = kind
    return plan


class Writer:
    def __init__(self, rng: random.Random):
        from django.contrib.auth import get_user_model

        from idelabbet.models import Case

        self.rng = rng
        from idelabbet.models import IdeaPage

        self.cases = list(Case.objects.order_by("pk").values_list("pk", flat=True))
        # An editor publishes a page of its own, never an alias (a translation
        # not yet made, which Wagtail keeps in step with its source).
        self.ideas = list(
            IdeaPage.objects.live()
            .filter(alias_of__isnull=True)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        self.coach = get_user_model().objects.filter(is_superuser=True).first()
        self.done = {"transition": 0, "publish": 0, "footer": 0}

    def transition(self):
        from idelabbet.models import Case
        from idelabbet.services.cases import case_transition
        from idelabbet.workflow import transitions_from

        for _ in range(50):
            case = Case.objects.get(pk=self.rng.choice(self.cases))
            options = [t for t in transitions_from(case.state) if not getattr(t, "required", ())]
            self.rng.shuffle(options)
            for option in options:
                try:
                    case_transition(
                        case=case,
                        user=self.coach,
                        name=option.name,
                        version=case.version,
                        comment="Dagens samtal.",
                        reason="Simulerad arbetsdag.",
                        outcome="genomford",
                    )
                except Exception:  # noqa: BLE001, S112 - a guard refused: try another
                    continue
                self.done["transition"] += 1
                return

    def publish(self):
        from idelabbet.models import IdeaPage

        page = IdeaPage.objects.get(pk=self.rng.choice(self.ideas))
        page.summary = page.summary.rstrip(".") + f". Uppdaterad {time.time():.0f}."
        page.save_revision(user=self.coach).publish(user=self.coach)
        self.done["publish"] += 1

    def footer(self):
        from wagtail.models import Site

        from cms.models import SiteContact

        site = self.rng.choice(list(Site.objects.all()))
        contact = SiteContact.for_site(site)
        contact.phone = f"08-{self.rng.randint(100, 999)} {self.rng.randint(10, 99)} 00"
        contact.save()
        self.done["footer"] += 1


MODES = {
    "tags": "the product: precise tags, the footer stored once per site, refresh-ahead",
    "tags-no-refresh": "the same without refresh-ahead (stale pages wait for a visitor)",
    "clear-all": "every write makes the whole cache stale, as before tags",
}


def clear_cache() -> None:
    from django.conf import settings
    from django.core.cache import caches

    for alias in settings.CACHES:
        if settings.CACHES[alias].get("KEY_PREFIX"):
            caches[alias].delete_pattern("*")  # this mode's keys only (django-redis)
        else:
            caches[alias].clear()  # the whole Redis database index (REDIS_URL)


def run_day(args, mode: str) -> dict:
    from django.test import Client

    from cms.pagecache import invalidation, middleware, refresh, tags

    if not args.keep_cache:
        clear_cache()
    real_bump_and_purge = invalidation.bump_and_purge
    real_bump = tags.bump
    real_schedule = refresh.schedule
    real_clock = middleware.clock
    if mode == "clear-all":

        def everything(found, purge=frozenset()):
            real_bump_and_purge({tags.ALL} if found else set(), purge)

        invalidation.bump_and_purge = everything
        tags.bump = lambda found: real_bump({tags.ALL}) if found else None
    if mode != "tags":
        refresh.schedule = lambda found: None
    # Simulated time: the day's requests spread evenly over its working hours,
    # so entries expire (PAGE_CACHE_SECONDS) as they would on the real site.
    step = args.day_hours * 3600 / args.requests
    now = [time.time()]  # today: what pages say about "upcoming" holds
    middleware.clock = lambda: now[0]
    rng = random.Random(args.seed)
    writer = Writer(random.Random(args.seed + 1))
    pool = targets()
    plan = writes_plan(args)
    kinds, weights = zip(*MIX, strict=True)
    counts = {"hit": 0, "miss": 0, "bypass": 0}
    reasons: dict[str, int] = {}
    by_kind: dict[str, dict[str, int]] = {k: {"hit": 0, "total": 0} for k in kinds}
    client = Client()
    # Clearing everything, counted on this very sequence of requests and writes
    # (see ``shadow_clear_all``): a page is a hit if it was asked for since the
    # last write, a miss otherwise (and stored), a bypass if this run's answer
    # was one (whether a page may be stored does not depend on the mode).
    shadow = {"hit": 0, "miss": 0, "bypass": 0}
    shadow_seen: set[tuple[str, str]] = set()

    def one_day(counted: bool) -> None:
        for n in range(args.requests):
            now[0] += step
            if n in plan:
                before = sum(writer.done.values())
                getattr(writer, plan[n])()
                if sum(writer.done.values()) != before:
                    shadow_seen.clear()
            kind = rng.choices(kinds, weights=weights, k=1)[0]
            host, url = zipf_pick(rng, pool[kind])
            response = client.get(url, headers={"host": host})
            state = response.get("X-Page-Cache", "bypass")
            if state == "bypass":
                shadow_state = "bypass"
            elif (host, url) in shadow_seen:
                shadow_state = "hit"
            else:
                shadow_state = "miss"
                shadow_seen.add((host, url))
            if not counted:
                continue
            shadow[shadow_state] += 1
            counts[state] = counts.get(state, 0) + 1
            by_kind[kind]["total"] += 1
            by_kind[kind]["hit"] += state == "hit"
            if state != "hit":
                reason = state if state == "bypass" else response._page_cache_reason
                if state == "bypass":
                    reason = f"bypass ({response.status_code} {url})"
                reasons[reason] = reasons.get(reason, 0) + 1
            if args.progress and n % 5000 == 0:
                sys.stderr.write(f"{mode}: {n}/{args.requests} {counts}\n")

    try:
        # The day before, with its own visits and writes, not counted; then
        # the night (16 h): the day starts from the cache the site would have.
        # Clearing everything forgets the day before at its first write (the
        # 50th request of 50,000): it starts from the night's cache at once.
        warmed = {}
        if args.warm and mode != "clear-all":
            # As an operator runs it after a deploy or a clear (``release``
            # does): every sitemap page asked for once, through the middleware.
            from cms.pagecache.warm import sitemap_pages

            began = time.monotonic()
            pages = list(sitemap_pages())
            warmed = {"pages": len(pages), "stored": warm_pages(args, pages)}
            warmed["seconds"] = round(time.monotonic() - began)
            if args.progress:
                sys.stderr.write(f"{mode}: warmed {warmed}\n")
        for _ in range(args.previous_days if mode != "clear-all" else 0):
            one_day(counted=False)
            writer.done = dict.fromkeys(writer.done, 0)
            now[0] += (24 - args.day_hours) * 3600
        refresh.stats.update(rendered=0, stored=0)
        started = time.monotonic()
        one_day(counted=True)
    finally:
        invalidation.bump_and_purge = real_bump_and_purge
        tags.bump = real_bump
        refresh.schedule = real_schedule
        middleware.clock = real_clock
    total = sum(counts.values())
    return {
        "mode": mode,
        "hit_ratio": counts["hit"] / total,
        "counts": counts,
        "reasons": dict(sorted(reasons.items(), key=lambda kv: -kv[1])),
        "by_kind": {k: v["hit"] / v["total"] if v["total"] else 0 for k, v in by_kind.items()},
        "writes": dict(writer.done),
        "background_renders": refresh.stats["rendered"],
        "warmed": warmed,
        "shadow_clear_all": shadow,
        "seconds": time.monotonic() - started,
    }


def warm_pages(args, pages: list) -> int:
    """Render ``pages`` as ``page_cache_warm``'s tasks do, on ``--warm-workers`` workers."""
    from cms.pagecache import refresh

    if args.warm_workers <= 1:
        return refresh.render(pages)
    # As several task workers take the queued chunks: each a process of its own.
    procs = []
    for n in range(args.warm_workers):
        cmd = [sys.executable, __file__, f"--warm-slice={n}/{args.warm_workers}"]
        cmd += [f"--key-prefix={args.key_prefix}"] if args.key_prefix else []
        procs.append(subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True))
    stored = 0
    for proc in procs:
        output, _ = proc.communicate()
        if proc.returncode:
            sys.exit(f"a warm worker failed: {proc.args}")
        stored += int(output.split()[-1])
    return stored


def warm_slice(spec: str) -> None:
    from cms.pagecache import refresh
    from cms.pagecache.warm import sitemap_pages

    n, workers = (int(x) for x in spec.split("/"))
    pages = list(sitemap_pages())[n::workers]
    sys.stdout.write(f"{refresh.render(pages)}\n")


def run_parallel(modes: list[str]) -> list[dict]:
    """Each mode in a process of its own, at the same time, under its own cache keys.

    They share the database: a mode's writes change what the other renders,
    never which of its pages are stale (its own writes bump its own keys).
    """
    procs = []
    for mode in modes:
        out = Path(tempfile.mkstemp(suffix=f"-{mode}.json")[1])
        argv = [a for a in sys.argv[1:] if a not in ("--parallel", "--generate")]
        cmd = [sys.executable, __file__, *argv, f"--modes={mode}", f"--key-prefix=day-{mode}"]
        procs.append((out, subprocess.Popen([*cmd, f"--json={out}"])))
    results = []
    for out, proc in procs:
        if proc.wait():
            sys.exit(f"a mode failed: {proc.args}")
        results += json.loads(out.read_text())
        out.unlink()
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--generate", action="store_true", help="migrate and generate the data")
    parser.add_argument("--ideas", type=int, default=10000)
    parser.add_argument("--requests", type=int, default=50000)
    parser.add_argument("--transitions", type=int, default=500)
    parser.add_argument("--publishes", type=int, default=50)
    parser.add_argument("--footer-edits", type=int, default=20)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--previous-days",
        type=int,
        default=1,
        help="identical days (visits and writes) before the counted one, not counted",
    )
    parser.add_argument(
        "--warm",
        action="store_true",
        help="start from the cache `manage.py page_cache_warm` leaves (not for clear-all, "
        "whose first write empties it)",
    )
    parser.add_argument(
        "--keep-cache",
        action="store_true",
        help="start from what this mode's keys hold (a cache warmed before), not from empty",
    )
    parser.add_argument(
        "--warm-workers", type=int, default=1, help="processes rendering the warm's pages"
    )
    parser.add_argument("--warm-slice", default="", help=argparse.SUPPRESS)
    parser.add_argument("--day-hours", type=float, default=8.0, help="the working day's length")
    parser.add_argument("--modes", default="tags,clear-all", help=f"of {', '.join(MODES)}")
    parser.add_argument("--parallel", action="store_true", help="each mode in its own process")
    parser.add_argument("--key-prefix", default="", help=argparse.SUPPRESS)
    parser.add_argument("--json", default="", help=argparse.SUPPRESS)
    parser.add_argument("--progress", action="store_true")
    args = parser.parse_args()
    setup()
    from django.conf import settings
    from django.core.management import call_command

    if args.key_prefix:  # before any cache is opened
        for alias in settings.CACHES:
            settings.CACHES[alias]["KEY_PREFIX"] = f"{args.key_prefix}:{alias}"

    if args.warm_slice:
        warm_slice(args.warm_slice)
        return

    if args.generate:
        call_command("migrate", verbosity=0)
        call_command("setup_municipalities", verbosity=0)
        call_command("generate_data", ideas=args.ideas, allow_production=True, verbosity=0)

    modes = args.modes.split(",")
    if args.parallel and len(modes) > 1:
        results = run_parallel(modes)
    else:
        results = [run_day(args, mode) for mode in modes]
        if args.json:
            Path(args.json).write_text(json.dumps(results))
            return
    out = sys.stdout.write
    out(
        f"Working day: {args.requests} anonymous requests over {args.day_hours:g} h after "
        f"{args.previous_days} uncounted identical day(s), writes {results[0]['writes']}, "
        f"PAGE_CACHE_SECONDS={settings.PAGE_CACHE_SECONDS}\n\n"
    )
    kinds = list(results[0]["by_kind"])
    out("| mode | hit ratio | hits | misses | bypass | " + " | ".join(kinds) + " |\n")
    out("|---|---|---|---|---|" + "---|" * len(kinds) + "\n")
    for r in results:
        per_kind = " | ".join(f"{v:.1%}" for v in r["by_kind"].values())
        c = r["counts"]
        out(
            f"| {r['mode']} | **{r['hit_ratio']:.1%}** | {c['hit']} | {c['miss']} | "
            f"{c['bypass']} | {per_kind} |\n"
        )
    for r in results:
        c = r["shadow_clear_all"]
        total = sum(c.values())
        out(
            f"| clear-all, counted on the {r['mode']} run's own requests and writes | "
            f"**{c['hit'] / total:.1%}** | {c['hit']} | {c['miss']} | {c['bypass']} |"
            + " – |" * len(kinds)
            + "\n"
        )
    out("\nWhy the rest were not hits (misses and bypasses by reason), background renders:\n\n")
    for r in results:
        why = ", ".join(f"{k} {v}" for k, v in r["reasons"].items())
        out(f"- {r['mode']}: {why}; background renders {r['background_renders']}; ")
        out(f"{r['seconds']:.0f} s")
        if r.get("warmed"):
            w = r["warmed"]
            out(f"; started from page_cache_warm: {w['pages']} pages, {w['stored']} stored")
        out("\n")
    by_mode = {r["mode"]: r["hit_ratio"] for r in results}
    if {"tags", "clear-all"} <= set(by_mode):
        out(f"\nHit ratio, tags / clear-all: {by_mode['tags'] / by_mode['clear-all']:.2f}\n")


if __name__ == "__main__":
    main()
