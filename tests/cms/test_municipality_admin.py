"""The site administrators' "Kommuner" screen, and deactivating a municipality."""

import pytest
from django.contrib.auth.models import Group

from cms.branding import DEFAULT_ACCENT
from cms.models import LanguageSettings, Municipality, SiteContact, SiteIdentity
from cms.services import municipality_add
from idelabbet.models import IdeaIndexPage
from tests.cms.test_municipality_add import snapshot
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
    "accent_colour": "",
}


def shown(response) -> str:
    return response.text.replace("&quot;", '"').replace("&#x27;", "'")


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


def test_the_admin_form_sets_contact_accent_colour_and_languages_as_the_command_does(
    client, webbadmin
):
    form = client.get("/admin/kommuner/new/")
    assert "Profilfärg" in form.text and "Språk" in form.text
    # Swedish is always offered, so only the other languages are choices.
    assert 'value="en"' in form.text and 'value="ar"' in form.text
    assert 'value="sv"' not in form.text
    response = client.post(
        "/admin/kommuner/new/",
        {
            **FORM,
            "email": "idelabbet@sollentuna.example.se",
            "accent_colour": "#1d5c4d",
            "languages": ["en"],
        },
        follow=True,
    )
    assert "Kommunen Sollentuna skapades" in response.text
    site = Municipality.objects.get(name="Sollentuna").site
    assert SiteIdentity.for_site(site).accent_colour == "#1d5c4d"
    assert SiteContact.for_site(site).email == "idelabbet@sollentuna.example.se"
    assert LanguageSettings.objects.get(site=site).codes == ["en"]
    home = client.get("/", headers={"host": "sollentuna.example.se"})
    assert "?c=1d5c4d" in home.text
    assert 'hreflang="en"' in home.text
    assert "idelabbet@sollentuna.example.se" in home.text


def test_without_colour_or_languages_the_new_site_has_the_install_defaults(client, webbadmin):
    client.post("/admin/kommuner/new/", FORM)
    site = Municipality.objects.get(name="Sollentuna").site
    assert SiteIdentity.for_site(site).accent_colour == DEFAULT_ACCENT
    # Nothing chosen: the site follows settings.DEFAULT_SITE_LANGUAGES.
    assert not LanguageSettings.objects.filter(site=site).exists()
    home = client.get("/", headers={"host": "sollentuna.example.se"})
    assert f"?c={DEFAULT_ACCENT[1:]}" in home.text


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"hostname": "jonkoping.localhost"}, "hostname", "används redan av en annan webbplats"),
        ({"hostname": "JONKOPING.localhost."}, "hostname", "används redan av en annan webbplats"),
        ({"hostname": "inte ett namn"}, "hostname", "inget giltigt värdnamn"),
        ({"hostname": "http://sollentuna.se"}, "hostname", "inget giltigt värdnamn"),
        ({"hostname": "192.168.0.1"}, "hostname", "inget giltigt värdnamn"),
        ({"hostname": ""}, "hostname", "Det här fältet är obligatoriskt"),
        ({"name": "Ekerö"}, "name", "Det finns redan en kommun som heter"),
        ({"name": "jönköping"}, "name", "Det finns redan en kommun som heter"),
        ({"name": "!!!"}, "name", "måste innehålla bokstäver eller siffror"),
        ({"practices": ["bibliotek"]}, "practices", "bibliotek"),
        ({"practices": []}, "practices", "Det här fältet är obligatoriskt"),
        ({"port": "70000"}, "port", "65535"),
        ({"email": "inte-en-adress"}, "email", "Fyll i en giltig e-postadress"),
        ({"accent_colour": "blå"}, "accent_colour", "Skriv färgen som # följt av sex tecken"),
        ({"accent_colour": "#ffff00"}, "accent_colour", "har bara kontrasten 1,0:1 mot vitt"),
        ({"languages": ["xx"]}, "languages", "xx"),
    ],
)
def test_bad_input_in_the_admin_form_shows_a_clear_error_and_creates_nothing(
    client, webbadmin, change, field, message
):
    before = snapshot()
    response = client.post("/admin/kommuner/new/", {**FORM, **change})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors
    assert message in " ".join(errors[field])
    assert message in shown(response)
    assert snapshot() == before
    assert not Municipality.objects.filter(name=FORM["name"]).exists()


def test_every_bad_field_is_named_at_once(client, webbadmin):
    before = snapshot()
    response = client.post(
        "/admin/kommuner/new/",
        {
            **FORM,
            "name": "Ekerö",
            "hostname": "jonkoping.localhost",
            "email": "inte-en-adress",
            "accent_colour": "#ffff00",
        },
    )
    errors = response.context["form"].errors
    assert {"name", "hostname", "email", "accent_colour"} <= set(errors)
    assert snapshot() == before


def test_sending_the_form_again_changes_nothing_and_says_the_municipality_exists(client, webbadmin):
    client.post("/admin/kommuner/new/", {**FORM, "accent_colour": "#1d5c4d", "languages": ["en"]})
    before = snapshot()
    response = client.post(
        "/admin/kommuner/new/", {**FORM, "accent_colour": "#8c1d40", "languages": ["ar"]}
    )
    assert "Det finns redan en kommun som heter ”Sollentuna”" in shown(response)
    assert snapshot() == before
    site = Municipality.objects.get(name="Sollentuna").site
    assert SiteIdentity.for_site(site).accent_colour == "#1d5c4d"
    assert LanguageSettings.objects.get(site=site).codes == ["en"]


def test_saving_the_practices_unchanged_changes_nothing(client, webbadmin):
    jonkoping = Municipality.objects.get(slug="jonkoping")
    before = snapshot()
    response = client.post(
        f"/admin/kommuner/edit/{jonkoping.pk}/", {"practices": jonkoping.practices}, follow=True
    )
    assert "Verksamheterna för Jönköping är sparade" in response.text
    assert snapshot() == before


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
