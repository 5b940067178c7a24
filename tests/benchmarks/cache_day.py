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
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.benchmarks.settings")
os.environ.setdefault("PAGE_CACHE_SECONDS", "300")


def setup():
    import django
    from django.conf import settings

    # No collectstatic needed: pages name their static files as they are.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    django.setup()
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "QUEUES": ["default", "email", "search"],
        }
    }
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    if not settings.PAGE_CACHE_SECONDS or "redis" not in settings.CACHES["default"]["BACKEND"]:
        sys.exit("Needs REDIS_URL and PAGE_CACHE_SECONDS > 0.")


def zipf_pick(rng: random.Random, items: list, s: float = 1.1):
    # Rank r has weight 1/r^s: a few pages take most visits, as on a real site.
    weights = getattr(zipf_pick, "_w", {}).get((len(items), s))
    if weights is None:
        weights = [1 / (r**s) for r in range(1, len(items) + 1)]
        zipf_pick._w = {**getattr(zipf_pick, "_w", {}), (len(items), s): weights}
    return rng.choices(items, weights=weights, k=1)[0]


def targets():
    """(host, url) lists by kind, for the mix."""
    from wagtail.models import Site

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
    ideas = list(
        IdeaPage.objects.live().order_by("-first_published_at").values_list("url_path", flat=True)
    )
    root = index.url_path[: -len(index.slug) - 1]
    to_url = lambda url_path: url_path[len(root) - 1 :]  # noqa: E731 - site-relative URL
    meetings = [(host_of(m), m.url) for m in MeetingPage.objects.live()]
    proposals = [(host_of(p), p.url) for p in ProposalPage.objects.live()]
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
        self.cases = list(Case.objects.values_list("pk", flat=True))
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

        page = IdeaPage.objects.live().order_by("?").first()
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


def run_day(args, mode: str) -> dict:
    from django.core.cache import cache
    from django.test import Client

    from cms.pagecache import invalidation, tags

    cache.clear()  # this mode's own Redis database index (REDIS_URL)
    real_bump_and_purge = invalidation.bump_and_purge
    if mode == "clear-all":

        def everything(found, purge=frozenset()):
            real_bump_and_purge({tags.ALL} if found else set(), purge)

        invalidation.bump_and_purge = everything
        real_bump = tags.bump
        tags.bump = lambda found: real_bump({tags.ALL}) if found else None
    rng = random.Random(args.seed)
    writer = Writer(random.Random(args.seed + 1))
    pool = targets()
    plan = writes_plan(args)
    kinds, weights = zip(*MIX, strict=True)
    counts = {"hit": 0, "miss": 0, "bypass": 0}
    by_kind: dict[str, dict[str, int]] = {k: {"hit": 0, "total": 0} for k in kinds}
    client = Client()
    # A morning before the day: the same mix without writes, not counted, so
    # the day starts from a warm cache as a real one would.
    for _ in range(args.warmup):
        host, url = zipf_pick(rng, pool[rng.choices(kinds, weights=weights, k=1)[0]])
        client.get(url, headers={"host": host})
    started = time.monotonic()
    try:
        for n in range(args.requests):
            if n in plan:
                getattr(writer, plan[n])()
            kind = rng.choices(kinds, weights=weights, k=1)[0]
            host, url = zipf_pick(rng, pool[kind])
            response = client.get(url, headers={"host": host})
            state = response.get("X-Page-Cache", "bypass")
            counts[state] = counts.get(state, 0) + 1
            by_kind[kind]["total"] += 1
            by_kind[kind]["hit"] += state == "hit"
            if args.progress and n % 5000 == 0:
                sys.stderr.write(f"{mode}: {n}/{args.requests} {counts}\n")
    finally:
        invalidation.bump_and_purge = real_bump_and_purge
        if mode == "clear-all":
            tags.bump = real_bump
    total = sum(counts.values())
    return {
        "mode": mode,
        "hit_ratio": counts["hit"] / total,
        "counts": counts,
        "by_kind": {k: v["hit"] / v["total"] if v["total"] else 0 for k, v in by_kind.items()},
        "writes": dict(writer.done),
        "seconds": time.monotonic() - started,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--generate", action="store_true", help="migrate and generate the data")
    parser.add_argument("--ideas", type=int, default=10000)
    parser.add_argument("--requests", type=int, default=50000)
    parser.add_argument("--transitions", type=int, default=500)
    parser.add_argument("--publishes", type=int, default=50)
    parser.add_argument("--footer-edits", type=int, default=20)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--warmup", type=int, default=0, help="uncounted requests first")
    parser.add_argument("--progress", action="store_true")
    args = parser.parse_args()
    setup()
    from django.core.management import call_command

    if args.generate:
        call_command("migrate", verbosity=0)
        call_command("setup_municipalities", verbosity=0)
        call_command("generate_data", ideas=args.ideas, allow_production=True, verbosity=0)
    results = [run_day(args, "tags"), run_day(args, "clear-all")]
    out = sys.stdout.write
    out(f"Working day: {args.requests} anonymous requests, writes {results[0]['writes']}\n\n")
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
    ratio = results[0]["hit_ratio"] / results[1]["hit_ratio"]
    out(f"\nHit ratio, tags / clear-all: {ratio:.2f}\n")


if __name__ == "__main__":
    main()
