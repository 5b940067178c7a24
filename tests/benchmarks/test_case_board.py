"""Benchmark (not a timed test): the case board with 10,000 cases, 500 of them one coach's.

Run explicitly, preferably on PostgreSQL:

    BENCHMARK=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> \\
        .venv/bin/python -m pytest tests/benchmarks -s -p no:warnings

It prints p50/p95 of the coach's board and asserts the query count equals
the count with 10 cases. The 9,500 other cases are bulk-inserted (with the
guardian rows the workflow would give them) to keep the setup short.
"""

import os
import statistics
import sys
import time
import uuid

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from idelabbet.models import Case, CaseGroupObjectPermission, IdeaSubmission
from idelabbet.workflow import State
from tests.factories import UserFactory
from tests.idelabbet.conftest import make_case

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not os.environ.get("BENCHMARK"), reason="benchmark: set BENCHMARK=1"),
]

RUNS = 40


def _measure(client, url):
    timings = []
    for _ in range(RUNS):
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1]


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    slowest = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:3]
    sys.stdout.write(
        f"\nSQL {sum(float(q['time']) for q in queries.captured_queries) * 1000:.0f} ms; "
        + "; ".join(f"{float(q['time']) * 1000:.0f} ms {q['sql'][:120]}" for q in slowest)
    )
    return len(queries)


def _bulk_other_cases(index, count):
    now = timezone.now()
    submissions = IdeaSubmission.objects.bulk_create(
        IdeaSubmission(
            form_key=uuid.uuid4(),
            name="Testperson",
            email="test@example.se",
            consent_at=now,
            token_nonce=uuid.uuid4().hex,
            token_hash=uuid.uuid4().hex + uuid.uuid4().hex,
        )
        for _ in range(count)
    )
    cases = Case.objects.bulk_create(
        Case(index=index, submission=s, deadline_at=now, deadline_kind="forsta-kontakt")
        for s in submissions
    )
    perms = {p.codename: p for p in Permission.objects.filter(content_type__model="case")}
    rows = []
    for case in cases:
        for codename in ("view_case", "change_case", "note_case", "transition_case"):
            rows.append(
                CaseGroupObjectPermission(
                    content_object=case, group=index.coach_group, permission=perms[codename]
                )
            )
    CaseGroupObjectPermission.objects.bulk_create(rows, batch_size=5000)


def test_board_with_10000_cases(client, ideas_index):
    coach = UserFactory(username="coach.bench", groups=["Ekerö coacher"])
    client.force_login(coach)
    url = reverse("idelabbet-arenden:index")
    # The coach's cases are spread over every state: every column is full.
    states = State.values
    for n in range(10):
        make_case(ideas_index, state=states[n % 10], coaches=[coach], title=f"Idé {n}")
    client.get(url)
    small_queries = _queries(client, url)
    small = _measure(client, url)
    for n in range(10, 500):
        make_case(ideas_index, state=states[n % 10], coaches=[coach], title=f"Idé {n}")
    _bulk_other_cases(ideas_index, 9500)
    assert Case.objects.count() == 10_000
    assert Case.objects.filter(coaches=coach).count() == 500
    client.get(url)
    big_queries = _queries(client, url)
    p50, p95 = _measure(client, url)
    sys.stdout.write(
        f"\ncase board, coach with 500 of 10,000 cases: p50 {p50:.0f} ms, p95 {p95:.0f} ms, "
        f"{big_queries} queries (10 cases: p50 {small[0]:.0f} ms, p95 {small[1]:.0f} ms, "
        f"{small_queries} queries)\n"
    )
    assert big_queries == small_queries
