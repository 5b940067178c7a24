"""Isolation for N municipalities, each created through ``manage.py municipality_add``.

Three municipalities: two run Idélabbet (their coaches must never meet each
other's cases, submitters, files, exports, emails or figures), one runs only
the forum (its staff see no case at all). Each test is parametrised over the
ordered pairs, so a rule that only held for the first two would fail here.
"""

import csv
import io
import itertools

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import strip_tags

from cms.models import Municipality
from idelabbet.models import IdeaAttachment, IdeaIndexPage
from idelabbet.workflow import State
from search.services import catalog_rebuild
from tests.factories import UserFactory

from .conftest import case_reset, publish, submit

pytestmark = pytest.mark.django_db

IDEAS_TOWNS = {"Sollentuna": "sollentuna.example.se", "Sigtuna": "sigtuna.example.se"}
FORUM_TOWN = ("Nacka", "nacka.example.se")
PAIRS = list(itertools.permutations(IDEAS_TOWNS, 2))


@pytest.fixture
def towns(db, immediate_tasks, django_capture_on_commit_callbacks):
    """Each municipality with its staff and one published idea whose case has a file."""
    out = io.StringIO()
    for name, host in IDEAS_TOWNS.items():
        call_command(
            "municipality_add",
            f"--name={name}",
            f"--hostname={host}",
            "--practices=idelabbet",
            stdout=out,
        )
    call_command(
        "municipality_add",
        f"--name={FORUM_TOWN[0]}",
        f"--hostname={FORUM_TOWN[1]}",
        "--practices=forum",
        stdout=out,
    )
    result = {}
    for name in IDEAS_TOWNS:
        municipality = Municipality.objects.get(name=name)
        index = IdeaIndexPage.objects.child_of(municipality.site.root_page).get()
        people = {
            role: UserFactory(username=f"{role}.{municipality.slug}", groups=[group])
            for role, group in (
                ("coach", f"{name} coacher"),
                ("lead", f"{name} processledare"),
                ("moderator", f"{name} moderatorer"),
            )
        }
        with django_capture_on_commit_callbacks(execute=True):
            submission = submit(
                index,
                title=f"Hemligt projekt i {name}",
                name=f"Invånare i {name}",
                email=f"invanare@{municipality.slug}.example.se",
                attachments=[SimpleUploadedFile("budget.pdf", b"%PDF-1.4 x", "application/pdf")],
            )
        publish(submission)
        case = case_reset(submission.case, state=State.COACHING, coaches=[people["coach"]])
        result[name] = {
            "municipality": municipality,
            "host": municipality.site.hostname,
            "index": index,
            "people": people,
            "case": case,
            "submission": submission,
            "attachment": IdeaAttachment.objects.get(submission=submission),
        }
    forum = Municipality.objects.get(name=FORUM_TOWN[0])
    result[FORUM_TOWN[0]] = {
        "municipality": forum,
        "people": {
            "organiser": UserFactory(
                username="arrangor.nacka", groups=[f"{FORUM_TOWN[0]} forumarrangörer"]
            )
        },
    }
    return result


def _refused(response) -> bool:
    if response.status_code == 302:
        return response.url.startswith("/admin/")
    return response.status_code in (403, 404)


@pytest.mark.parametrize(("own", "other"), PAIRS)
def test_public_pages_show_only_the_sites_own_ideas(client, towns, own, other):
    listing = client.get("/ideer/", headers={"host": towns[own]["host"]})
    assert f"Hemligt projekt i {own}" in listing.text
    assert f"Hemligt projekt i {other}" not in listing.text
    idea = towns[other]["submission"].idea
    response = client.get(f"/ideer/{idea.slug}/", headers={"host": towns[own]["host"]})
    assert response.status_code == 404
    assert (
        client.get(f"/ideer/{idea.slug}/", headers={"host": towns[other]["host"]}).status_code
        == 200
    )


@pytest.mark.parametrize(("own", "other"), PAIRS)
def test_coaches_and_leads_see_only_their_own_municipalitys_cases(client, towns, own, other):
    for role in ("coach", "lead", "moderator"):
        client.force_login(towns[own]["people"][role])
        board = client.get(reverse("idelabbet-arenden:index") + "?alla=1").text
        assert f"Hemligt projekt i {own}" in board, role
        assert f"Hemligt projekt i {other}" not in board, role
        other_case = reverse("idelabbet-arenden:case", args=[towns[other]["case"].pk])
        assert _refused(client.get(other_case)), role


@pytest.mark.parametrize(("own", "other"), PAIRS)
def test_submitters_and_attachments_of_another_municipality_stay_closed(client, towns, own, other):
    client.force_login(towns[own]["people"]["coach"])
    listing = client.get("/admin/idelabbet/inskickade/").text
    assert f"invanare@{towns[own]['municipality'].slug}.example.se" in listing
    assert f"Invånare i {other}" not in listing
    theirs = towns[other]
    assert _refused(client.get(f"/admin/idelabbet/bilagor/{theirs['attachment'].pk}/"))
    assert _refused(client.get(f"/admin/idelabbet/inskickade/inspect/{theirs['submission'].pk}/"))
    assert client.get(f"/admin/idelabbet/bilagor/{towns[own]['attachment'].pk}/").status_code == 200


@pytest.mark.parametrize(("own", "other"), PAIRS)
def test_the_case_export_holds_only_the_municipalitys_own_cases(client, towns, own, other):
    client.force_login(towns[own]["people"]["lead"])
    response = client.get("/admin/idelabbet/arendeexport/", {"export": "csv"})
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [row["Idé"] for row in rows] == [f"Hemligt projekt i {own}"]


@pytest.mark.parametrize(("own", "other"), PAIRS)
def test_staff_search_finds_nothing_of_another_municipality(client, towns, own, other):
    catalog_rebuild()
    client.force_login(towns[own]["people"]["coach"])
    html = strip_tags(client.get("/admin/katalogsok/", {"q": "Hemligt projekt"}).text)
    html = " ".join(html.split())
    # Published ideas are public everywhere; cases and submitters are not.
    assert f"Hemligt projekt i {own} Ärende · {own}" in html
    assert f"Ärende · {other}" not in html
    assert f"Invånare i {other}" not in html


@pytest.mark.parametrize(("own", "other"), PAIRS)
def test_emails_to_submitters_link_to_their_own_municipalitys_site(towns, own, other):
    sent = [m for m in mail.outbox if f"invanare@{towns[own]['municipality'].slug}" in m.to[0]]
    assert sent, [m.to for m in mail.outbox]
    body = "\n".join(m.body for m in sent)
    assert towns[own]["host"] in body
    assert towns[other]["host"] not in body


@pytest.mark.parametrize(("own", "other"), PAIRS)
def test_statistics_show_only_the_leads_own_municipality(client, towns, own, other):
    client.force_login(towns[own]["people"]["lead"])
    html = client.get("/admin/statistik/").content.decode()
    assert other not in html
    other_site = towns[other]["municipality"].site
    assert client.get("/admin/statistik/", {"kommun": other_site.pk}).status_code == 404


@pytest.mark.parametrize("town", list(IDEAS_TOWNS))
def test_forum_only_staff_see_no_case_and_no_submitter(client, towns, town):
    client.force_login(towns[FORUM_TOWN[0]]["people"]["organiser"])
    assert _refused(client.get(reverse("idelabbet-arenden:index")))
    assert _refused(client.get(reverse("idelabbet-arenden:case", args=[towns[town]["case"].pk])))
    assert _refused(client.get(f"/admin/idelabbet/bilagor/{towns[town]['attachment'].pk}/"))
    catalog_rebuild()
    html = " ".join(
        strip_tags(client.get("/admin/katalogsok/", {"q": "Hemligt projekt"}).text).split()
    )
    assert "Ärende ·" not in html
    assert f"Invånare i {town}" not in html
