"""The site administrators' "Kommuner" screen, and deactivating a municipality."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Site

from cms.models import Municipality
from cms.services import municipality_add
from idelabbet.models import IdeaIndexPage
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

FORM = {
    "name": "Sollentuna",
    "organisation": "Sollentuna kommun",
    "hostname": "sollentuna.example.se",
    "port": "80",
    "practices": ["idelabbet"],
    "site_name": "Idélabbet Sollentuna",
    "email": "",
}


@pytest.fixture
def webbadmin(client, sites):
    user = UserFactory(username="webbadmin", groups=["Webbplatsadministratörer"])
    client.force_login(user)
    return user


def test_site_administrator_lists_the_municipalities(client, webbadmin):
    page = client.get("/admin/kommuner/")
    assert page.status_code == 200
    assert "Ekerö" in page.text and "Jönköping" in page.text
    assert "jonkoping.localhost" in page.text


def test_site_administrator_creates_a_municipality_in_the_admin(client, webbadmin):
    form = client.get("/admin/kommuner/new/")
    assert form.status_code == 200
    assert "Värdnamn" in form.text and "Forum Civilsamhälle" in form.text
    response = client.post("/admin/kommuner/new/", FORM, follow=True)
    assert response.status_code == 200
    assert "Kommunen Sollentuna skapades" in response.text
    municipality = Municipality.objects.get(name="Sollentuna")
    assert municipality.site.hostname == "sollentuna.example.se"
    assert municipality.site.site_name == "Idélabbet Sollentuna"
    assert IdeaIndexPage.objects.child_of(municipality.site.root_page).exists()
    assert Group.objects.filter(name="Sollentuna coacher").exists()
    home = client.get("/", headers={"host": "sollentuna.example.se"})
    assert "<h1>Idélabbet Sollentuna</h1>" in home.text


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"hostname": "jonkoping.localhost"}, "hostname", "används redan av en annan webbplats"),
        ({"hostname": "inte ett namn"}, "hostname", "inget giltigt värdnamn"),
        ({"name": "Ekerö"}, "name", "Det finns redan en kommun som heter"),
        ({"practices": ["bibliotek"]}, "practices", "bibliotek"),
        ({"practices": []}, "practices", ""),
    ],
)
def test_bad_input_in_the_admin_form_shows_a_clear_error_and_creates_nothing(
    client, webbadmin, change, field, message
):
    sites, groups = Site.objects.count(), Group.objects.count()
    response = client.post("/admin/kommuner/new/", {**FORM, **change})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors
    assert message in " ".join(errors[field])
    assert message in response.text.replace("&quot;", '"').replace("&#x27;", "'")
    assert (Site.objects.count(), Group.objects.count()) == (sites, groups)
    assert not Municipality.objects.filter(name=FORM["name"]).exists()


def test_practices_are_switched_on_later_and_never_off(client, webbadmin):
    jonkoping = Municipality.objects.get(slug="jonkoping")
    url = f"/admin/kommuner/edit/{jonkoping.pk}/"
    assert client.get(url).status_code == 200
    client.post(url, {"practices": ["forum", "idelabbet"]})
    jonkoping.refresh_from_db()
    assert jonkoping.practices == ["idelabbet", "forum"]
    assert IdeaIndexPage.objects.child_of(jonkoping.site.root_page).get().coach_group.name == (
        "Jönköping coacher"
    )
    response = client.post(url, {"practices": ["idelabbet"]})
    assert "kan inte slås av" in response.text
    jonkoping.refresh_from_db()
    assert jonkoping.practices == ["idelabbet", "forum"]


@pytest.mark.parametrize("group", ["Ekerö moderatorer", "Ekerö processledare", "Ekerö coacher"])
def test_municipality_staff_cannot_open_or_create_municipalities(client, sites, group):
    client.force_login(UserFactory(groups=[group]))
    assert client.get("/admin/kommuner/").status_code in (302, 403)
    response = client.post("/admin/kommuner/new/", FORM)
    assert response.status_code in (302, 403)
    assert not Municipality.objects.filter(name="Sollentuna").exists()
    ekero = Municipality.objects.get(slug="ekero")
    client.post(f"/admin/kommuner/{ekero.pk}/avaktivera/")
    assert Municipality.objects.get(slug="ekero").is_active


def test_nobody_deletes_a_municipality(client, sites):
    admin = UserFactory(username="root")
    admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    ekero = Municipality.objects.get(slug="ekero")
    response = client.post(f"/admin/kommuner/delete/{ekero.pk}/")
    assert response.status_code in (302, 403, 404)
    assert Municipality.objects.filter(pk=ekero.pk).exists()


def test_deactivation_closes_the_site_keeps_the_data_and_takes_away_staff_access(client, webbadmin):
    ekero = Municipality.objects.get(slug="ekero")
    coach = UserFactory(username="coach.anna", groups=["Ekerö coacher"])
    response = client.post(f"/admin/kommuner/{ekero.pk}/avaktivera/", follow=True)
    assert "Ekerö är avaktiverad" in response.text
    ekero.refresh_from_db()
    assert not ekero.is_active
    closed = client.get("/", headers={"host": "localhost"})
    assert closed.status_code == 410
    assert "Webbplatsen är stängd" in closed.text and "This website is closed" in closed.text
    assert client.get("/ideer/", headers={"host": "localhost"}).status_code == 410
    # The other municipality answers as before.
    assert client.get("/", headers={"host": "jonkoping.localhost"}).status_code == 200
    # The data is kept ...
    assert IdeaIndexPage.objects.child_of(ekero.site.root_page).exists()
    # ... and the coach can no longer enter the admin, the case board or search.
    client.force_login(coach)
    assert client.get("/admin/").status_code == 302
    assert not coach.groups.exists()
    # Reactivation gives everything back.
    client.force_login(webbadmin)
    client.post(f"/admin/kommuner/{ekero.pk}/aktivera/")
    assert client.get("/", headers={"host": "localhost"}).status_code == 200
    assert list(coach.groups.values_list("name", flat=True)) == ["Ekerö coacher"]


def test_deactivating_the_last_active_municipality_is_refused(client, webbadmin):
    jonkoping = Municipality.objects.get(slug="jonkoping")
    client.post(f"/admin/kommuner/{jonkoping.pk}/avaktivera/")
    ekero = Municipality.objects.get(slug="ekero")
    response = client.post(f"/admin/kommuner/{ekero.pk}/avaktivera/", follow=True)
    assert "den sista aktiva kommunen" in response.text
    assert Municipality.objects.get(slug="ekero").is_active


def test_deactivating_the_municipality_of_the_last_site_administrator_is_refused(client, sites):
    # The only one who may manage municipalities holds that right through Ekerö's group.
    municipality_add(name="Sigtuna", hostname="sigtuna.example.se", practices=["forum"])
    moderators = Group.objects.get(name="Ekerö moderatorer")
    moderators.permissions.add(
        *Group.objects.get(name="Webbplatsadministratörer").permissions.filter(
            codename__endswith="_municipality"
        )
    )
    user = UserFactory(username="ensam.admin", groups=["Ekerö moderatorer"])
    client.force_login(user)
    ekero = Municipality.objects.get(slug="ekero")
    response = client.post(f"/admin/kommuner/{ekero.pk}/avaktivera/", follow=True)
    assert "ingen webbplatsadministratör skulle ha kvar behörighet" in response.text
    assert Municipality.objects.get(slug="ekero").is_active
