"""Journey: the lead opens the statistics, changes the period, downloads a CSV,
produces the yearly report, writes a foreword and publishes it; the report's
PDF pages are rendered to PNG (test-artifacts/) to be looked at."""

import csv
import io
import re
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from tests.browser.conftest import ARTIFACTS, assert_no_serious_axe_violations
from tests.factories import UserFactory
from tests.reporting_data import ideas_2025, ideas_busy_year, ideas_index_create

pytestmark = pytest.mark.browser


@pytest.fixture
def ekero_year(live_sites):
    site = live_sites["sites"]["ekero"]
    index = ideas_index_create(site)
    ideas_2025(index)
    ideas_busy_year(index)
    lead = UserFactory(username="processledare", groups=["Ekerö processledare"])
    return {**live_sites, "index": index, "lead": lead}


def sign_in(page, base: str, user) -> None:
    page.goto(base + "/admin/login/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill("losenord-123")
    page.locator("form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/admin/$"))


def test_lead_follows_up_the_year_and_publishes_the_report(ekero_year, page):
    base = ekero_year["ekero"]
    sign_in(page, base, ekero_year["lead"])

    page.get_by_role("link", name="Statistik").click()
    page.wait_for_url(re.compile(r"/admin/statistik/"))
    page.locator("#id_year").fill("2025")
    page.get_by_role("button", name="Visa").click()
    figure = page.locator("figure", has=page.get_by_role("heading", name="Av eller för unga"))
    # 44 ideas came in in 2025 (4 hand-counted + 40): 2 + 14 by or for young people.
    assert "16" in figure.locator("table").inner_text()
    assert figure.locator("svg[role=img] > title").text_content() == "Av eller för unga"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "statistik-2025.png"), full_page=True)

    page.locator("#id_period").select_option("halvar")
    page.locator("#id_half").select_option("1")
    page.get_by_role("button", name="Visa").click()
    assert "första halvåret 2025" in page.locator("h2.report-period").inner_text()
    months = page.locator(
        "figure", has=page.get_by_role("heading", name="Idéer per månad och tema")
    )
    assert months.locator("tbody tr").count() == 6

    with page.expect_download() as download_info:
        months.get_by_role("link", name=re.compile("Ladda ner CSV")).click()
    rows = list(
        csv.reader(io.StringIO(open(download_info.value.path(), encoding="utf-8-sig").read()))
    )
    assert rows[0][0] == "Månad" and rows[0][-1] == "Totalt"
    assert len(rows) == 7
    assert_no_serious_axe_violations(page, exclude=["#wagtail-sidebar", "header"])

    page.locator("#id_report_year").fill("2025")
    page.get_by_role("button", name="Skapa årsrapport").click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/"))
    editor = page.locator(".public-DraftEditor-content").first
    editor.click()
    editor.type("Idélabbet har haft ett år med många nya idéer från öarna.")
    page.wait_for_timeout(700)
    page.get_by_role("button", name="Fler åtgärder").click()
    page.get_by_role("button", name="Publicera").click()
    page.wait_for_load_state()
    assert "publicerad" in page.locator(".messages").inner_text()

    page.goto(base + "/arsrapport-2025/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Årsrapport 2025")
    assert "många nya idéer från öarna" in page.locator("main").inner_text()
    assert_no_serious_axe_violations(page)

    pdf = page.request.get(base + "/arsrapport-2025/pdf/")
    assert pdf.headers["content-type"] == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.body())).pages)
    assert "Under 2025 kom 44 idéer in till Idélabbet" in text
    ARTIFACTS.mkdir(exist_ok=True)
    target = ARTIFACTS / "arsrapport-2025.pdf"
    target.write_bytes(pdf.body())
    if shutil.which("pdftoppm"):
        subprocess.run(
            ["pdftoppm", "-r", "70", "-png", str(target), str(ARTIFACTS / "arsrapport-2025")],
            check=True,
        )
