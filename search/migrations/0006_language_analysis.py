"""Folding, compounds, synonyms, weighted summary and per-language analysis.

- ``CatalogRecord.summary``: weighted between title and body.
- ``SearchSynonym``: the editors' synonym groups (snippet, per site).
- SQLite: the FTS5 table gets a summary column and the ``ascii`` tokenizer
  (tokens are analysed in Python by ``search.analysis``; only spaces split
  them), refilled here from the stored records.
- Every stored entry is queued in the outbox, so the next drain (``manage.py
  search_drain`` or the worker) re-analyses it; on PostgreSQL the old vectors
  keep answering until then. The ``language`` column exists since 0001.
An Elasticsearch catalog is rebuilt with ``manage.py search_setup`` and
``search_rebuild`` (new analyzers).
"""

import django.db.models.deletion
from django.db import migrations, models
from django.utils import timezone

FTS_TABLE = "search_catalog_fts"
BATCH = 2000


def forwards(apps, schema_editor):
    record_model = apps.get_model("search", "CatalogRecord")
    outbox_model = apps.get_model("search", "CatalogOutbox")
    if schema_editor.connection.vendor == "sqlite":
        from search.analysis import fts_text

        schema_editor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5("
            "title, summary, body, tokens, tokenize = 'ascii')"
        )
        rows = []
        fields = ("pk", "title", "summary", "body", "tokens", "language")
        for pk, title, summary, body, tokens, language in (
            record_model.objects.order_by("pk").values_list(*fields).iterator()
        ):
            rows.append(
                (
                    pk,
                    fts_text(title, language),
                    fts_text(summary, language),
                    fts_text(body, language),
                    tokens,
                )
            )
            if len(rows) >= BATCH:
                _insert(schema_editor, rows)
                rows = []
        _insert(schema_editor, rows)
    now = timezone.now()
    queued = []
    for key in record_model.objects.order_by("pk").values_list("key", flat=True).iterator():
        label, _sep, pk = key.rpartition(":")
        if label:
            queued.append(outbox_model(key=key, source=label, object_pk=pk, available_at=now))
        if len(queued) >= BATCH:
            outbox_model.objects.bulk_create(queued)
            queued = []
    outbox_model.objects.bulk_create(queued)


def _insert(schema_editor, rows):
    if rows:
        with schema_editor.connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {FTS_TABLE} (rowid, title, summary, body, tokens) "
                "VALUES (%s, %s, %s, %s, %s)",
                rows,
            )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5("
            "title, body, tokens, tokenize = 'unicode61 remove_diacritics 0')"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0005_files"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="catalogrecord",
            name="summary",
            field=models.TextField(blank=True, default="", verbose_name="sammanfattning"),
        ),
        migrations.CreateModel(
            name="SearchSynonym",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "terms",
                    models.CharField(
                        help_text=(
                            "Skriv ord, förkortningar eller uttryck med likhetstecken emellan, "
                            "t.ex. ”SFB = Socialförsäkringsbalken” eller ”fritidsgård = "
                            "ungdomsgård”."
                        ),
                        max_length=500,
                        verbose_name="ord som betyder samma sak",
                    ),
                ),
                (
                    "site",
                    models.ForeignKey(
                        blank=True,
                        help_text="Tom: gäller alla kommuners webbplatser.",
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="wagtailcore.site",
                        verbose_name="webbplats",
                    ),
                ),
            ],
            options={
                "verbose_name": "synonym",
                "verbose_name_plural": "synonymer",
                "ordering": ["terms"],
            },
        ),
        migrations.RunPython(forwards, backwards),
    ]
