"""The staff export of cases: Wagtail's CSV/XLSX on the case listing, columns by role."""

import csv
import io

import pytest
from django.contrib.auth.models import Group
from openpyxl import load_workbook
from wagtail.models import ModelLogEntry

from idelabbet.models import IdeaIndexPage
from tests.factories import UserFactory

from .conftest import make_case

pytestmark = pytest.mark.django_db
URL = "/admin/idelabbet/arendeexport/"


@pytest.fixture
def cases(ideas_index, people):
    first = make_case(ideas_index, coaches=[people["assigned"]])
    second = make_case(
        ideas_index,
        title='=HYPERLINK("http://evil","klicka")',
        name="Greta Formelsson",
        email="greta@example.se",
        phone="+46 70 111 22 33",
    )
    return first, second


@pytest.fixture
def other_municipality(jonkoping):
    coaches = Group.objects.create(name="Jönköping coacher")
    coaches.permissions.set(Group.objects.get(name="Ekerö coacher").permissions.all())
    index = jonkoping.root_page.add_child(instance=IdeaIndexPage(title="Idéer", slug="ideer"))
    index.coach_group = coaches
    index.save_revision().publish()
    return make_case(index, title="Vätternbadet", name="Jönköpingsbo", email="jkpg@example.se")


def export(client, user, fmt="csv"):
    client.force_login(user)
    response = client.get(URL, {"export": fmt})
    assert response.status_code == 200
    if fmt == "csv":
        body = b"".join(response.streaming_content).decode()
        return list(csv.DictReader(io.StringIO(body)))
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return [[cell.value for cell in row] for row in workbook.active.iter_rows()]


def test_coach_export_has_the_submitters_contact_details(client, cases, people):
    rows = export(client, people["coach"])
    assert len(rows) == 2
    row = next(r for r in rows if r["Idé"] == "Dragkroksklubben")
    assert row["Idébärarens e-post"] == "hedda.sjoberg@example.se"
    assert row["Idébärarens telefon"] == "070-765 43 21"
    assert row["Tema"] == "Naturvård" and row["Läge"] == "Inkommen"


def test_moderator_export_has_no_personal_data(client, cases, people):
    rows = export(client, people["moderator"])
    assert len(rows) == 2
    assert "Idébärarens e-post" not in rows[0] and "Idébärarens namn" not in rows[0]
    flat = str(rows)
    for personal in ("Hedda", "hedda.sjoberg@example.se", "070-765 43 21", "Greta Formelsson"):
        assert personal not in flat


def test_formula_cells_are_neutralised_in_csv_and_kept_as_text_in_xlsx(client, cases, people):
    rows = export(client, people["lead"])
    titles = {r["Idé"] for r in rows}
    assert '\'=HYPERLINK("http://evil","klicka")' in titles
    phones = {r["Idébärarens telefon"] for r in rows}
    assert "'+46 70 111 22 33" in phones
    sheet = export(client, people["lead"], "xlsx")
    assert sheet[0][:2] == ["Ärende", "Idé"]
    assert '=HYPERLINK("http://evil","klicka")' in [row[1] for row in sheet]


def test_export_holds_only_the_users_municipality(client, cases, other_municipality, people):
    rows = export(client, people["lead"])
    assert "Vätternbadet" not in {r["Idé"] for r in rows}
    jkpg_coach = UserFactory(username="jkpg.coach", groups=["Jönköping coacher"])
    assert [r["Idé"] for r in export(client, jkpg_coach)] == ["Vätternbadet"]


def test_listing_without_case_board_access_is_refused(client, cases):
    editor = UserFactory(username="redaktor", groups=["Jönköping forumarrangörer"])
    client.force_login(editor)
    response = client.get(URL, {"export": "csv"})
    assert response.status_code == 302 and response["Location"] == "/admin/"


def test_listing_shows_the_cases_and_the_export_buttons(client, cases, people):
    client.force_login(people["coach"])
    html = client.get(URL).content.decode()
    assert "Dragkroksklubben" in html
    assert "export=csv" in html and "export=xlsx" in html


def test_exported_contact_details_are_recorded_in_the_audit_trail(client, cases, people):
    export(client, people["moderator"])
    assert not ModelLogEntry.objects.filter(action="idelabbet.personal_data_read").exists()
    export(client, people["coach"])
    entries = ModelLogEntry.objects.filter(
        action="idelabbet.personal_data_read", user=people["coach"]
    )
    assert entries.count() == 2
    assert {e.data["what"] for e in entries} == {"contact"}
