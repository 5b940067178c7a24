"""The referral directory's admin: each municipality sees and changes only its own."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from idelabbet.models import IdeaIndexPage, Organisation
from idelabbet.workflow import State
from tests.factories import UserFactory

from .conftest import make_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def jonkoping_index(jonkoping):
    """A second municipality running Idélabbet, with its own coach and lead groups."""
    coaches = Group.objects.create(name="Jönköping coacher")
    lead = Group.objects.create(name="Jönköping processledare")
    for name, model_group in (("Ekerö coacher", coaches), ("Ekerö processledare", lead)):
        model_group.permissions.set(Group.objects.get(name=name).permissions.all())
    index = jonkoping.root_page.add_child(instance=IdeaIndexPage(title="Idéer", slug="ideer"))
    index.coach_group, index.lead_group = coaches, lead
    index.save_revision().publish()
    return index


@pytest.fixture
def directories(ideas_index, jonkoping_index):
    ekero = Organisation.objects.create(
        index=ideas_index, name="Mälaröarnas odlarförening", kind="forening"
    )
    jonkoping = Organisation.objects.create(
        index=jonkoping_index, name="Vätterbygdens språkvänner", kind="natverk"
    )
    return ekero, jonkoping


@pytest.fixture
def superuser(db):
    user = UserFactory(username="root", is_superuser=True)
    user.save()  # the factory sets the password after saving: keep the session valid
    return user


def _url(name, *args):
    return reverse(f"idelabbet-organisationer:{name}", args=args)


def test_a_lead_lists_only_their_own_municipalitys_organisations(client, people, directories):
    client.force_login(people["lead"])
    page = client.get(_url("index")).content.decode()
    assert "Mälaröarnas odlarförening" in page
    assert "Vätterbygdens språkvänner" not in page
    # The list's search goes through the same trimming.
    found = client.get(_url("index"), {"q": "språkvänner"}).content.decode()
    assert "Vätterbygdens språkvänner" not in found


def test_a_coach_lists_only_their_own_municipalitys_organisations(client, people, directories):
    client.force_login(people["coach"])
    page = client.get(_url("index")).content.decode()
    assert "Mälaröarnas odlarförening" in page
    assert "Vätterbygdens språkvänner" not in page


def test_the_other_municipalitys_lead_sees_only_theirs(client, directories):
    lead = UserFactory(username="jkpg.lead", groups=["Jönköping processledare"])
    client.force_login(lead)
    page = client.get(_url("index")).content.decode()
    assert "Vätterbygdens språkvänner" in page
    assert "Mälaröarnas odlarförening" not in page


def test_a_superuser_lists_every_municipalitys_organisations(client, superuser, directories):
    client.force_login(superuser)
    page = client.get(_url("index")).content.decode()
    assert "Mälaröarnas odlarförening" in page and "Vätterbygdens språkvänner" in page


@pytest.mark.parametrize("view", ["edit", "delete", "history", "usage", "copy"])
def test_another_municipalitys_organisation_is_not_found_by_its_id(
    client, people, directories, view
):
    _, foreign = directories
    client.force_login(people["lead"])
    assert client.get(_url(view, foreign.pk)).status_code == 404


def test_a_lead_cannot_change_or_delete_another_municipalitys_organisation(
    client, people, directories
):
    _, foreign = directories
    client.force_login(people["lead"])
    edited = client.post(
        _url("edit", foreign.pk),
        {"name": "Kapad", "kind": "forening", "contact": "", "website": ""},
    )
    assert edited.status_code == 404
    assert client.post(_url("delete", foreign.pk)).status_code == 404
    foreign.refresh_from_db()
    assert foreign.name == "Vätterbygdens språkvänner"


def test_a_lead_still_edits_their_own_municipalitys_organisation(client, people, directories):
    own, _ = directories
    client.force_login(people["lead"])
    response = client.post(
        _url("edit", own.pk),
        {"name": "Mälaröarnas odlare", "kind": "forening", "contact": "", "website": ""},
    )
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.name == "Mälaröarnas odlare"


def test_a_new_organisation_goes_into_the_leads_municipality(
    client, people, ideas_index, jonkoping_index
):
    client.force_login(people["lead"])
    form = client.get(_url("add")).content.decode()
    assert 'name="index"' not in form  # nothing to choose: the lead works in Ekerö only
    response = client.post(
        _url("add"),
        # A hand-made index field naming Jönköping is ignored.
        {"index": jonkoping_index.pk, "name": "Ekerö hembygdsförening", "kind": "forening"},
    )
    assert response.status_code == 302
    assert Organisation.objects.get(name="Ekerö hembygdsförening").index_id == ideas_index.pk


def test_a_superuser_chooses_the_municipality_of_a_new_organisation(
    client, superuser, ideas_index, jonkoping_index
):
    client.force_login(superuser)
    form = client.get(_url("add")).content.decode()
    assert 'name="index"' in form
    response = client.post(
        _url("add"), {"index": jonkoping_index.pk, "name": "Huskvarna scouter", "kind": "forening"}
    )
    assert response.status_code == 302
    assert Organisation.objects.get(name="Huskvarna scouter").index_id == jonkoping_index.pk


def test_a_coach_cannot_add_organisations(client, people, ideas_index):
    client.force_login(people["coach"])
    response = client.post(_url("add"), {"name": "Ny förening", "kind": "forening"})
    assert response.status_code in (302, 403)
    assert not Organisation.objects.filter(name="Ny förening").exists()


def test_referring_a_case_offers_only_the_cases_municipalitys_organisations(
    client, people, ideas_index, directories
):
    case = make_case(ideas_index, state=State.COACHING, coaches=[people["assigned"]])
    client.force_login(people["assigned"])
    page = client.get(reverse("idelabbet-arenden:case", args=[case.pk])).content.decode()
    referral_form = page[page.index('name="organisation"') :]
    referral_form = referral_form[: referral_form.index("</select>")]
    assert "Mälaröarnas odlarförening" in referral_form
    assert "Vätterbygdens språkvänner" not in referral_form
