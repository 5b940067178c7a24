"""Deactivating a municipality from the command line (the admin screen: test_municipality_admin)."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from cms.models import Municipality
from cms.services import municipality_add
from idelabbet.models import IdeaIndexPage
from tests.cms.test_municipality_add import snapshot
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def webbadmin(sites):
    # Someone outside the municipality who may reopen it (else deactivation is refused).
    return UserFactory(username="webbadmin", groups=["Webbplatsadministratörer"])


def deactivate(*args) -> str:
    out = io.StringIO()
    call_command("municipality_deactivate", *args, stdout=out)
    return out.getvalue()


def test_the_command_closes_the_site_keeps_the_data_and_takes_away_staff_access(client, webbadmin):
    coach = UserFactory(username="coach.anna", groups=["Ekerö coacher"])
    assert "Ekerö är nu avaktiverad" in deactivate("--name", "ekerö")
    assert client.get("/", headers={"host": "localhost"}).status_code == 410
    assert client.get("/", headers={"host": "jonkoping.localhost"}).status_code == 200
    ekero = Municipality.objects.get(slug="ekero")
    assert IdeaIndexPage.objects.child_of(ekero.site.root_page).exists()
    assert not coach.groups.exists()
    client.force_login(coach)
    assert client.get("/admin/").status_code == 302
    assert "Ekerö är nu aktiv" in deactivate("--name", "Ekerö", "--activate")
    assert client.get("/", headers={"host": "localhost"}).status_code == 200
    assert list(coach.groups.values_list("name", flat=True)) == ["Ekerö coacher"]


def test_running_the_command_again_changes_nothing(webbadmin):
    UserFactory(username="coach.anna", groups=["Ekerö coacher"])
    deactivate("--name", "Ekerö")
    before = snapshot()
    assert "Ekerö var redan avaktiverad. Inget ändrades." in deactivate("--name", "Ekerö")
    assert snapshot() == before


def test_an_unknown_municipality_is_named_with_the_ones_there_are(sites):
    with pytest.raises(CommandError) as error:
        deactivate("--name", "Sollentuna")
    assert "Det finns ingen kommun som heter ”Sollentuna”" in str(error.value)
    assert "Ekerö" in str(error.value) and "Jönköping" in str(error.value)


def test_the_last_active_municipality_is_not_deactivated(webbadmin):
    deactivate("--name", "Jönköping")
    with pytest.raises(CommandError) as error:
        deactivate("--name", "Ekerö")
    assert "den sista aktiva kommunen" in str(error.value)
    assert Municipality.objects.get(slug="ekero").is_active


def test_the_municipality_of_the_last_site_administrator_is_not_deactivated(sites):
    # The only one who may manage municipalities holds that right through Ekerö's group.
    municipality_add(name="Sigtuna", hostname="sigtuna.example.se", practices=["forum"])
    Group.objects.get(name="Ekerö moderatorer").permissions.add(
        *Group.objects.get(name="Webbplatsadministratörer").permissions.filter(
            codename__endswith="_municipality"
        )
    )
    user = UserFactory(username="ensam.admin", groups=["Ekerö moderatorer"])
    with pytest.raises(CommandError) as error:
        deactivate("--name", "Ekerö")
    assert "ingen webbplatsadministratör skulle ha kvar behörighet" in str(error.value)
    assert Municipality.objects.get(slug="ekero").is_active
    assert user.groups.filter(name="Ekerö moderatorer").exists()
