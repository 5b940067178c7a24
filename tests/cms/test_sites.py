import io
import re

import pytest
from django.core.management import call_command
from wagtail.models import Page, Site

from cms.models import StandardPage

pytestmark = pytest.mark.django_db


def test_each_home_page_answers_on_its_own_host_name(client, sites):
    ekero = client.get("/", headers={"host": "localhost"})
    jonkoping = client.get("/", headers={"host": "jonkoping.localhost"})
    assert ekero.status_code == 200
    assert jonkoping.status_code == 200
    assert "<h1>Idélabbet Ekerö</h1>" in ekero.text
    assert "<h1>Forum Civilsamhälle Jönköping</h1>" in jonkoping.text
    assert "Forum Civilsamhälle Jönköping" not in ekero.text


def test_a_page_of_one_site_is_not_served_on_the_other_host(client, sites):
    jonkoping_home = sites["jonkoping"].root_page
    jonkoping_home.add_child(
        instance=StandardPage(title="Samordningsgruppen", slug="samordningsgruppen")
    ).save_revision().publish()
    own = client.get("/samordningsgruppen/", headers={"host": "jonkoping.localhost"})
    other = client.get("/samordningsgruppen/", headers={"host": "localhost"})
    assert own.status_code == 200
    assert other.status_code == 404
    assert "Samordningsgruppen" not in other.text


def test_not_found_page_is_swedish_and_keeps_the_site_chrome(client, sites):
    response = client.get("/finns-inte/", headers={"host": "localhost"})
    assert response.status_code == 404
    assert "Sidan finns inte" in response.text
    assert '<html lang="sv">' in response.text
    assert 'href="#huvudinnehall"' in response.text


def test_base_template_is_accessible_shell(client, sites):
    call_command("load_demo", allow_production=True, stdout=open("/dev/null", "w"))
    html = client.get("/", headers={"host": "localhost"}).text
    assert '<a class="skip-link" href="#huvudinnehall">Hoppa till innehållet</a>' in html
    assert '<main id="huvudinnehall"' in html
    assert 'name="viewport"' in html
    assert 'aria-label="Huvudmeny"' in html
    # footer: "en väg in" contact details of this municipality only
    assert "En väg in" in html
    assert "idelabbet@ekero.example.se" in html
    assert "jonkoping.example.se" not in html
    assert "Så hanterar vi personuppgifter" in html


def test_standard_pages_exist_for_each_site(client, sites):
    call_command("load_demo", allow_production=True, stdout=open("/dev/null", "w"))
    for host in ("localhost", "jonkoping.localhost"):
        for path in ("/om/", "/kontakt/", "/personuppgifter/"):
            assert client.get(path, headers={"host": host}).status_code == 200, (host, path)


def test_language_switch_shows_interface_in_english_and_back(client, sites):
    page = client.get("/", headers={"host": "localhost"})
    assert "Hoppa till innehållet" in page.text
    english_link = re.search(r'<a href="([^"]+)" lang="en" hreflang="en"', page.text)
    assert english_link, "the switch links to English"
    switched = client.get(english_link.group(1), headers={"host": "localhost"})
    assert english_link.group(1).startswith("/en/")
    assert '<html lang="en"' in switched.text
    assert "Skip to content" in switched.text
    swedish_link = re.search(r'<a href="([^"]+)" lang="sv" hreflang="sv"', switched.text)
    back = client.get(swedish_link.group(1), headers={"host": "localhost"})
    assert "Hoppa till innehållet" in back.text


def test_wagtail_welcome_page_is_gone(sites):
    assert not Page.objects.filter(slug="home", depth=2).exists()


def test_server_error_page_is_swedish_and_self_contained(client, sites, monkeypatch):
    from wagtail.models import Page as WagtailPage

    def broken_serve(self, request, *args, **kwargs):
        raise RuntimeError("trasig sida")

    monkeypatch.setattr(WagtailPage, "serve", broken_serve)
    client.raise_request_exception = False
    response = client.get("/", headers={"host": "localhost"})
    assert response.status_code == 500
    assert "Något gick fel" in response.text
    assert "Inget du skickat in har gått förlorat" in response.text
    assert "trasig sida" not in response.text


def test_menu_costs_the_same_queries_with_one_item_or_five(client, sites):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    home = sites["ekero"].root_page

    def home_queries():
        client.get("/", headers={"host": "localhost"})
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/", headers={"host": "localhost"})
        assert response.status_code == 200
        return len(queries), response.text

    home.add_child(instance=StandardPage(title="Meny 0", slug="meny-0", show_in_menus=True))
    one, _ = home_queries()
    for n in range(1, 5):
        home.add_child(
            instance=StandardPage(title=f"Meny {n}", slug=f"meny-{n}", show_in_menus=True)
        )
    five, text = home_queries()
    assert 'href="/meny-4/"' in text
    assert five == one


def test_setup_stores_the_served_port_on_both_sites_and_demo_prints_it(settings):
    settings.SITE_PORT = 8114
    call_command("setup_municipalities", stdout=open("/dev/null", "w"))

    assert sorted(Site.objects.values_list("port", flat=True)) == [8114, 8114]
    settings.DEBUG = True
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "http://localhost:8114/" in out.getvalue()
    assert "http://jonkoping.localhost:8114/" in out.getvalue()
    assert ":8000" not in out.getvalue()
    # The status link in an email is built from the Site as served.
    ekero = Site.objects.get(hostname="localhost")
    assert ekero.root_page.get_full_url() == "http://localhost:8114/"


def test_setup_without_a_port_keeps_what_the_sites_have(settings):
    settings.SITE_PORT = None
    call_command("setup_municipalities", stdout=open("/dev/null", "w"))

    Site.objects.update(port=443)
    call_command("setup_municipalities", stdout=open("/dev/null", "w"))
    assert sorted(Site.objects.values_list("port", flat=True)) == [443, 443]
