"""The host site's own scheduled jobs (see ``cms.schedule``): plain functions the worker calls."""

import io
from datetime import timedelta

from django.apps import apps
from django.core.management import call_command
from django.db.models import F, OuterRef, Subquery
from django.utils import timezone
from wagtail.models import DraftStateMixin, Page, Revision

from .models import ClockHeartbeat, JobRun

# The sweeps run every minute: two weeks of runs is some 60,000 rows.
KEEP_RUNS = timedelta(days=14)


def _expired_count(now) -> int:
    models = [Page] + [
        model
        for model in apps.get_models()
        if issubclass(model, DraftStateMixin) and not issubclass(model, Page)
    ]
    return sum(m.objects.filter(live=True, expire_at__lt=now).count() for m in models)


def publish_scheduled() -> dict:
    """Wagtail's scheduled publishing and unpublishing, with how many of each.

    Wagtail's own ``publish_scheduled`` command does the work (so its log
    entries and signals are Wagtail's); the counts are what was due when it
    started. Running it twice publishes nothing twice: a published revision
    loses its go-live time.
    """
    now = timezone.now()
    due = Revision.objects.filter(approved_go_live_at__lt=now).count()
    expired = _expired_count(now)
    call_command("publish_scheduled", stdout=io.StringIO())
    return {"publicerade": due, "avpublicerade": expired}


def job_runs_prune(*, now=None) -> int:
    """Delete runs and clocks' heartbeats older than two weeks; each job's latest run stays."""
    now = now or timezone.now()
    old = JobRun.objects.filter(scheduled_for__lt=now - KEEP_RUNS)
    newest = JobRun.objects.filter(job=OuterRef("job")).order_by("-scheduled_for")
    latest = JobRun.objects.annotate(newest=Subquery(newest.values("pk")[:1])).filter(
        pk=F("newest")
    )
    deleted, _ = old.exclude(pk__in=latest.values("pk")).delete()
    # Each clock process beats under its own name (host:pid); restarts leave rows.
    ClockHeartbeat.objects.filter(beat_at__lt=now - KEEP_RUNS).delete()
    return deleted
