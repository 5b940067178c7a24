"""The nightly check: the catalog compared with the database, drift repaired and counted."""

import pytest

from cms.models import StandardPage
from search.consistency import catalog_check
from search.models import CatalogOutbox, CatalogRecord
from search.selectors import catalog_search
from search.services import catalog_rebuild

pytestmark = pytest.mark.django_db


def _page(home, title, intro):
    page = home.add_child(instance=StandardPage(title=title, slug=title.lower(), intro=intro))
    page.save_revision().publish()
    return page


def test_a_catalog_in_step_with_the_database_has_no_drift(ekero, immediate_tasks):
    _page(ekero.root_page, "Språkcafé", "Varje torsdag i Stenhamra.")
    catalog_rebuild()
    counts = catalog_check()
    assert counts["kontrollerade"] >= 2
    assert (counts["saknades"], counts["andrade"], counts["overflodiga"]) == (0, 0, 0)
    assert not CatalogOutbox.objects.exists()


def test_missing_changed_and_stale_entries_are_repaired_and_counted(ekero, immediate_tasks):
    kept = _page(ekero.root_page, "Syateljé", "Sy tillsammans i Ekerö centrum.")
    lost = _page(ekero.root_page, "Odlingslott", "En gemensam odlingslott.")
    catalog_rebuild()
    key = f"cms.standardpage:{kept.pk}"
    # Drift the outbox never heard of: a row deleted, a text changed by SQL,
    # an entry for an object that no longer exists.
    CatalogRecord.objects.filter(key=f"cms.standardpage:{lost.pk}").delete()
    StandardPage.objects.filter(pk=kept.pk).update(title="Syateljé i Stenhamra")
    ghost = CatalogRecord.objects.get(key=key)
    ghost.pk, ghost.key = None, "cms.standardpage:999999"
    ghost.save()
    assert catalog_search(query="odlingslott", per_page=10).keys == []

    counts = catalog_check()
    assert (counts["saknades"], counts["andrade"], counts["overflodiga"]) == (1, 1, 1)
    assert counts["levererade"] == 3
    assert catalog_search(query="odlingslott", per_page=10).keys == [f"cms.standardpage:{lost.pk}"]
    assert CatalogRecord.objects.get(key=key).title == "Syateljé i Stenhamra"
    assert not CatalogRecord.objects.filter(key="cms.standardpage:999999").exists()
    again = catalog_check()
    assert (again["saknades"], again["andrade"], again["overflodiga"]) == (0, 0, 0)
