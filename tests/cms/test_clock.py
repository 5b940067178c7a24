"""The clock: the schedule's fire times (across daylight saving), once-only runs, failures."""

import dataclasses
import io
import itertools
from datetime import UTC, date, datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from freezegun import freeze_time
from wagtail.models import Revision

from cms import schedule
from cms.checks import check_schedule
from cms.clock import clock_tick, job_enqueue_due, latest_due
from cms.models import JobRun
from cms.schedule import JOBS, SCHEDULE, Job
from tests.clock import fire_times, run_worker, simulate
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Europe/Stockholm")


def explode():
    raise RuntimeError("SMTP-servern svarar inte")


def count_three():
    return 3


def _daily_moments(job: Job, start: datetime, end: datetime) -> list[datetime]:
    hour, minute = int(job.cron["hour"]), int(job.cron["minute"])
    day, moments = start.date(), []
    while day <= end.date():
        moment = datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ)
        if start < moment <= end:
            moments.append(moment)
        day += timedelta(days=1)
    return moments


def _fired(name: str) -> list[datetime]:
    return list(
        JobRun.objects.filter(job=name)
        .order_by("scheduled_for")
        .values_list("scheduled_for", flat=True)
    )


def test_the_schedule_names_every_time_driven_duty_and_passes_its_checks():
    names = {job.name for job in SCHEDULE}
    assert {
        "arendepaminnelser",
        "snabb-slant-tre-veckor",
        "forum-aterkoppling",
        "schemalagd-publicering",
        "anonymisering",
        "forum-anmalningar-rensas",
        "sokindex-utkorg",
        "sokindex-kontroll",
    } <= names
    assert all(str(job.why) and str(job.every) for job in SCHEDULE)
    assert check_schedule() == []


def test_a_daily_job_in_the_hour_daylight_saving_skips_or_repeats_is_refused(monkeypatch):
    bad = Job(
        name="natt",
        func="tests.cms.test_clock.count_three",
        cron={"hour": "2", "minute": "30"},
        every="",
        why="",
    )
    monkeypatch.setattr(schedule, "SCHEDULE", (*SCHEDULE, bad))
    monkeypatch.setattr("cms.checks.SCHEDULE", (*SCHEDULE, bad))
    assert [error.id for error in check_schedule()] == ["cms.E004"]


@pytest.mark.parametrize(
    "days,utc_hours",
    [
        # Last Sunday of March 2026 is the 29th: 07:00 is 06:00 UTC before, 05:00 UTC after.
        ((date(2026, 3, 28), date(2026, 3, 29), date(2026, 3, 30)), (6, 5, 5)),
        # Last Sunday of October 2026 is the 25th: 05:00 UTC before, 06:00 UTC after.
        ((date(2026, 10, 24), date(2026, 10, 25), date(2026, 10, 26)), (5, 6, 6)),
    ],
)
def test_a_daily_job_at_seven_runs_at_seven_local_time_once_a_day_across_daylight_saving(
    days, utc_hours
):
    job = Job(
        name="sju",
        func="tests.cms.test_clock.count_three",
        cron={"hour": "7", "minute": "0"},
        every="",
        why="",
    )
    since = datetime(days[0].year, days[0].month, days[0].day, tzinfo=TZ) - timedelta(seconds=1)
    moments = []
    for day in days:
        now = datetime(day.year, day.month, day.day, 23, 59, tzinfo=TZ)
        moment = latest_due(job, since=since, now=now)
        moments.append(moment)
        since = moment
    assert [m.astimezone(TZ).hour for m in moments] == [7, 7, 7]
    assert [m.astimezone(UTC).hour for m in moments] == list(utc_hours)
    assert len(set(moments)) == 3


def _assert_moments(fired: dict, start: datetime, end: datetime) -> None:
    for name, moments in fired.items():
        job = JOBS[name]
        minute = job.cron["minute"]
        if minute == "*" or minute.startswith("*/"):
            step = 1 if minute == "*" else int(minute[2:])
            # Every step minutes of wall-clock time, which in UTC is every step
            # minutes too (Stockholm's offsets are whole hours), DST or not.
            assert moments, name
            assert all(m.astimezone(TZ).minute % step == 0 for m in moments), name
            assert all(b - a == timedelta(minutes=step) for a, b in itertools.pairwise(moments))
            assert moments[0] - start <= timedelta(minutes=step), name
            assert end - moments[-1] < timedelta(minutes=step), name
        else:
            assert moments == _daily_moments(job, start, end), name


def test_three_simulated_weeks_over_the_march_clock_change_fire_each_job_at_its_moments():
    start = datetime(2026, 3, 15, 0, 0, tzinfo=TZ)
    end = datetime(2026, 4, 5, 0, 0, tzinfo=TZ)
    fired = fire_times(start, end)
    assert set(fired) == set(JOBS)
    _assert_moments(fired, start, end)
    # 21 days, the day of the change included: every daily job ran 21 times,
    # at its local time (the forum's at 08:00, 07:00 UTC before, 06:00 after).
    assert {name: len(fired[name]) for name in JOBS if "*" not in JOBS[name].cron["minute"]} == {
        name: 21 for name in JOBS if "*" not in JOBS[name].cron["minute"]
    }
    forum = fired["forum-aterkoppling"]
    assert {m.astimezone(TZ).hour for m in forum} == {8}
    assert forum[13].astimezone(UTC).hour == 7 and forum[14].astimezone(UTC).hour == 6
    # Both ends included; the spring-forward night has one hour less of runs.
    assert len(fired["arendepaminnelser"]) == 21 * 24 * 12 - 12 + 1
    assert len(fired["epost-svep"]) == 21 * 24 * 60 - 60 + 1


@pytest.mark.slow
def test_three_simulated_weeks_over_the_october_clock_change_fire_each_job_at_its_moments():
    start = datetime(2026, 10, 12, 0, 0, tzinfo=TZ)
    end = datetime(2026, 11, 2, 0, 0, tzinfo=TZ)
    fired = fire_times(start, end)
    _assert_moments(fired, start, end)
    assert len(fired["anonymisering"]) == 21
    # The fall-back night has one hour more: both passes of 02:00-02:59 run.
    assert len(fired["arendepaminnelser"]) == 21 * 24 * 12 + 12 + 1


def test_the_clock_enqueues_through_the_october_night_at_the_triggers_moments():
    # 01:30 CEST to 03:30 CET: three hours, the repeated hour included.
    start = datetime(2026, 10, 25, 1, 30, tzinfo=TZ)
    end = datetime(2026, 10, 25, 3, 30, tzinfo=TZ)
    simulate(start, end)
    expected = fire_times(start, end)
    assert {name: _fired(name) for name in JOBS} == expected
    assert len(_fired("epost-svep")) == 3 * 60 + 1
    assert len(_fired("arendepaminnelser")) == 3 * 12 + 1
    assert DBTaskResult.objects.filter(task_path="cms.tasks.scheduled_job_run").count() == (
        JobRun.objects.count()
    )


def test_two_clocks_over_the_same_hours_enqueue_each_moment_once():
    start = datetime(2026, 5, 4, 10, 0, tzinfo=TZ)
    end = datetime(2026, 5, 4, 12, 0, tzinfo=TZ)
    calls = simulate(start, end, clocks=("klocka-a", "klocka-b"))
    runs = JobRun.objects.count()
    assert {name: _fired(name) for name in JOBS} == fire_times(start, end)
    assert len(_fired("arendepaminnelser")) == 2 * 12 + 1
    tasks = DBTaskResult.objects.filter(task_path="cms.tasks.scheduled_job_run")
    assert tasks.count() == runs
    assert sorted(t.args_kwargs["kwargs"]["run_id"] for t in tasks) == sorted(
        JobRun.objects.values_list("pk", flat=True)
    )
    assert calls > runs / 4  # both clocks ticked at every moment
    assert set(JobRun.objects.values_list("enqueued_by", flat=True)) <= {"klocka-a", "klocka-b"}


def test_the_second_of_two_simultaneous_clocks_finds_the_moment_taken():
    job = JOBS["arendepaminnelser"]
    now = datetime(2026, 5, 4, 10, 0, 30, tzinfo=TZ)
    # Both clocks read "no run yet" before either wrote: the database decides.
    with mock.patch("cms.clock._last_scheduled", return_value=None):
        first = job_enqueue_due(job, now=now, clock="klocka-a")
        second = job_enqueue_due(job, now=now, clock="klocka-b")
    assert first is not None and second is None
    assert JobRun.objects.filter(job=job.name).count() == 1
    assert DBTaskResult.objects.count() == 1


def test_a_stopped_clock_catches_up_with_one_run_not_a_burst():
    job = JOBS["arendepaminnelser"]
    at = datetime(2026, 5, 4, 10, 0, tzinfo=TZ)
    JobRun.objects.create(job=job.name, scheduled_for=at)
    run = job_enqueue_due(job, now=at + timedelta(hours=3, minutes=7), clock="k")
    assert run.scheduled_for == datetime(2026, 5, 4, 13, 5, tzinfo=TZ)
    assert JobRun.objects.filter(job=job.name).count() == 2
    assert job_enqueue_due(job, now=at + timedelta(hours=3, minutes=8), clock="k") is None


def test_a_job_that_never_ran_does_not_run_for_last_night_when_the_clock_first_starts():
    now = datetime(2026, 5, 4, 14, 1, tzinfo=TZ)
    runs = clock_tick(now=now, clock="ny")
    # The frequent jobs at once (their last moment lies within 15 minutes) ...
    assert {run.job for run in runs} == {
        "arendepaminnelser",
        "schemalagd-publicering",
        "snabb-slant-tre-veckor",
        "epost-svep",
        "forum-utskick-svep",
        "sokindex-utkorg",
        "uppgifter-atertas",
    }
    # ... the nightly ones not for the night that has passed.
    assert not JobRun.objects.filter(job="anonymisering").exists()


def test_a_job_that_raises_is_retried_then_reported_and_the_next_job_still_runs(
    client, monkeypatch
):
    failing = dataclasses.replace(
        JOBS["schemalagd-publicering"], func="tests.cms.test_clock.explode"
    )
    fine = dataclasses.replace(JOBS["sokindex-utkorg"], func="tests.cms.test_clock.count_three")
    monkeypatch.setitem(JOBS, failing.name, failing)
    monkeypatch.setitem(JOBS, fine.name, fine)
    start = datetime(2026, 5, 4, 10, 0, tzinfo=TZ)
    with freeze_time(start) as frozen:
        clock_tick(jobs=[failing.name, fine.name], clock="k")
        run_worker()
        bad = JobRun.objects.get(job=failing.name)
        good = JobRun.objects.get(job=fine.name)
        assert (bad.status, bad.attempts) == (JobRun.Status.RETRYING, 1)
        assert (good.status, good.result) == (JobRun.Status.DONE, {"antal": 3})
        # Tried again after 1 and then 4 minutes, then given up and reported.
        for minutes, attempts in ((1, 2), (4, 3)):
            frozen.tick(timedelta(minutes=minutes, seconds=1))
            run_worker()
            bad.refresh_from_db()
            assert bad.attempts == attempts
        assert bad.status == JobRun.Status.FAILED
        assert "RuntimeError: SMTP-servern svarar inte" in bad.last_error

    admin = UserFactory(is_superuser=True)
    admin.save()  # the factory saves its password only with groups
    client.force_login(admin)
    response = client.get(reverse("cms_schedule_report"))
    assert response.status_code == 200
    page = response.content.decode()
    out = io.StringIO()
    call_command("schedule_status", stdout=out)
    row = page[page.index(f'data-job="{failing.name}"') :]
    row = row[: row.index("</tr>")]
    assert "SMTP-servern svarar inte" in row
    assert "Misslyckad" in row
    good_row = page[page.index(f'data-job="{fine.name}"') :]
    assert "levererade: 3" in good_row[: good_row.index("</tr>")]
    assert "SMTP-servern svarar inte" in out.getvalue()
    assert "levererade: 3" in out.getvalue()


@pytest.mark.parametrize(
    "groups,allowed",
    [
        (["Webbplatsadministratörer"], True),
        (["Ekerö processledare"], True),
        (["Ekerö coacher"], False),
        (["Ekerö moderatorer"], False),
        (["Jönköping forumarrangörer"], False),
    ],
)
def test_only_site_administrators_and_the_coach_lead_see_the_report(client, sites, groups, allowed):
    client.force_login(UserFactory(groups=groups))
    response = client.get(reverse("cms_schedule_report"))
    if allowed:
        assert response.status_code == 200
        assert "Schemalagda jobb" in response.content.decode()
        assert "Snabb slant: beslut inom tre veckor" in response.content.decode()
    else:
        assert response.status_code == 302
        assert response.url == reverse("wagtailadmin_home")
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert (reverse("cms_schedule_report") in home) is allowed


def test_the_dashboard_says_so_when_the_clock_has_stopped(client, sites):
    client.force_login(UserFactory(groups=["Webbplatsadministratörer"]))
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Klockan går inte." in page and "Den har aldrig tickat." in page

    with freeze_time(datetime(2026, 5, 4, 10, 0, tzinfo=TZ)) as frozen:
        clock_tick(clock="k")
        page = client.get(reverse("wagtailadmin_home")).content.decode()
        assert "Klockan går inte." not in page
        # Longer than the shortest interval (a minute) and a minute's grace.
        frozen.tick(timedelta(minutes=2, seconds=1))
        page = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Klockan går inte." in page
    assert "Den tickade senast 2026-05-04 10:00." in page


def test_the_publishing_job_publishes_and_unpublishes_what_is_due_and_counts_it(ekero):
    from cms.jobs import publish_scheduled
    from cms.models import StandardPage

    now = timezone.now()
    waiting = ekero.root_page.add_child(
        instance=StandardPage(title="Höstens program", slug="host", live=False)
    )
    waiting.go_live_at = now + timedelta(hours=1)
    waiting.save_revision().publish()
    waiting.refresh_from_db()
    assert not waiting.live
    assert Revision.objects.filter(object_id=str(waiting.pk), approved_go_live_at__isnull=False)
    ending = ekero.root_page.add_child(instance=StandardPage(title="Sommarlov", slug="sommar"))
    ending.save_revision().publish()
    StandardPage.objects.filter(pk=ending.pk).update(expire_at=now + timedelta(minutes=30))

    with freeze_time(now + timedelta(hours=2)):
        assert publish_scheduled() == {"publicerade": 1, "avpublicerade": 1}
        waiting.refresh_from_db()
        ending.refresh_from_db()
        assert waiting.live and not ending.live and ending.expired
        assert publish_scheduled() == {"publicerade": 0, "avpublicerade": 0}


def test_old_runs_are_pruned_but_each_jobs_latest_run_stays():
    from cms.jobs import job_runs_prune

    now = datetime(2026, 5, 4, 10, 0, tzinfo=TZ)
    for days in (20, 16, 1):
        JobRun.objects.create(job="epost-svep", scheduled_for=now - timedelta(days=days))
    JobRun.objects.create(job="anonymisering", scheduled_for=now - timedelta(days=40))
    assert job_runs_prune(now=now) == 2
    assert sorted(JobRun.objects.values_list("job", flat=True)) == ["anonymisering", "epost-svep"]
