"""The full-text structures that only one database has.

SQLite: an FTS5 table holding Swedish-stemmed title and body and the record's
index tokens (rowid = record id). PostgreSQL: a GIN index over ``search_vector``
(title weighted A, body B, tokens D). Other databases get neither and the
database engine refuses to search there.
"""

from django.db import migrations

FTS_TABLE = "search_catalog_fts"


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
            "title, body, tokens, tokenize = 'unicode61 remove_diacritics 0')"
        )
    elif vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS search_record_vector_gin "
            "ON search_catalogrecord USING gin (search_vector)"
        )


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")
    elif vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS search_record_vector_gin")


class Migration(migrations.Migration):
    dependencies = [("search", "0001_catalog")]

    operations = [migrations.RunPython(forwards, backwards)]
