import pytest
from django.contrib.auth.models import Group
from wagtail.models import Page

from cms.models import Municipality, MunicipalityGroup
from cms.municipalities import SITE_ADMINS, review_role_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def all_groups() -> list[str]:
    return [link.group.name for link in MunicipalityGroup.objects.select_related("group")] + [
        SITE_ADMINS.group
    ]


def test_every_group_exists_with_admin_access(sites):
    assert len(all_groups()) == 7
    for name in all_groups():
        group = Group.objects.get(name=name)
        assert group.permissions.filter(codename="access_admin").exists(), name


def test_admin_login_works_and_is_swedish(client, sites):
    UserFactory(username="maja", groups=["Ekerö moderatorer"])
    login = client.get("/admin/login/")
    assert login.status_code == 200
    assert 'lang="sv"' in login.text
    response = client.post(
        "/admin/login/", {"username": "maja", "password": "losenord-123"}, follow=True
    )
    assert response.status_code == 200
    assert response.request["PATH_INFO"] == "/admin/"
    assert "Logga ut" in response.text


def test_wrong_password_is_refused(client, sites):
    UserFactory(username="maja", groups=["Ekerö moderatorer"])
    response = client.post("/admin/login/", {"username": "maja", "password": "fel"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_person_in_no_group_cannot_enter_admin(client, sites):
    user = UserFactory(username="utan-grupp")
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.mark.parametrize(
    ("group", "own_site", "other_site"),
    [
        ("Ekerö moderatorer", "ekero", "jonkoping"),
        ("Jönköping forumarrangörer", "jonkoping", "ekero"),
        ("Jönköping moderatorer", "jonkoping", "ekero"),
    ],
)
def test_editors_may_edit_their_own_site_and_not_the_other(
    client, sites, group, own_site, other_site
):
    client.force_login(UserFactory(groups=[group]))
    own = sites[own_site].root_page
    other = sites[other_site].root_page
    assert client.get(f"/admin/pages/{own.pk}/edit/").status_code == 200
    forbidden = client.get(f"/admin/pages/{other.pk}/edit/")
    assert forbidden.status_code in (302, 403)
    if forbidden.status_code == 302:
        assert forbidden["Location"] == "/admin/"


def test_coaches_cannot_edit_pages(client, sites):
    client.force_login(UserFactory(groups=["Ekerö coacher"]))
    home = sites["ekero"].root_page
    assert client.get("/admin/").status_code == 200
    assert client.get(f"/admin/pages/{home.pk}/edit/").status_code in (302, 403)


def test_site_admins_may_edit_both_sites_and_manage_users(client, sites):
    client.force_login(UserFactory(groups=["Webbplatsadministratörer"]))
    for site in sites.values():
        assert client.get(f"/admin/pages/{site.root_page.pk}/edit/").status_code == 200
    assert client.get("/admin/users/").status_code == 200


def test_only_site_admins_manage_users(client, sites):
    client.force_login(UserFactory(groups=["Ekerö moderatorer"]))
    assert client.get("/admin/users/").status_code in (302, 403)


def test_each_site_publishes_through_its_own_review_group(sites):
    for municipality in Municipality.objects.all():
        home = Page.objects.get(pk=municipality.site.root_page_id)
        workflow = home.get_workflow()
        assert workflow is not None and workflow.active
        task = workflow.tasks.get().specific
        review = municipality.role_groups.get(role=review_role_for(municipality.practices))
        assert list(task.groups.all()) == [review.group]
