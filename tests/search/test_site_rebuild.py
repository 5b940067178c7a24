"""Rebuilding one municipality's catalog entries without rebuilding the others."""

import io

import pytest
from django.core.management import CommandError, call_command

from cms.models import StandardPage
from search.models import CatalogRecord
from search.services import catalog_rebuild
from tests.conftest import make_page

pytestmark = pytest.mark.django_db


def test_catalog_rebuild_for_one_site_repairs_it_and_leaves_the_others_alone(sites):
    ekero, jonkoping = sites["ekero"], sites["jonkoping"]
    kept = make_page(ekero.root_page, "Öppettider i Idélabbet", "oppettider")
    gone = make_page(ekero.root_page, "Gammal sida", "gammal")
    other = make_page(jonkoping.root_page, "Samordningsgruppen", "samordning")
    catalog_rebuild()
    # The catalog drifts: a stale title on each site, a page removed behind its back.
    CatalogRecord.objects.filter(key__endswith=f":{kept.pk}").update(title="Fel titel")
    CatalogRecord.objects.filter(key__endswith=f":{other.pk}").update(title="Fel titel")
    StandardPage.objects.filter(pk=gone.pk).update(live=False)
    out = io.StringIO()
    call_command("catalog_rebuild", "--site", ekero.hostname, stdout=out)
    assert f"{ekero.hostname}:" in out.getvalue() and "poster ombyggda" in out.getvalue()
    assert CatalogRecord.objects.get(key__endswith=f":{kept.pk}").title == "Öppettider i Idélabbet"
    assert not CatalogRecord.objects.filter(key__endswith=f":{gone.pk}").exists()
    # Jönköping's entries were not rebuilt: its drift is still there.
    assert CatalogRecord.objects.get(key__endswith=f":{other.pk}").title == "Fel titel"
    assert CatalogRecord.objects.filter(site_id=jonkoping.pk).count() > 1


def test_catalog_rebuild_by_site_id_and_an_unknown_site_is_a_clear_error(sites):
    out = io.StringIO()
    call_command("catalog_rebuild", "--site", str(sites["jonkoping"].pk), stdout=out)
    assert "jonkoping.localhost" in out.getvalue()
    with pytest.raises(CommandError, match="Ingen entydig webbplats finns.example.se"):
        call_command("catalog_rebuild", "--site", "finns.example.se", stdout=out)
