"""Journey: a site administrator onboards a municipality in the admin and assigns its coach.

The new site then answers at its own host name with its home page and its
ideas form, and the coach reaches the case board. Screenshots of each step
are kept in test-artifacts/.
"""

import re

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from cms.models import Municipality
from tests.browser.conftest import ARTIFACTS, assert_no_serious_axe_violations
from tests.factories import UserFactory

pytestmark = pytest.mark.browser


def _sign_in(page, base, username):
    page.goto(base + "/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill("losenord-123")
    page.locator("form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/admin/$"))


def test_site_admin_creates_a_municipality_assigns_a_coach_and_the_site_answers(
    live_sites, browser, page
):
    ARTIFACTS.mkdir(exist_ok=True)
    base = live_sites["ekero"]
    port = base.rsplit(":", 1)[1]
    UserFactory(username="webbadmin", groups=["Webbplatsadministratörer"])
    coach = UserFactory(username="kim.coach", first_name="Kim", last_name="Lund")
    coach.set_password("losenord-123")  # the factory saves it only with groups
    coach.save()
    _sign_in(page, base, "webbadmin")

    page.goto(base + "/admin/kommuner/")
    expect(page.get_by_role("heading", name="Kommuner")).to_be_visible()
    page.get_by_role("link", name=re.compile("Lägg till")).first.click()
    page.wait_for_url(re.compile(r"/admin/kommuner/new/$"))
    page.locator("#id_name").fill("Sollentuna")
    page.locator("#id_organisation").fill("Sollentuna kommun")
    page.locator("#id_hostname").fill("sollentuna.localhost")
    page.locator("#id_port").fill(port)
    page.get_by_label("Idélabbet").check()
    page.locator("#id_site_name").fill("Idélabbet Sollentuna")
    page.screenshot(path=str(ARTIFACTS / "municipality-create-form.png"), full_page=True)
    page.get_by_role("button", name="Skapa").click()
    expect(page.get_by_text("Kommunen Sollentuna skapades")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="Sollentuna kommun")
    expect(row).to_contain_text("sollentuna.localhost")
    expect(row).to_contain_text("Idélabbet")
    page.screenshot(path=str(ARTIFACTS / "municipality-list.png"), full_page=True)
    municipality = Municipality.objects.get(name="Sollentuna")

    # The coach is assigned in Wagtail's user screen: the new group is there.
    page.goto(f"{base}/admin/users/edit/{coach.pk}/")
    page.get_by_role("tab", name="Roller").click()
    page.get_by_label("Sollentuna coacher").check()
    page.screenshot(path=str(ARTIFACTS / "municipality-assign-coach.png"), full_page=True)
    page.get_by_role("button", name="Spara").first.click()
    expect(page.get_by_text(re.compile("uppdaterad|har uppdaterats|sparad"))).to_be_visible()
    assert list(coach.groups.all()) == [Group.objects.get(name="Sollentuna coacher")]

    # The new site answers at its own host name: its home page and its ideas form.
    site = f"http://sollentuna.localhost:{port}"
    public = page
    public.goto(site + "/")
    expect(public.get_by_role("heading", level=1, name="Idélabbet Sollentuna")).to_be_visible()
    assert_no_serious_axe_violations(public)
    public.screenshot(path=str(ARTIFACTS / "municipality-new-home.png"), full_page=True)
    public.goto(site + "/idelabbet/skicka-in/")
    expect(public.get_by_label("Idéns namn")).to_be_visible()
    assert_no_serious_axe_violations(public)
    public.screenshot(path=str(ARTIFACTS / "municipality-new-ideas-form.png"), full_page=True)

    # The coach signs in and reaches the (empty) case board of the new municipality.
    coach_page = browser.new_context(
        locale="sv-SE", viewport={"width": 1280, "height": 900}
    ).new_page()
    _sign_in(coach_page, site, "kim.coach")
    coach_page.goto(site + "/admin/idelabbet/arenden/")
    expect(coach_page.locator("main")).to_contain_text("0 ärenden")
    coach_page.screenshot(path=str(ARTIFACTS / "municipality-coach-board.png"), full_page=True)
    assert municipality.site.port == int(port)
    coach_page.context.close()
