"""Onboarding a municipality from the command line: what it creates, bad input, re-runs."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    GroupSitePermission,
    Page,
    Revision,
    Site,
    Task,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from cms.models import (
    HomePage,
    LanguageSettings,
    Municipality,
    MunicipalityGroup,
    SiteContact,
    SiteIdentity,
)
from forum.models import ForumIndexPage
from idelabbet.models import IdeaIndexPage

pytestmark = pytest.mark.django_db

SOLLENTUNA = [
    "--name",
    "Sollentuna",
    "--hostname",
    "sollentuna.example.se",
    "--practices",
    "idelabbet,forum",
    "--organisation",
    "Sollentuna kommun",
    "--email",
    "idelabbet@sollentuna.example.se",
]


def add(*args) -> str:
    out = io.StringIO()
    call_command("municipality_add", *args, stdout=out)
    return out.getvalue()


def snapshot() -> dict:
    """Every row the command may write, counted, and every group's permissions as sets."""
    models = (
        Page,
        Revision,
        Site,
        Collection,
        Group,
        GroupPagePermission,
        GroupCollectionPermission,
        GroupSitePermission,
        Workflow,
        WorkflowTask,
        WorkflowPage,
        Task,
        Municipality,
        MunicipalityGroup,
        SiteContact,
        SiteIdentity,
    )
    counts = {model.__name__: model.objects.count() for model in models}
    counts["group_permissions"] = Group.permissions.through.objects.count()
    counts["permissions"] = {
        group.name: sorted(group.permissions.values_list("codename", flat=True))
        for group in Group.objects.all()
    }
    return counts


def test_command_creates_site_home_collection_groups_workflows_indexes_and_settings(sites):
    out = add(*SOLLENTUNA)
    assert "Sollentuna skapades" in out
    municipality = Municipality.objects.get(name="Sollentuna")
    site = municipality.site
    assert (site.hostname, site.port, site.site_name) == ("sollentuna.example.se", 80, "Sollentuna")
    assert isinstance(site.root_page.specific, HomePage) and site.root_page.live
    assert municipality.collection.name == "Sollentuna kommun"
    assert municipality.practices == ["idelabbet", "forum"]
    groups = {link.role: link.group.name for link in municipality.role_groups.all()}
    assert groups == {
        "moderator": "Sollentuna moderatorer",
        "coach": "Sollentuna coacher",
        "lead": "Sollentuna processledare",
        "organiser": "Sollentuna forumarrangörer",
        "coordination": "Sollentuna samordningsgrupp",
    }
    ideas = IdeaIndexPage.objects.child_of(site.root_page).get()
    assert ideas.live and ideas.coach_group.name == "Sollentuna coacher"
    assert ideas.lead_group.name == "Sollentuna processledare"
    assert ideas.moderator_group.name == "Sollentuna moderatorer"
    assert ideas.get_workflow().tasks.get().specific.groups.get().name == "Sollentuna moderatorer"
    forum = ForumIndexPage.objects.child_of(site.root_page).get()
    assert forum.lead_group.name == "Sollentuna samordningsgrupp"
    assert forum.get_workflow().tasks.get().specific.groups.get().name == (
        "Sollentuna forumarrangörer"
    )
    home_review = Page.objects.get(pk=site.root_page_id).get_workflow().tasks.get().specific
    assert [g.name for g in home_review.groups.all()] == ["Sollentuna moderatorer"]
    assert SiteContact.for_site(site).organisation == "Sollentuna kommun"
    assert SiteContact.for_site(site).email == "idelabbet@sollentuna.example.se"
    assert SiteIdentity.for_site(site).tagline == "Sollentuna kommun"
    # Page rights on Sollentuna's own tree, images in its own collection, settings on its Site.
    coach = Group.objects.get(name="Sollentuna coacher")
    assert coach.permissions.filter(codename="access_caseboard").exists()
    moderators = Group.objects.get(name="Sollentuna moderatorer")
    assert set(
        GroupPagePermission.objects.filter(group=moderators).values_list("page", flat=True)
    ) == {site.root_page_id}
    assert set(
        GroupCollectionPermission.objects.filter(group=moderators).values_list(
            "collection", flat=True
        )
    ) == {municipality.collection_id}
    assert set(
        GroupSitePermission.objects.filter(group=moderators).values_list("site", flat=True)
    ) == {site.pk}


def test_the_languages_option_sets_the_new_sites_languages(sites):
    add(*SOLLENTUNA, "--languages", "sv,en")
    site = Municipality.objects.get(name="Sollentuna").site
    assert LanguageSettings.objects.get(site=site).codes == ["en"]


def test_new_site_serves_its_home_page_and_its_ideas_form(client, sites):
    add(*SOLLENTUNA)
    home = client.get("/", headers={"host": "sollentuna.example.se"})
    assert home.status_code == 200
    assert "<h1>Sollentuna</h1>" in home.text
    form = client.get("/idelabbet/skicka-in/", headers={"host": "sollentuna.example.se"})
    assert form.status_code == 200
    assert 'name="title"' in form.text


def test_rerunning_the_command_changes_nothing(sites):
    add(*SOLLENTUNA)
    before = snapshot()
    out = add(*SOLLENTUNA)
    assert "finns redan" in out and "Inget ändrades" in out
    assert snapshot() == before


def test_rerunning_setup_for_the_demo_changes_nothing(sites):
    before = snapshot()
    call_command("setup_municipalities", stdout=io.StringIO())
    assert snapshot() == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--hostname", "jonkoping.localhost"], "används redan av en annan webbplats"),
        (["--hostname", "http://sollentuna.se"], "inget giltigt värdnamn"),
        (["--hostname", "sollentuna..se"], "inget giltigt värdnamn"),
        (["--hostname", "-sollentuna.se"], "inget giltigt värdnamn"),
        (["--hostname", "sollentuna.se:8000"], "inget giltigt värdnamn"),
        (["--name", "Jönköping"], "Det finns redan en kommun som heter"),
        (["--name", "jönköping"], "Det finns redan en kommun som heter"),
        (["--practices", "idelabbet,bibliotek"], "Okänd verksamhet: bibliotek"),
        (["--practices", ","], "Välj minst en verksamhet"),
        (["--port", "70000"], "Porten måste vara"),
        (["--email", "inte-en-adress"], "--email"),
        (["--accent-colour", "#ffff00"], "--accent-colour"),
        (["--languages", "sv,xx"], "--languages: Installationen erbjuder inte språket xx"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_creates_nothing(sites, args, message):
    before = snapshot()
    base = dict(zip(SOLLENTUNA[::2], SOLLENTUNA[1::2], strict=True))
    base.update(dict(zip(args[::2], args[1::2], strict=True)))
    with pytest.raises(CommandError) as error:
        add(*[f"{key}={value}" for key, value in base.items()])
    assert "Ingenting skapades" in str(error.value)
    assert message in str(error.value)
    assert snapshot() == before


def test_a_practice_is_switched_on_later_by_running_the_command_with_it(sites):
    add("--name", "Sigtuna", "--hostname", "sigtuna.example.se", "--practices", "forum")
    municipality = Municipality.objects.get(name="Sigtuna")
    assert not IdeaIndexPage.objects.child_of(municipality.site.root_page).exists()
    out = add("--name", "Sigtuna", "--hostname", "sigtuna.example.se", "--practices", "idelabbet")
    assert "Nu med idelabbet, forum" in out
    municipality.refresh_from_db()
    assert municipality.practices == ["idelabbet", "forum"]
    index = IdeaIndexPage.objects.child_of(municipality.site.root_page).get()
    assert index.coach_group.name == "Sigtuna coacher"
    # The home page's review group stays what it was.
    home = Page.objects.get(pk=municipality.site.root_page_id)
    assert home.get_workflow().tasks.get().specific.groups.get().name == "Sigtuna forumarrangörer"


def test_a_new_sites_home_page_shows_the_way_in_to_each_practice(client, sites):
    add(*SOLLENTUNA)
    home = client.get("/", headers={"host": "sollentuna.example.se"})
    assert home.status_code == 200
    assert "Så kan du vara med" in home.text
    assert 'href="/ideer/"' in home.text and "Idéer – skicka in din eller var med" in home.text
    assert 'href="/forum/"' in home.text and "Forum Civilsamhälle" in home.text
    assert '<span class="brand-tagline">Sollentuna kommun</span>' in home.text
    # A footer with nothing about the site yet has no empty heading.
    assert "Om webbplatsen" not in home.text


def test_a_practice_switched_on_later_adds_its_way_in_and_keeps_the_editors_text(client, sites):
    add("--name", "Sigtuna", "--hostname", "sigtuna.example.se", "--practices", "forum")
    home = HomePage.objects.get(pk=Municipality.objects.get(name="Sigtuna").site.root_page_id)
    home.body.append(("paragraph", "<p>Välkommen till Sigtuna!</p>"))
    home.save_revision().publish()
    before = client.get("/", headers={"host": "sigtuna.example.se"}).text
    assert 'href="/forum/"' in before and 'href="/ideer/"' not in before
    # No organisation given: it is the site's name, which the header says once.
    assert 'class="brand-tagline"' not in before
    add("--name", "Sigtuna", "--hostname", "sigtuna.example.se", "--practices", "idelabbet")
    after = client.get("/", headers={"host": "sigtuna.example.se"}).text
    assert 'href="/ideer/"' in after and 'href="/forum/"' in after
    assert "Välkommen till Sigtuna!" in after
    # Re-running adds nothing more.
    revisions = Revision.objects.filter(object_id=str(home.pk)).count()
    add("--name", "Sigtuna", "--hostname", "sigtuna.example.se", "--practices", "idelabbet")
    assert Revision.objects.filter(object_id=str(home.pk)).count() == revisions
