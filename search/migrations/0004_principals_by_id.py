"""Principals by id: queue every stored entry to be rebuilt from its object.

Entries used to name groups (``group:<name>``); they now hold ``group:<id>``
and, unless private, ``role:superuser``. Rather than translate names (which
may have been reused), each entry is queued in the outbox, so the next drain
(the worker, or ``manage.py search_drain``) rebuilds it from the database.
Until then an old entry is hidden from its groups (nobody holds a name any
more): it fails closed. The database engine's entries are found here; an
Elasticsearch catalog is rebuilt with ``manage.py search_rebuild``.
"""

from django.db import migrations
from django.utils import timezone

BATCH = 2000


def queue_all(apps, schema_editor):
    record_model = apps.get_model("search", "CatalogRecord")
    outbox_model = apps.get_model("search", "CatalogOutbox")
    now = timezone.now()
    rows = []
    for key in record_model.objects.order_by("pk").values_list("key", flat=True).iterator():
        label, _sep, pk = key.rpartition(":")
        if not label:
            continue
        rows.append(outbox_model(key=key, source=label, object_pk=pk, available_at=now))
        if len(rows) >= BATCH:
            outbox_model.objects.bulk_create(rows)
            rows = []
    outbox_model.objects.bulk_create(rows)


class Migration(migrations.Migration):
    dependencies = [("search", "0003_record_newest_index")]

    operations = [migrations.RunPython(queue_all, migrations.RunPython.noop)]
