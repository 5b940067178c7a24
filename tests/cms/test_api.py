"""The public read API: published content only, strict queries, no personal data."""

import csv
import datetime
import io
import json

import pytest
from wagtail.models import PageViewRestriction

from forum.models import CoordinationMember, GuidingPrinciple, MeetingPage, ProposalPage
from idelabbet.models import Note
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
PLANTED = (PLANTED_NAME, PLANTED_EMAIL, PLANTED_PHONE, PLANTED_NOTE, "gunvor")


@pytest.fixture
def ideas(ekero):
    index = ideas_index_create(ekero)
    cases = ideas_2025(index)
    for key in ("A", "B", "C"):
        cases[key].submission.idea.get_latest_revision().publish()
    Note.objects.create(case=cases["A"], body=f"<p>{PLANTED_NOTE}</p>", visibility="privat")
    # C is published but behind a password: not public.
    PageViewRestriction.objects.create(
        page=cases["C"].submission.idea, restriction_type="password", password="hemligt"
    )
    return cases


@pytest.fixture
def forum(jonkoping):
    data = forum_2025(forum_index_create(jonkoping))
    # A proposal of a meeting that was unpublished afterwards is not public.
    hidden = data["M0"]
    hidden.add_child(instance=ProposalPage(title="Dolt förslag", description="Syns inte."))
    ProposalPage.objects.get(title="Dolt förslag").save_revision().publish()
    MeetingPage.objects.get(pk=hidden.pk).unpublish()
    GuidingPrinciple.objects.create(name="Dialog", definition="En kontinuerlig dialog.")
    CoordinationMember.objects.create(
        name="Kommunalråd Exempel", role="politician", term_start=datetime.date(2020, 1, 1)
    )
    return data


def get(client, host_site, path, **params):
    return client.get(f"/api/v2/{path}", params, HTTP_HOST=host_site.hostname)


def test_ideas_lists_only_published_public_ideas_of_the_municipality(client, ekero, ideas):
    response = get(client, ekero, "ideer/", fields="*")
    assert response.status_code == 200
    data = response.json()
    assert data["meta"]["total_count"] == 2
    assert {item["title"] for item in data["items"]} == {"Bryggdans", "Hembygdsarkivet"}
    item = next(i for i in data["items"] if i["title"] == "Bryggdans")
    assert item["theme"] == "kultur" and item["theme_label"] == "Kultur"
    assert item["for_young_people"] is True
    assert set(item) >= {"summary", "public_status", "help_wanted"}


def test_api_has_no_personal_data_and_no_drafts(client, ekero, jonkoping, ideas, forum):
    bodies = []
    for site, path in (
        (ekero, "ideer/"),
        (jonkoping, "moten/"),
        (jonkoping, "forslag/"),
        (jonkoping, "principer/"),
        (jonkoping, "samordningsgruppen/"),
    ):
        listing = get(client, site, path, fields="*", limit=100)
        assert listing.status_code == 200, listing.content
        bodies.append(listing.content.decode())
        for item in listing.json()["items"]:
            bodies.append(
                client.get(item["meta"]["detail_url"], HTTP_HOST=site.hostname).content.decode()
            )
        bodies.append(get(client, site, path, format="csv").content.decode())
    text = "\n".join(bodies).lower()
    for planted in PLANTED:
        assert planted.lower() not in text
    for hidden in ("Fågelholkar", "Strandstädning", "Nyårsbad", "Dolt förslag"):
        assert hidden.lower() not in text
    draft = ideas["D"].submission.idea
    assert client.get(f"/api/v2/ideer/{draft.pk}/", HTTP_HOST=ekero.hostname).status_code == 404
    restricted = ideas["C"].submission.idea
    assert (
        client.get(f"/api/v2/ideer/{restricted.pk}/", HTTP_HOST=ekero.hostname).status_code == 404
    )


def test_filters_by_theme_status_and_date(client, ekero, ideas):
    assert get(client, ekero, "ideer/", theme="kultur").json()["meta"]["total_count"] == 2
    assert get(client, ekero, "ideer/", theme="naturvard").json()["meta"]["total_count"] == 0
    status = ideas["A"].submission.idea.public_status
    assert get(client, ekero, "ideer/", public_status=status).json()["meta"]["total_count"] >= 1
    today = datetime.date.today().isoformat()
    assert get(client, ekero, "ideer/", date_from=today).json()["meta"]["total_count"] == 2
    assert get(client, ekero, "ideer/", date_to="2020-01-01").json()["meta"]["total_count"] == 0


def test_each_municipality_is_its_own_site(client, ekero, jonkoping, ideas, forum):
    assert get(client, jonkoping, "ideer/").json()["meta"]["total_count"] == 0
    assert get(client, ekero, "moten/").json()["meta"]["total_count"] == 0
    via_param = get(client, jonkoping, "ideer/", site=ekero.hostname)
    assert via_param.json()["meta"]["total_count"] == 2


def test_meetings_filter_by_status_and_date(client, jonkoping, forum):
    held = get(
        client, jonkoping, "moten/", status="held", date_from="2025-01-01", date_to="2025-12-31"
    )
    assert [m["title"] for m in held.json()["items"]] == [
        "Extra forum 2025",
        "Forum hösten 2025",
        "Forum våren 2025",
    ]


def test_proposals_carry_their_follow_up_timeline(client, jonkoping, forum):
    data = get(client, jonkoping, "forslag/", fields="*", status="decided").json()
    assert data["meta"]["total_count"] == 1
    proposal = data["items"][0]
    assert proposal["title"] == "Mötesplats för äldre"
    assert proposal["meeting"]["title"] == "Forum våren 2025"
    assert [(u["date"], u["status"]) for u in proposal["status_updates"]] == [
        ("2025-04-15", "preparing"),
        ("2025-09-01", "decided"),
    ]


@pytest.mark.parametrize(
    "params, message",
    [
        ({"kommun": "ekero"}, "not an operation or a recognised field: kommun"),
        ({"limit": "100000"}, "limit cannot be higher than 100"),
        ({"limit": "-1"}, "limit must be a positive integer"),
        ({"date_from": "2025-13-01"}, "date_from: '2025-13-01' is not a date; use YYYY-MM-DD"),
        ({"date_from": "2025-02-01", "date_to": "2025-01-01"}, "date_to is before date_from"),
        ({"first_published_at": "igår"}, "first_published_at: 'igår' is not a valid date"),
        ({"theme": "rymden"}, "theme: 'rymden' is not one of: kultur, fritid"),
        ({"search": "bad"}, "not an operation or a recognised field: search"),
        ({"type": "wagtailcore.Page"}, "not an operation or a recognised field: type"),
    ],
)
def test_bad_queries_get_400_with_a_clear_message(client, ekero, ideas, params, message):
    response = get(client, ekero, "ideer/", **params)
    assert response.status_code == 400
    assert message in response.json()["message"]


def test_csv_distribution_is_the_whole_listing_with_neutralised_cells(client, ekero, ideas):
    idea = ideas["A"].submission.idea
    idea.title = '=HYPERLINK("http://x")'
    idea.save_revision().publish()
    response = get(client, ekero, "ideer/", format="csv", fields="title,theme")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 2
    assert '\'=HYPERLINK("http://x")' in {row["title"] for row in rows}
    assert get(client, ekero, "ideer/", format="csv", limit="20000").status_code == 400


def test_principles_and_coordination_group(client, jonkoping, forum):
    principles = get(client, jonkoping, "principer/").json()
    assert [p["name"] for p in principles["items"]] == ["Dialog"]
    members = get(client, jonkoping, "samordningsgruppen/", fields="*").json()
    assert members["items"][0]["role"] == "politician"
    assert json.dumps(members).count("email") == 0
