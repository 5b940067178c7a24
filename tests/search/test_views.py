"""The public search page (/sok/) of each site and the staff search in the admin."""

import pytest
from django.contrib.auth.models import Group
from django.utils.html import strip_tags
from wagtail.models import PageViewRestriction

from cms.models import StandardPage
from search.query import MAX_QUERY_LENGTH
from search.services import catalog_drain, catalog_queue
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

EKERO = {"host": "localhost"}
JONKOPING = {"host": "jonkoping.localhost"}


def _user(**kwargs):
    # Reload: the factory sets the password after saving, which would make the
    # session of force_login invalid for users created without groups.
    user = UserFactory(**kwargs)
    user.save()
    return user


def _publish(parent, title, intro, slug):
    page = parent.add_child(instance=StandardPage(title=title, slug=slug, intro=intro, live=False))
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def pages(sites):
    ekero, jonkoping = sites["ekero"].root_page, sites["jonkoping"].root_page
    made = {
        "ekero": _publish(
            ekero, "Föreningar på Ekerö", "Alla föreningar som Idélabbet samarbetar med.", "for"
        ),
        "ekero_groups": _publish(
            ekero, "Coachernas föreningslista", "Intern lista över föreningar.", "intern"
        ),
        "jonkoping": _publish(
            jonkoping, "Föreningar i Jönköping", "Föreningar i Forum Civilsamhälle.", "for"
        ),
    }
    restriction = PageViewRestriction.objects.create(
        page=made["ekero_groups"], restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([Group.objects.get(name="Ekerö coacher")])
    extras = [
        # Live pages without the revision machinery: quicker, same catalog entry.
        ekero.add_child(
            instance=StandardPage(
                title=f"Språkcafé nummer {n}", slug=f"sprakcafe-{n}", intro="Språkcaféer."
            )
        )
        for n in range(12)
    ]
    catalog_queue(instances=extras)
    catalog_drain()
    return made


def test_public_search_finds_this_sites_public_pages_with_inflections(client, pages):
    response = client.get("/sok/", {"q": "förening"}, headers=EKERO)
    assert response.status_code == 200
    html = response.text
    assert "<mark>Föreningar</mark> på Ekerö" in html
    assert "Alla <mark>föreningar</mark> som" in html
    assert '<html lang="sv">' in html
    assert '<label for="id_q">Sökord</label>' in html
    html = strip_tags(html)
    assert "Föreningar i Jönköping" not in html
    assert "Coachernas föreningslista" not in html


def test_public_search_on_the_other_site_shows_only_that_site(client, pages):
    html = strip_tags(client.get("/sok/", {"q": "föreningar"}, headers=JONKOPING).text)
    assert "Föreningar i Jönköping" in html
    assert "Föreningar på Ekerö" not in html


def test_a_group_member_sees_only_public_pages_on_the_public_search(client, pages):
    coach = UserFactory(groups=["Ekerö coacher"])
    client.force_login(coach)
    html = client.get("/sok/", {"q": "föreningslista"}, headers=EKERO).text
    assert "Coachernas föreningslista" not in html
    assert "0 träffar" in html


def test_public_search_facets_and_pagination(client, pages):
    html = client.get("/sok/", {"q": "språkcafé"}, headers=EKERO).text
    assert "12 träffar" in html
    assert "Sida 1 av 2" in html
    assert 'rel="next"' in html
    assert "Sida (12)" in strip_tags(html)  # the kind facet, counted over the public match only
    page2 = client.get("/sok/", {"q": "språkcafé", "page": "2"}, headers=EKERO).text
    assert "Sida 2 av 2" in page2
    assert page2.count('<li class="card">') == 2
    filtered = client.get("/sok/", {"q": "förening", "kind": "idea"}, headers=EKERO).text
    assert "0 träffar" in filtered
    stray = client.get("/sok/", {"q": "språkcafé", "fbclid": "abc"}, headers=EKERO).text
    assert "12 träffar" in stray


def test_empty_search_shows_just_the_form(client, pages):
    response = client.get("/sok/", headers=EKERO)
    assert response.status_code == 200
    assert 'id="sokresultat"' not in response.text
    assert 'role="search"' in response.text


BAD_QUERIES = [
    "",
    " ",
    "x" * 10_000,
    '"unbalanced',
    'förening"',
    '""""',
    "förening' OR 1=1 --",
    "'; DROP TABLE search_catalogrecord; --",
    "title:förening AND body:*",
    'NEAR(förening språkcafé) "x" NOT y OR z',
    "förening^3 ~2 title:(a OR b) [* TO *] /regex.*/",
    '{"query": {"match_all": {}}}',
    "\x00\x01\x02förening\x1b[31m",
    "-",
    "-förening",
    "- - -",
    "!!! & | <-> :* ()",
    "<script>alert(1)</script>",
    "ord " * 500,
]


def test_any_query_string_gets_an_answer_not_an_error(client, pages):
    for query in BAD_QUERIES:
        for extra in ({}, {"page": "x", "sort": "bogus", "kind": "page", "site": "x"}):
            response = client.get("/sok/", {"q": query, **extra}, headers=EKERO)
            assert response.status_code == 200, query
            assert "<script>alert(1)</script>" not in response.text


def test_overlong_and_negative_only_queries_get_a_clear_message(client, pages):
    html = client.get("/sok/", {"q": "x" * 10_000}, headers=EKERO).text
    assert f"Använd högst {MAX_QUERY_LENGTH} tecken" in html
    assert 'role="alert"' in html
    html = client.get("/sok/", {"q": "-förening"}, headers=EKERO).text
    assert "Skriv minst ett ord att söka efter" in html


def test_quoted_phrases_and_excluded_words(client, pages):
    html = client.get("/sok/", {"q": '"föreningar på ekerö"'}, headers=EKERO).text
    assert "1 träff" in html
    html = client.get("/sok/", {"q": "föreningar -idélabbet"}, headers=EKERO).text
    assert "0 träffar" in html


def test_staff_search_requires_admin_access(client, pages):
    response = client.get("/admin/katalogsok/", {"q": "förening"})
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    client.force_login(_user())  # no access to the Wagtail admin
    response = client.get("/admin/katalogsok/", {"q": "förening"})
    assert response.status_code in (302, 403)
    assert "Coachernas föreningslista" not in response.content.decode()


def test_staff_search_shows_everything_the_user_may_see_on_both_sites(client, pages):
    coach = UserFactory(groups=["Ekerö coacher"])
    client.force_login(coach)
    html = strip_tags(client.get("/admin/katalogsok/", {"q": "föreningar"}).text)
    assert "Coachernas föreningslista" in html
    assert "Föreningar på Ekerö" in html
    assert "Föreningar i Jönköping" in html
    assert "Kommun" in html  # the municipality facet

    moderator = UserFactory(groups=["Jönköping moderatorer"])
    client.force_login(moderator)
    html = strip_tags(client.get("/admin/katalogsok/", {"q": "föreningar"}).text)
    assert "Coachernas föreningslista" not in html
    assert "Föreningar i Jönköping" in html


def test_staff_search_answers_any_query(client, pages):
    client.force_login(UserFactory(groups=["Ekerö moderatorer"]))
    for query in BAD_QUERIES:
        assert client.get("/admin/katalogsok/", {"q": query}).status_code == 200, query


def test_staff_search_is_in_the_admin_menu(client, sites):
    client.force_login(UserFactory(groups=["Ekerö moderatorer"]))
    assert "/admin/katalogsok/" in client.get("/admin/").text


def test_site_facet_filters_the_staff_search(client, pages, sites):
    client.force_login(_user(is_superuser=True))
    jonkoping = sites["jonkoping"].pk
    html = strip_tags(client.get("/admin/katalogsok/", {"q": "föreningar", "site": jonkoping}).text)
    assert "Föreningar i Jönköping" in html
    assert "Föreningar på Ekerö" not in html


def test_the_search_page_speaks_english_too(client, pages):
    html = client.get("/en/sok/", {"q": "föreningar"}, headers=EKERO).text
    assert "Search this site" in html
    assert "1 result" in html
    html = client.get("/en/sok/", {"q": "-förening"}, headers=EKERO).text
    assert "Type at least one word to search for" in html


def test_hit_links_are_relative_on_their_own_site_and_absolute_to_the_other(client, pages):
    own = client.get("/sok/", {"q": "föreningar"}, headers=EKERO).text
    assert f'href="{pages["ekero"].relative_url(pages["ekero"].get_site())}"' in own

    client.force_login(UserFactory(groups=["Webbplatsadministratörer"]))
    staff = client.get("/admin/katalogsok/", {"q": "föreningar"}, headers=EKERO).text
    assert 'href="http://jonkoping.localhost/for/"' in staff  # the other site's page
    assert 'href="/for/"' in staff  # this site's page, relative


def test_staff_search_header_names_the_page_not_the_dashboard(client, sites):
    from bs4 import BeautifulSoup

    client.force_login(UserFactory(groups=["Ekerö moderatorer"]))
    soup = BeautifulSoup(client.get("/admin/katalogsok/").text, "html.parser")
    breadcrumbs = soup.select_one("[data-w-breadcrumbs] nav")
    crumbs = [li.get_text(" ", strip=True) for li in breadcrumbs.select("li")]
    assert crumbs == ["Hem", "Sök i katalogen"], crumbs
    assert soup.h1.get_text(strip=True) == "Sök i katalogen"
