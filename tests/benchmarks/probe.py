"""In-process benchmark steps, run by ``run.py`` against one generated database.

Each subcommand prints one JSON object on its last line. Settings:
``tests.benchmarks.settings``; database: ``DATABASE_URL``.

    probe.py targets        URLs and a logged-in coach's session cookie for the load tool
    probe.py counts         database queries per public page and admin screen
    probe.py index-public   catalog entries for every page (ideas, meetings, …), not cases/notes
    probe.py unassign       item 6: unassignment commit → note gone from the coach's search
    probe.py submissions    item 5: how many of a run's ideas were stored, and how often
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.benchmarks.settings")


def emit(data) -> None:
    sys.stdout.write(json.dumps(data) + "\n")
    sys.stdout.flush()


def _coach():
    from django.contrib.auth import get_user_model

    # coach.gen.0 holds every N-th generated case (round robin): 500 of 10,000
    # with 20 coaches.
    return get_user_model().objects.get(username="coach.gen.0")


def _idea_and_meeting():
    from forum.models import MeetingPage
    from idelabbet.models import IdeaPage

    idea = IdeaPage.objects.live().filter(slug__regex=r"-\d+$").order_by("-pk").first()
    meeting = MeetingPage.objects.live().filter(status="held", slug__startswith="forum-gen-").last()
    return idea, meeting


def _coach_case():
    from idelabbet.models import Case

    return (
        Case.objects.filter(coaches=_coach(), state="coachning", notes__isnull=False)
        .order_by("-pk")
        .first()
    )


def targets(args) -> None:
    from django.test import Client

    idea, meeting = _idea_and_meeting()
    client = Client()
    client.force_login(_coach())
    case = _coach_case()
    emit(
        {
            "idea": idea.url_path.removeprefix("/ekero"),
            "meeting": meeting.url_path.removeprefix("/jonkoping"),
            "case": f"/admin/idelabbet/arenden/{case.pk}/",
            "session": client.cookies["sessionid"].value,
            "coach_cases": _coach().idelabbet_cases.count(),
        }
    )


def counts(args) -> None:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from idelabbet.models import Case

    idea, meeting = _idea_and_meeting()
    case = _coach_case()
    User = get_user_model()
    public = Client()
    coach = Client()
    coach.force_login(_coach())
    moderator = Client()
    moderator.force_login(User.objects.get(username="moderator.ekero"))
    screens = {
        "home": (public, "/", "localhost"),
        "idea page": (public, idea.url_path.removeprefix("/ekero"), "localhost"),
        "ideas index": (public, "/ideer/", "localhost"),
        "meeting page": (
            public,
            meeting.url_path.removeprefix("/jonkoping"),
            "jonkoping.localhost",
        ),
        "search page": (public, "/sok/?q=spr%C3%A5kcaf%C3%A9", "localhost"),
        "case board": (coach, "/admin/idelabbet/arenden/", "localhost"),
        "case page": (coach, f"/admin/idelabbet/arenden/{case.pk}/", "localhost"),
        "moderation queue": (moderator, "/admin/idelabbet-granskning/", "localhost"),
    }
    result = {"ideas": Case.objects.count()}
    for name, (client, url, host) in screens.items():
        client.get(url, headers={"host": host})  # warm: site root paths, sessions
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, headers={"host": host})
        assert response.status_code == 200, (name, url, response.status_code)
        result[name] = len(queries)
    emit(result)


def index_public(args) -> None:
    from search.engines import get_engine
    from search.registry import sources
    from search.services import _entry_batches

    pages = [s for s in sources() if s.kind not in ("case", "note")]
    started = time.perf_counter()
    count = get_engine().rebuild(_entry_batches(pages, 500))
    emit({"entries": count, "seconds": time.perf_counter() - started})


def _visible(user, token: str, key: str) -> bool:
    from search.selectors import catalog_search

    return key in catalog_search(user=user, query=token, per_page=50).keys


def _wait(user, token: str, key: str, *, present: bool, limit: float = 60.0) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < limit:
        if _visible(user, token, key) == present:
            return time.perf_counter() - started
        time.sleep(0.005)
    raise TimeoutError(f"{key} {'never appeared' if present else 'never disappeared'}")


def unassign(args) -> None:
    """Unassign a coach through the service and time until their search drops the note.

    The real path: the service commits guardian rows and outbox rows in one
    transaction, its on_commit hook enqueues the drain task in the database
    task backend, and a separate ``manage.py db_worker`` process (started here,
    as in the Procfile) runs it.
    """
    from django.contrib.auth import get_user_model

    from idelabbet.models import Case, NoteVisibility
    from idelabbet.services.cases import case_coaches_set
    from idelabbet.services.notes import note_change
    from search.services import catalog_drain

    catalog_drain()  # whatever earlier steps left queued
    User = get_user_model()
    lead = User.objects.get(username="processledare.ekero")
    others = list(User.objects.filter(username__startswith="coach.gen.").order_by("pk"))
    cases = list(
        Case.objects.filter(state="coachning", notes__visibility=NoteVisibility.TEAM)
        .distinct()
        .order_by("pk")[: args.repeat]
    )
    worker = subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), "db_worker", "--queue-name", "*"],
        env=os.environ.copy(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    grants, removals = [], []
    try:
        time.sleep(3)  # the worker's startup
        for case in cases:
            owner = case.coaches.get()
            guest = next(u for u in others if u.pk != owner.pk)
            note = case.notes.filter(visibility=NoteVisibility.TEAM).first()
            token = f"matpunkt{uuid.uuid4().hex[:10]}"
            note_change(
                note=note,
                user=owner,
                body=f"<p>{token} – teamet ses på torsdag.</p>",
                visibility=NoteVisibility.TEAM,
            )
            key = f"idelabbet.note:{note.pk}"
            _wait(owner, token, key, present=True)
            assert not _visible(guest, token, key)
            case = case_coaches_set(case=case, user=lead, coaches=[owner, guest], version=None)
            grants.append(_wait(guest, token, key, present=True))
            # The service's transaction has committed when it returns (autocommit).
            case_coaches_set(case=case, user=lead, coaches=[owner], version=None)
            removals.append(_wait(guest, token, key, present=False))
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    emit(
        {
            "repeat": len(removals),
            "unassign_s": removals,
            "unassign_median_s": statistics.median(removals),
            "assign_median_s": statistics.median(grants),
        }
    )


def submissions(args) -> None:
    from django.db.models import Count

    from idelabbet.models import Case, IdeaSubmission

    runs = IdeaSubmission.objects.filter(email__startswith=f"{args.tag}.")
    per_title = runs.values("idea__title").annotate(n=Count("pk"))
    emit(
        {
            "stored": runs.count(),
            "distinct": per_title.count(),
            "duplicates": sum(1 for row in per_title if row["n"] > 1),
            "cases": Case.objects.filter(submission__in=runs).count(),
        }
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "step", choices=["targets", "counts", "index-public", "unassign", "submissions"]
    )
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--tag", default="")
    args = parser.parse_args()
    import django

    django.setup()
    {
        "targets": targets,
        "counts": counts,
        "index-public": index_public,
        "unassign": unassign,
        "submissions": submissions,
    }[args.step](args)


if __name__ == "__main__":
    main()
