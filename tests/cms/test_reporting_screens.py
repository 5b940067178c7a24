"""The statistics screen in the admin: numbers, charts, tables, CSV, period, trimming."""

import csv
import io
import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from idelabbet.models import IdeaIndexPage, Organisation
from tests.factories import UserFactory
from tests.reporting_data import (
    at,
    case_build,
    forum_2025,
    forum_index_create,
    ideas_2025,
    ideas_index_create,
)

pytestmark = pytest.mark.django_db
URL = "/admin/statistik/"


@pytest.fixture
def ekero_year(ekero):
    index = ideas_index_create(ekero)
    return index, ideas_2025(index)


@pytest.fixture
def jonkoping_ideas(jonkoping):
    """Jönköping also runs Idélabbet here, with its own lead group and a secret idea."""
    lead_group = Group.objects.create(name="Jönköping processledare")
    lead_group.permissions.set(Group.objects.get(name="Ekerö processledare").permissions.all())
    index = jonkoping.root_page.add_child(
        instance=IdeaIndexPage(title="Jönköpings idéer", slug="ideer")
    )
    index.lead_group = lead_group
    index.save_revision().publish()
    case_build(index, title="Vätternbadet", theme="fritid", young=False, opened=at(2025, 5, 5))
    return index


@pytest.fixture
def lead(ekero):
    return UserFactory(username="lead", groups=["Ekerö processledare"])


def year_query(**extra):
    return {"period": "ar", "year": "2025", **extra}


def test_lead_sees_ideas_figures_as_svg_charts_with_tables(client, ekero_year, lead):
    client.force_login(lead)
    response = client.get(URL, year_query())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Idéer per månad och tema" in html
    assert 'role="img"' in html and "<title id=" in html and "<desc id=" in html
    assert "<table" in html
    # SVG coordinates are never localised ("214,5" would be two coordinates).
    assert not re.search(r'(?:x|y|width)="\d+,\d', html)
    # Funnel row "Första kontakt": 3 cases, median 4 days.
    assert '<th scope="row">Första kontakt</th><td>3</td><td>4,0</td>' in html
    assert "<script" not in html.split("report-section", 1)[1].split("</main>")[0]


def test_half_year_changes_every_figure(client, ekero_year, lead):
    client.force_login(lead)
    html = client.get(URL, year_query(period="halvar", half="2")).content.decode()
    # No idea came in from July to December 2025.
    assert "Totalt 0." in html
    assert "andra halvåret 2025" in html


def test_custom_period_and_bad_dates_get_clear_messages(client, ekero_year, lead):
    client.force_login(lead)
    html = client.get(
        URL, {"period": "egen", "start": "2025-01-01", "end": "2025-01-31"}
    ).content.decode()
    assert "Totalt 2." in html
    html = client.get(
        URL, {"period": "egen", "start": "2025-13-01", "end": "2025-01-01"}
    ).content.decode()
    assert "Perioden kunde inte användas" in html
    assert "Fyll i ett giltigt datum." in html
    html = client.get(
        URL, {"period": "egen", "start": "2025-03-01", "end": "2025-01-01"}
    ).content.decode()
    assert "Perioden kan inte sluta innan den börjar." in html


def test_csv_download_holds_the_table(client, ekero_year, lead, ekero):
    client.force_login(lead)
    index, _ = ekero_year
    response = client.get(URL, year_query(kommun=ekero.pk, csv=f"idelabbet-{index.pk}-unga"))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [["Idéer", "Antal"], ["Av eller för unga", "2"], ["Övriga", "2"]]


def test_csv_cells_that_would_start_a_formula_are_neutralised(client, ekero_year, lead, ekero):
    index, _ = ekero_year
    Organisation.objects.filter(name="Ekerö hembygdsförening").update(name='=HYPERLINK("x")')
    client.force_login(lead)
    response = client.get(URL, year_query(csv=f"idelabbet-{index.pk}-hanvisningar"))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1] == ['\'=HYPERLINK("x")', "2"]


def test_ekero_lead_sees_no_jonkoping_numbers(client, ekero_year, jonkoping_ideas, lead, jonkoping):
    client.force_login(lead)
    html = client.get(URL, year_query()).content.decode()
    assert "Jönköpings idéer" not in html
    assert f'<option value="{jonkoping.pk}"' not in html
    assert client.get(URL, year_query(kommun=jonkoping.pk)).status_code == 404
    csv_url = year_query(kommun=jonkoping.pk, csv=f"idelabbet-{jonkoping_ideas.pk}-unga")
    assert client.get(URL, csv_url).status_code == 404


def test_jonkoping_lead_sees_only_jonkoping(client, ekero_year, jonkoping_ideas, jonkoping):
    user = UserFactory(username="jkpg.lead", groups=["Jönköping processledare"])
    client.force_login(user)
    html = client.get(URL, year_query()).content.decode()
    assert "Jönköpings idéer" in html and "Totalt 1." in html
    assert "Totalt 4." not in html


def test_coach_gets_no_statistics_screen(client, ekero_year):
    coach = UserFactory(username="coach", groups=["Ekerö coacher"])
    client.force_login(coach)
    response = client.get(URL, year_query())
    # Wagtail answers a refused admin view with its dashboard and a message.
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    home = client.get(response["Location"]).content.decode()
    assert "Idéer per månad och tema" not in home
    assert reverse("cms_statistics") not in home


def test_forum_organiser_sees_participants_proposals_and_feedback(client, jonkoping):
    forum_2025(forum_index_create(jonkoping))
    organiser = UserFactory(username="arr", groups=["Jönköping forumarrangörer"])
    client.force_login(organiser)
    html = client.get(URL, year_query()).content.decode()
    assert "Deltagare per möte och grupp" in html
    assert "Förslag efter uppföljningsstatus" in html
    assert "Återkoppling inom sju dagar" in html
    assert "1 av 3 möten" in html
