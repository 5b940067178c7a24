"""The operator commands: set up, rebuild, status, drain."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page

from search.models import CatalogOutbox, CatalogRecord
from search.registry import CatalogEntry
from search.selectors import catalog_search
from search.services import catalog_drain

pytestmark = pytest.mark.django_db


def _call(name, *args):
    out = io.StringIO()
    call_command(name, *args, stdout=out, stderr=out)
    return out.getvalue()


def test_setup_is_a_no_op_for_the_database_engine():
    assert "database: inget att sätta upp" in _call("search_setup")


def test_setup_fails_clearly_when_elasticsearch_is_unreachable(settings):
    settings.SEARCH_ENGINE = "elasticsearch"
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    settings.SEARCH_ELASTICSEARCH_TIMEOUT = 0.5
    with pytest.raises(Exception, match="Elasticsearch"):
        _call("search_setup")


def test_rebuild_indexes_every_live_page_and_drops_stale_entries(sites):
    call_command("load_demo", allow_production=True, stdout=io.StringIO())
    CatalogOutbox.objects.all().delete()
    CatalogRecord.objects.all().delete()
    from search.engines import get_engine

    get_engine().index(
        [
            CatalogEntry(
                key="cms.standardpage:99999",
                kind="page",
                site_id=None,
                url="/borta/",
                title="Borttagen sida om föreningar",
                body="",
                principals=frozenset({"anonymous"}),
            )
        ]
    )
    out = _call("search_rebuild", "--batch-size", "2")
    assert "[" in out and "#" in out and "/s)" in out
    assert "Katalogen ombyggd:" in out
    from search.registry import sources

    # Every registered source's objects that should have an entry: nothing more, nothing less.
    expected = {
        entry.key
        for source in sources()
        for obj in source.get_queryset()
        if (entry := source.to_entry(obj)) is not None
    }
    assert len(expected) >= 8  # the demo's home, about, contact and privacy pages at least
    # Objects with no entry (drafts, ideas not approved) were looked at too: the bar ends full.
    looked_at = sum(source.get_queryset().count() for source in sources())
    assert looked_at > len(expected)
    last_bar = out.split("\r")[-1].splitlines()[0]
    assert last_bar.startswith("[" + "#" * 30 + "]") and f" {looked_at}/{looked_at} " in last_bar
    assert set(CatalogRecord.objects.values_list("key", flat=True)) == expected
    assert not CatalogRecord.objects.filter(key="cms.standardpage:99999").exists()
    keys = catalog_search(query="personuppgifter", per_page=50).keys
    assert len(keys) >= 2  # the privacy page of each site


def test_status_shows_entries_per_kind_backlog_and_last_error(sites):
    catalog_drain()
    CatalogOutbox.objects.create(
        key="cms.standardpage:1",
        source="cms.standardpage",
        object_pk="1",
        available_at=timezone.now(),
        attempts=2,
        last_error="Elasticsearch (bulk): ConnectionError",
    )
    out = _call("search_status")
    assert "Sökmotor: database" in out
    # The home pages and the index pages each municipality's onboarding made.
    assert f"page: {Page.objects.live().filter(depth__gt=1).count()}" in out
    assert "Väntande ändringar i utkorgen: 1" in out
    assert "varav misslyckade minst en gång: 1" in out
    assert "Senaste fel: Elasticsearch (bulk): ConnectionError" in out


def test_drain_command_delivers_the_backlog(sites):
    # The home and index pages published during the municipalities' setup: a
    # row per publish (a home page is published again with its links to the
    # practices), every live page among them.
    published = set(Page.objects.live().filter(depth__gt=1).values_list("pk", flat=True))
    rows = CatalogOutbox.objects.count()
    queued = CatalogOutbox.objects.values_list("object_pk", flat=True)
    assert {int(pk) for pk in queued} == published
    out = _call("search_drain")
    assert f"Levererade: {rows}" in out
    assert not CatalogOutbox.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_rebuild_outside_a_transaction_reads_ahead_with_the_same_result_and_errors(
    sites, monkeypatch
):
    """Outside a transaction on PostgreSQL the next batches are built in a thread:
    the catalog comes out the same, and a source's error stops the rebuild with
    that error and leaves no thread behind. (One test: each transactional test
    costs a flush and a restore.)"""
    import threading

    from cms.models import StandardPage
    from search.registry import source_for_model, sources
    from search.services import catalog_rebuild

    call_command("load_demo", allow_production=True, stdout=io.StringIO())
    CatalogRecord.objects.all().delete()
    out = _call("search_rebuild", "--batch-size", "3")
    assert "Katalogen ombyggd:" in out
    expected = {
        entry.key
        for source in sources()
        for obj in source.get_queryset()
        if (entry := source.to_entry(obj)) is not None
    }
    assert set(CatalogRecord.objects.values_list("key", flat=True)) == expected

    source = source_for_model(StandardPage)
    calls = {"n": 0}
    real = source.to_entry

    def flaky(obj):
        calls["n"] += 1
        if calls["n"] == 4:
            raise RuntimeError("källan gick sönder")
        return real(obj)

    monkeypatch.setattr(source, "to_entry", flaky)
    with pytest.raises(RuntimeError, match="källan gick sönder"):
        catalog_rebuild(batch_size=2)
    assert not [t for t in threading.enumerate() if t.name == "catalog-rebuild-reader"]
    # The records of the rebuild that failed half-way are still all there.
    assert set(CatalogRecord.objects.values_list("key", flat=True)) == expected
