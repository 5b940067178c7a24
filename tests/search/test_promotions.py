"""Wagtail's promoted results ("Rekommenderade sökträffar") on the catalog search.

A page editors promote for a query comes first on the public search for that
query, but only while everybody may see it (live, unrestricted, on that site).
"""

import pytest
from django.contrib.auth.models import Group
from django.utils.html import strip_tags
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import PageViewRestriction

from cms.models import StandardPage
from search.services import catalog_drain, catalog_queue
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

EKERO = {"host": "localhost"}
JONKOPING = {"host": "jonkoping.localhost"}


def _page(parent, title, intro, slug):
    page = parent.add_child(instance=StandardPage(title=title, slug=slug, intro=intro))
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def promoted(sites):
    ekero = sites["ekero"].root_page
    pages = {
        "bidrag": _page(ekero, "Föreningsbidrag", "Sök bidrag för din förening.", "bidrag"),
        "other": _page(ekero, "Bidrag till kultur", "Kulturbidrag och bidrag till fester.", "kb"),
        "guide": _page(ekero, "Så startar du en förening", "Stadgar och årsmöte.", "starta"),
        "hidden": _page(ekero, "Intern bidragsguide", "Bara för coacher.", "intern"),
        "draft": _page(ekero, "Gammal bidragssida", "Utgången.", "gammal"),
        "elsewhere": _page(
            sites["jonkoping"].root_page, "Jönköpings bidrag", "Forumets bidrag.", "jkpg"
        ),
    }
    restriction = PageViewRestriction.objects.create(
        page=pages["hidden"], restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([Group.objects.get(name="Ekerö coacher")])
    pages["draft"].unpublish()
    catalog_queue(instances=list(pages.values()))
    catalog_drain()
    query = Query.get("Bidrag")
    for order, key in enumerate(["hidden", "draft", "elsewhere", "guide"]):
        SearchPromotion.objects.create(
            query=query, page=pages[key], sort_order=order, description=f"Tips {key}"
        )
    SearchPromotion.objects.create(
        query=query,
        external_link_url="https://www.example.org/bidrag",
        external_link_text="Bidragsportalen",
        sort_order=9,
    )
    return pages


def _promotions(html: str) -> str:
    start = html.find('search-promotions"')
    return strip_tags(html[start : html.find("</ul>", start)]) if start != -1 else ""


def test_a_promoted_page_comes_first_for_its_query(client, promoted):
    html = client.get("/sok/", {"q": "bidrag"}, headers=EKERO).text
    shown = _promotions(html)
    assert "Så startar du en förening" in shown and "Tips guide" in shown
    assert "Bidragsportalen" in shown
    assert html.index("Så startar du en förening") < html.index("Föreningsbidrag</")
    # Wagtail normalises the query: case and spaces do not matter.
    assert "Så startar du en förening" in _promotions(
        client.get("/sok/", {"q": "  BIDRAG "}, headers=EKERO).text
    )


def test_only_pages_everybody_may_see_on_this_site_are_promoted(client, promoted):
    shown = _promotions(client.get("/sok/", {"q": "bidrag"}, headers=EKERO).text)
    assert "Intern bidragsguide" not in shown
    assert "Gammal bidragssida" not in shown
    assert "Jönköpings bidrag" not in shown
    client.force_login(UserFactory(groups=["Ekerö coacher"]))
    shown = _promotions(client.get("/sok/", {"q": "bidrag"}, headers=EKERO).text)
    assert "Intern bidragsguide" not in shown


def test_other_queries_and_later_pages_show_no_promotions(client, promoted):
    assert _promotions(client.get("/sok/", {"q": "förening"}, headers=EKERO).text) == ""
    html = client.get("/sok/", {"q": "bidrag", "page": 2}, headers=EKERO).text
    assert _promotions(html) == ""


def test_the_staff_search_shows_promotions_too(client, promoted):
    client.force_login(UserFactory(groups=["Ekerö moderatorer"]))
    shown = _promotions(client.get("/admin/katalogsok/", {"q": "bidrag"}).text)
    assert "Så startar du en förening" in shown
    assert "Intern bidragsguide" not in shown


def test_editors_may_manage_promotions_and_coaches_may_not(client, sites):
    client.force_login(UserFactory(groups=["Ekerö moderatorer"]))
    assert client.get("/admin/searchpicks/").status_code == 200
    client.force_login(UserFactory(groups=["Ekerö coacher"]))
    assert client.get("/admin/searchpicks/").status_code in (302, 403)
