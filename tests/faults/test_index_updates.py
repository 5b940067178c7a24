"""Two workers over 200 of Wagtail's index updates of the same pages: none fails."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from modelsearch.tasks import insert_or_update_object_task
from wagtail.search.models import IndexEntry

from cms.models import StandardPage
from tests.faults.conftest import pytestmark_for_postgresql, wait_for

pytestmark = [*pytestmark_for_postgresql(), pytest.mark.django_db(transaction=True)]


def test_two_workers_update_the_same_pages_index_without_a_failed_task(ekero, workers):
    home = ekero.root_page
    # Titles of one length keep every entry's title_norm at 1.0, so each
    # update's norm refresh rewrites all of them: the rows two workers fight over.
    pages = [
        home.add_child(instance=StandardPage(title=f"Sida {n:02}", slug=f"sida-{n}"))
        for n in range(50)
    ]
    DBTaskResult.objects.all().delete()
    for _round in range(4):
        for page in pages:
            insert_or_update_object_task.enqueue("cms", "standardpage", str(page.pk))
    assert DBTaskResult.objects.count() == 200

    workers.start("h23-index-a")
    workers.start("h23-index-b")
    wait_for(
        lambda: (
            not DBTaskResult.objects.filter(
                status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING]
            ).exists()
        ),
        timeout=120,
        what="the 200 updates",
    )
    results = DBTaskResult.objects.values_list("status", flat=True)
    assert list(results).count(TaskResultStatus.SUCCESSFUL) == 200
    ran_on = {w for ids in DBTaskResult.objects.values_list("worker_ids", flat=True) for w in ids}
    assert ran_on == {"h23-index-a", "h23-index-b"}
    indexed = IndexEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(StandardPage),
        object_id__in=[str(p.pk) for p in pages],
    )
    assert indexed.count() == 50
