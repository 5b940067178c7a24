"""The yearly report: produced from the statistics screen, given a foreword,
published on the public site, and rendered as a PDF whose text says the figures."""

import io
import os
from pathlib import Path

import pytest
from django.urls import reverse
from pypdf import PdfReader

from cms.reporting import pdf
from cms.reporting.models import AnnualReportPage
from idelabbet.models import Note
from tests.factories import UserFactory
from tests.reporting_data import (
    PLANTED_EMAIL,
    PLANTED_NAME,
    PLANTED_NOTE,
    PLANTED_PHONE,
    forum_2025,
    forum_index_create,
    ideas_2025,
    ideas_index_create,
)

pytestmark = pytest.mark.django_db
PLANTED = (PLANTED_NAME, PLANTED_EMAIL, PLANTED_PHONE, PLANTED_NOTE)


@pytest.fixture
def ekero_year(ekero):
    index = ideas_index_create(ekero)
    cases = ideas_2025(index)
    # A's idea is published (it is listed as realised); a private note is planted.
    idea = cases["A"].submission.idea
    idea.get_latest_revision().publish()
    Note.objects.create(case=cases["A"], body=f"<p>{PLANTED_NOTE}</p>", visibility="privat")
    return index, cases


@pytest.fixture
def lead(ekero):
    return UserFactory(username="lead", groups=["Ekerö processledare"])


def produce(client, site, year=2025):
    return client.post(reverse("cms_annual_report_create"), {"kommun": site.pk, "year": year})


def publish_with_foreword(report, text):
    draft = report.get_latest_revision_as_object()
    draft.foreword = f"<p>{text}</p>"
    draft.save_revision().publish()
    report.refresh_from_db()
    return report


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_lead_produces_a_draft_report_with_the_years_numbers(client, ekero, ekero_year, lead):
    client.force_login(lead)
    response = produce(client, ekero)
    report = AnnualReportPage.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[report.pk])
    assert not report.live
    assert report.year == 2025 and report.get_parent().pk == ekero.root_page.pk
    assert report.summary.startswith(
        "Under 2025 kom 4 idéer in till Idélabbet, varav färre än 3 av eller för unga. "
        "3 fick en första kontakt, i median efter 4,0 dagar."
    )
    assert [idea["title"] for idea in report.realised_ideas] == ["Bryggdans"]


def test_published_report_page_shows_foreword_figures_and_small_numbers(
    client, ekero, ekero_year, lead
):
    client.force_login(lead)
    produce(client, ekero)
    report = publish_with_foreword(AnnualReportPage.objects.get(), "Ett år av idéer på öarna.")
    client.logout()
    html = client.get(report.url, HTTP_HOST=ekero.hostname).content.decode()
    assert "Ett år av idéer på öarna." in html
    assert 'role="img"' in html
    # January: two Kultur ideas, a number that would single people out.
    assert '<th scope="row">jan 2025</th><td>färre än 3</td>' in html.lower()
    assert "Bryggdans" in html
    for planted in PLANTED:
        assert planted not in html


def test_pdf_renders_and_its_text_holds_the_figures(client, ekero, ekero_year, lead):
    client.force_login(lead)
    produce(client, ekero)
    report = publish_with_foreword(AnnualReportPage.objects.get(), "Förord till fullmäktige.")
    client.logout()
    response = client.get(report.url + "pdf/", HTTP_HOST=ekero.hostname)
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    if os.environ.get("REPORT_PDF_OUT"):  # for looking at the pages (pdftoppm)
        Path(os.environ["REPORT_PDF_OUT"]).write_bytes(response.content)
    assert "Årsrapport 2025" in text
    assert "Förord till fullmäktige." in text
    assert "4 idéer" in text
    assert "färre än 3" in text
    assert "Ärendeflödet" in text and "Bryggdans" in text
    for planted in PLANTED:
        assert planted not in text


def test_forum_report_lists_proposals_with_status(client, jonkoping):
    forum_2025(forum_index_create(jonkoping))
    organiser = UserFactory(username="arr", groups=["Jönköping forumarrangörer"])
    client.force_login(organiser)
    produce(client, jonkoping)
    report = AnnualReportPage.objects.get()
    assert report.summary == (
        "Under 2025 hölls 3 forummöten med sammanlagt 7 anmälda deltagare. Efter 1 av 3 "
        "genomförda möten fick deltagarna återkoppling inom sju dagar."
    )
    assert {(p["title"], p["status"]) for p in report.proposals} == {
        ("Mötesplats för äldre", "Beslutat"),
        ("Gemensam kalender", "Nytt"),
        ("Fritidsbank", "Pågår"),
    }
    text = pdf_text(report.get_latest_revision_as_object().pdf_route(None).content)
    assert "Fritidsbank" in text and "Pågår" in text
    # The registrations carry the planted name and email: none reaches the report.
    for planted in PLANTED:
        assert planted not in text and planted not in report.summary


def test_producing_again_refreshes_the_numbers_and_keeps_the_foreword(
    client, ekero, ekero_year, lead
):
    client.force_login(lead)
    produce(client, ekero)
    report = publish_with_foreword(AnnualReportPage.objects.get(), "Vårt förord.")
    produce(client, ekero)
    assert AnnualReportPage.objects.count() == 1
    draft = AnnualReportPage.objects.get().get_latest_revision_as_object()
    assert "Vårt förord." in draft.foreword
    assert draft.generated_at > report.generated_at


def test_ekero_lead_cannot_produce_jonkopings_report(client, ekero_year, jonkoping, lead):
    forum_2025(forum_index_create(jonkoping))
    client.force_login(lead)
    assert produce(client, jonkoping).status_code == 404
    assert not AnnualReportPage.objects.exists()


def test_invalid_year_gets_a_message_and_no_report(client, ekero, ekero_year, lead):
    client.force_login(lead)
    response = produce(client, ekero, year="tjugofem")
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Välj ett giltigt år för årsrapporten." in page
    assert not AnnualReportPage.objects.exists()


def test_system_check_warns_when_weasyprint_cannot_load(monkeypatch):
    def missing():
        raise OSError("cannot load library 'libpango-1.0-0'")

    assert pdf.weasyprint_check(None) == []
    monkeypatch.setattr(pdf, "_weasyprint", missing)
    [warning] = pdf.weasyprint_check(None)
    assert warning.id == "cms.W201" and "make system-deps" in warning.hint
