"""The search-terms log and the admin report "Söktermer".

Each public search counts once per site and day, without who searched, with
e-mail addresses and phone numbers stripped; a page served from the page cache
counts too. The report shows the most searched queries and those without hits
of the last 30 days, per site, to site administrators and editors only.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.html import strip_tags
from wagtail.users.models import UserProfile

from cms.models import StandardPage
from cms.schedule import JOBS
from search.models import SearchTerm
from search.services import catalog_drain, catalog_queue
from search.terms import search_terms_purge, strip_personal_data
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

EKERO = {"host": "localhost"}
JONKOPING = {"host": "jonkoping.localhost"}
REPORT = "/admin/katalogsok/soktermer/"


@pytest.fixture
def catalog(sites):
    home = sites["ekero"].root_page
    page = home.add_child(
        instance=StandardPage(title="Språkcafé", slug="sprakcafe", intro="Språkcafé varje tisdag.")
    )
    catalog_queue(instances=[page])
    catalog_drain()
    return sites


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("anna.svensson@ekero.se bidrag", "bidrag"),
        ("Kontakta mig anna @ ekero.se", "kontakta mig"),
        ("ring 070-123 45 67 om lokal", "ring om lokal"),
        ("+46 8 124 571 00 växel", "växel"),
        ("08-560 391 00", ""),
        ("personnummer 19850101-1234", "personnummer"),
        ("Föreningsbidrag 2026", "föreningsbidrag 2026"),
        ("Loppis   på  Ekerö", "loppis på ekerö"),
    ],
)
def test_emails_and_phone_numbers_are_stripped_before_storing(typed, stored):
    assert strip_personal_data(typed) == stored


def test_a_public_search_is_counted_per_site_without_identity(client, catalog):
    client.get("/sok/", {"q": "Språkcafé"}, headers=EKERO)
    client.get("/sok/", {"q": "språkcafé "}, headers=EKERO)
    client.get("/sok/", {"q": "språkcafé", "page": 2}, headers=EKERO)  # paging: same search
    client.get("/sok/", {"q": "odlingslott"}, headers=JONKOPING)
    rows = {(r.site_id, r.query): r for r in SearchTerm.objects.all()}
    ekero, jonkoping = catalog["ekero"].pk, catalog["jonkoping"].pk
    assert rows[(ekero, "språkcafé")].searches == 2
    assert rows[(ekero, "språkcafé")].hits == 1
    assert rows[(jonkoping, "odlingslott")].hits == 0
    assert {f.name for f in SearchTerm._meta.fields} == {
        "id",
        "site_id",
        "day",
        "query",
        "searches",
        "hits",
    }


def test_a_search_of_only_an_address_stores_nothing(client, catalog):
    response = client.get("/sok/", {"q": "anna@example.org 0701234567"}, headers=EKERO)
    assert response.status_code == 200
    assert not SearchTerm.objects.exists()


def test_a_search_served_from_the_page_cache_is_counted_too(client, catalog, settings):
    settings.PAGE_CACHE_SECONDS = 300
    first = client.get("/sok/", {"q": "språkcafé"}, headers=EKERO)
    assert first["X-Page-Cache"] == "miss"
    again = client.get("/sok/", {"q": "språkcafé"}, headers=EKERO)
    assert again["X-Page-Cache"] == "hit"
    assert SearchTerm.objects.get(query="språkcafé").searches == 2


def _report(client, user, **params):
    client.force_login(user)
    return client.get(REPORT, params)


def _seed(sites):
    today = timezone.localdate()
    ekero, jonkoping = sites["ekero"].pk, sites["jonkoping"].pk
    SearchTerm.objects.bulk_create(
        [
            SearchTerm(site_id=ekero, day=today, query="språkcafé", searches=7, hits=3),
            SearchTerm(
                site_id=ekero, day=today - timedelta(days=3), query="språkcafé", searches=5, hits=2
            ),
            SearchTerm(site_id=ekero, day=today, query="odlingslott", searches=4, hits=0),
            SearchTerm(site_id=ekero, day=today, query="simhall", searches=1, hits=0),
            SearchTerm(
                site_id=ekero, day=today - timedelta(days=45), query="gammalt", searches=99, hits=0
            ),
            SearchTerm(site_id=jonkoping, day=today, query="forum", searches=50, hits=9),
        ]
    )


def test_the_report_shows_top_and_zero_hit_queries_of_the_last_30_days_per_site(client, sites):
    _seed(sites)
    admin = UserFactory(groups=["Webbplatsadministratörer"])
    response = _report(client, admin, site=sites["ekero"].pk)
    assert response.status_code == 200
    html = response.text
    top = strip_tags(html[html.find("search-terms-top") : html.find("utan-traffar")])
    zero = strip_tags(html[html.find("search-terms-zero") :])
    assert top.index("språkcafé") < top.index("odlingslott")
    assert "12" in top  # 7 + 5 searches
    assert "odlingslott" in zero and "simhall" in zero and "språkcafé" not in zero
    assert "gammalt" not in html  # older than 30 days
    assert "forum" not in strip_tags(html[html.find("mest-sokta") :])  # Jönköping's
    other = _report(client, admin, site=sites["jonkoping"].pk).text
    assert "forum" in strip_tags(other[other.find("mest-sokta") :])


def test_an_editor_may_read_the_report_and_it_is_in_the_reports_menu(client, sites):
    _seed(sites)
    editor = UserFactory(groups=["Ekerö moderatorer"])
    assert _report(client, editor).status_code == 200
    assert REPORT in client.get("/admin/").text


@pytest.mark.parametrize("group", ["Ekerö coacher", "Jönköping samordningsgrupp"])
def test_a_coach_without_the_permission_is_refused_the_report(client, sites, group):
    _seed(sites)
    response = _report(client, UserFactory(groups=[group]))
    assert response.status_code in (302, 403)
    assert "språkcafé" not in response.text
    assert REPORT not in client.get("/admin/").text


def test_an_anonymous_visitor_is_sent_to_the_login(client, sites):
    response = client.get(REPORT)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_the_report_speaks_english_too(client, sites):
    _seed(sites)
    admin = UserFactory(groups=["Webbplatsadministratörer"])
    profile = UserProfile.get_for_user(admin)
    profile.preferred_language = "en"
    profile.save()
    html = _report(client, admin).text
    assert "Most searched" in html and "Searches without hits" in html


def test_old_counts_are_purged_by_a_scheduled_job(sites):
    _seed(sites)
    assert JOBS["soktermer-rensas"].func == "search.terms.search_terms_purge"
    assert search_terms_purge() == 1
    assert not SearchTerm.objects.filter(query="gammalt").exists()
    assert SearchTerm.objects.count() == 5


def test_the_staff_search_is_not_counted_among_the_visitors_queries(client, catalog):
    client.force_login(UserFactory(groups=["Ekerö moderatorer"]))
    response = client.get("/admin/katalogsok/", {"q": "språkcafé"})
    assert response.status_code == 200
    assert "Språkcafé" in strip_tags(response.text)
    assert not SearchTerm.objects.exists()
    client.get("/sok/", {"q": "språkcafé"}, headers=EKERO)
    assert SearchTerm.objects.get().searches == 1
