"""A newest-first index for broad searches on PostgreSQL.

A search matching more than ``SEARCH_COUNT_LIMIT`` entries shows the newest
matches (engines/database.py) by walking this index. SQLite cannot declare
NULLS LAST in an index and its FTS5 table answers such searches anyway, so it
gets none.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS search_record_newest "
            "ON search_catalogrecord (date DESC NULLS LAST, id)"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS search_record_newest")


class Migration(migrations.Migration):
    dependencies = [("search", "0002_fulltext")]

    operations = [migrations.RunPython(forwards, backwards)]
