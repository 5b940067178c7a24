"""PostgreSQL: keep each entry's ``search_vector`` inside its row (storage MAIN).

With folded forms and compound parts a row outgrows PostgreSQL's 2 kB TOAST
threshold, and the default storage (EXTENDED) then moved the vector, the
largest column, out of line: every match tested or ranked fetched it back from
the TOAST table, once per use (a search ranks it three times). MAIN moves the
texts out first and keeps the vector in the row. New and updated rows follow
it; ``manage.py search_rebuild`` rewrites the existing ones. SQLite: nothing.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE search_catalogrecord ALTER COLUMN search_vector SET STORAGE MAIN"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE search_catalogrecord ALTER COLUMN search_vector SET STORAGE EXTENDED"
        )


class Migration(migrations.Migration):
    dependencies = [("search", "0010_synonym_translatable")]

    operations = [migrations.RunPython(forwards, backwards)]
