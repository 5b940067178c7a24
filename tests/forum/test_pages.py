import datetime

import pytest
from django.utils import timezone
from django.utils.html import strip_tags

from forum.blocks import poll_rows
from forum.models import MeetingStatus, ProposalPage, ProposalStatus

from .conftest import add_meeting, add_proposal, path_of

pytestmark = pytest.mark.django_db


def _today(days=0):
    return timezone.localdate() + datetime.timedelta(days=days)


def test_index_lists_upcoming_meeting_first_then_past_by_year_and_season(jclient, forum_index):
    add_meeting(forum_index, title="Hösten 2019", days=-400, status=MeetingStatus.HELD)
    add_meeting(forum_index, title="Våren 2020", days=-200, status=MeetingStatus.CANCELLED)
    add_meeting(forum_index, title="Nästa forum", days=20)

    html = jclient.get(path_of(forum_index)).text

    assert html.index("Nästa forum") < html.index("Våren 2020") < html.index("Hösten 2019")
    assert "(inställt)" in html
    assert "Läs inbjudan och anmäl dig" in html


def test_meeting_page_shows_place_accessibility_theme_and_season(jclient, forum_index):
    meeting = add_meeting(
        forum_index,
        title="Forum i höst",
        days=10,
        place="Spira, Jönköping",
        accessibility="Hörslinga och rullstolsplatser.",
        theme="Trygghet",
    )
    html = jclient.get(path_of(meeting)).text
    assert "Spira, Jönköping" in html
    assert "Hörslinga och rullstolsplatser." in html
    assert "Tema: Trygghet" in strip_tags(html)
    year = meeting.start.year
    assert (f"våren {year}" in html) or (f"hösten {year}" in html)


def test_draft_meeting_and_draft_proposal_are_invisible(jclient, forum_index):
    meeting = add_meeting(forum_index, title="Publicerat möte", days=-30, status="held")
    add_proposal(meeting, title="Publicerat förslag", updates=[(_today(-1), "new", "")])
    draft = add_proposal(meeting, title="Hemligt utkast", live=False)

    assert jclient.get(path_of(draft)).status_code == 404
    for url in (
        path_of(meeting),
        path_of(forum_index) + "forslag/",
        path_of(forum_index) + "flode/",
    ):
        response = jclient.get(url)
        assert response.status_code == 200, url
        assert "Publicerat förslag" in response.text, url
        assert "Hemligt utkast" not in response.text, url


def test_unpublished_changes_to_a_live_proposal_stay_private(jclient, forum_index):
    meeting = add_meeting(forum_index, days=-30, status="held")
    proposal = add_proposal(meeting, title="Mötesplatser", updates=[(_today(-5), "new", "")])
    draft = proposal.get_latest_revision_as_object()
    draft.title = "Ändrad titel i utkast"
    draft.save_revision()

    html = jclient.get(path_of(forum_index) + "forslag/").text
    assert "Mötesplatser" in html
    assert "Ändrad titel i utkast" not in html
    assert "Ändrad titel i utkast" not in jclient.get(path_of(proposal)).text


def test_feed_lists_live_proposals_with_status(jclient, forum_index):
    meeting = add_meeting(forum_index, days=-30, status="held")
    add_proposal(meeting, title="Väntjänst", updates=[(_today(-3), "decided", "KS beslutade")])
    response = jclient.get(path_of(forum_index) + "flode/")
    assert response["Content-Type"].startswith("application/atom+xml")
    assert "Väntjänst – Beslutat" in response.text


def test_poll_chart_renders_every_number_as_text(jclient, forum_index):
    meeting = add_meeting(
        forum_index,
        days=-30,
        status="held",
        documentation=[
            (
                "poll",
                {
                    "question": "Hur ofta känner du dig ensam?",
                    "options": [
                        {"label": "Ofta", "count": 30},
                        {"label": "Ibland", "count": 60},
                        {"label": "Sällan", "count": 10},
                    ],
                },
            )
        ],
    )
    html = jclient.get(path_of(meeting)).text
    assert "Hur ofta känner du dig ensam?" in html
    assert "100 svar." in html
    assert "30 svar (30 %)" in html
    assert "60 svar (60 %)" in html
    assert "10 svar (10 %)" in html
    # The bars are decoration for sighted readers; the text carries the numbers.
    # All on one scale: 60 % fills 60 of the track's 100, not the whole track.
    assert '<rect class="poll-fill" x="0" y="0" height="10" width="60.0">' in html
    assert '<rect class="poll-fill" x="0" y="0" height="10" width="30.0">' in html
    assert "style=" not in html.split("<main", 1)[1]
    assert "<script>" not in html  # no inline script (the CSP allows none)


def test_poll_rows_scale_bars_to_all_answers_not_to_the_largest():
    rows = poll_rows([{"label": "a", "count": 54}, {"label": "b", "count": 46}])
    assert rows == [
        {"label": "a", "count": 54, "percent": 54, "width": 54.0},
        {"label": "b", "count": 46, "percent": 46, "width": 46.0},
    ]
    assert poll_rows([{"label": "a", "count": 0}])[0]["percent"] == 0


def test_documentation_blocks_render(jclient, forum_index):
    meeting = add_meeting(
        forum_index,
        days=-30,
        status="held",
        documentation=[
            (
                "agenda",
                {
                    "items": [
                        {
                            "time": datetime.time(9, 30),
                            "title": "Välkommen",
                            "speaker": "Kommunalrådet",
                            "description": "",
                        }
                    ]
                },
            ),
            (
                "group_discussion",
                {
                    "group": "Grupp 3",
                    "field": "Äldre",
                    "secretary": "Tove",
                    "notes": "Fler träffpunkter",
                },
            ),
            (
                "swot",
                {
                    "heading": "SWOT",
                    "strengths": ["Engagemang"],
                    "weaknesses": ["Kort finansiering"],
                    "opportunities": ["Samverkan"],
                    "threats": ["Trötthet"],
                },
            ),
            ("attendance", {"civil_society": 110, "politicians": 15, "officials": 25}),
        ],
    )
    html = jclient.get(path_of(meeting)).text
    for text in ("09:30", "Välkommen", "Grupp 3: Äldre", "Sekreterare: Tove", "Kort finansiering"):
        assert text in html
    assert "<td>150</td>" in html


def test_principles_coordination_and_csam_pages_are_public(jclient, forum_index, principles):
    base = path_of(forum_index)
    html = jclient.get(base + "principer/").text
    assert "Dialog" in html and "En kontinuerlig dialog." in html
    assert jclient.get(base + "samordningsgruppen/").status_code == 200
    assert jclient.get(base + "csam/").status_code == 200


def test_proposal_page_shows_reason_when_not_pursued(jclient, forum_index):
    meeting = add_meeting(forum_index, days=-60, status="held")
    proposal = add_proposal(
        meeting,
        title="Gratis buss",
        updates=[
            (_today(-50), ProposalStatus.PREPARING, "Utreds av stadsbyggnad"),
            (_today(-10), ProposalStatus.NOT_PURSUED, "Ryms inte i budgeten"),
        ],
    )
    html = jclient.get(path_of(proposal)).text
    assert "Går inte vidare" in html
    assert "Skäl" in html and "Ryms inte i budgeten" in html


def test_proposals_of_an_unpublished_meeting_are_hidden(jclient, forum_index):
    meeting = add_meeting(forum_index, days=-30, status="held")
    proposal = add_proposal(meeting, title="Kvarglömt förslag", updates=[(_today(-1), "new", "")])
    meeting.unpublish()
    assert ProposalPage.objects.get(pk=proposal.pk).live  # the proposal itself stays live

    assert jclient.get(path_of(proposal)).status_code == 404
    for suffix in ("forslag/", "flode/"):
        assert "Kvarglömt förslag" not in jclient.get(path_of(forum_index) + suffix).text


def test_forum_pages_speak_english_when_asked(jclient, forum_index):
    add_meeting(forum_index, title="Nästa forum", days=20)
    html = jclient.get("/en" + path_of(forum_index)).text
    assert "Upcoming meeting" in html
    assert "Read the invitation and register" in html


def test_photo_and_document_blocks_render_with_alt_text_and_file_type(
    jclient, forum_index, settings, tmp_path
):
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    settings.MEDIA_ROOT = str(tmp_path)
    image = Image.objects.create(title="Foto", file=get_test_image_file())
    document = Document.objects.create(
        title="Minnesanteckningar", file=ContentFile(b"%PDF-1.4 test", name="anteckningar.pdf")
    )
    meeting = add_meeting(
        forum_index,
        days=-30,
        status="held",
        documentation=[
            (
                "photo",
                {"image": image, "alt_text": "Deltagare i gruppsamtal", "caption": "Grupp 3"},
            ),
            ("document", {"document": document, "title": ""}),
        ],
    )
    html = jclient.get(path_of(meeting)).text
    assert 'alt="Deltagare i gruppsamtal"' in html
    assert "<figcaption>Grupp 3</figcaption>" in html
    assert ">Minnesanteckningar</a> (PDF" in html


def test_meeting_editor_names_every_documentation_box(client, forum_index):
    """Screen readers meet no unnamed box: rich text and SWOT items carry a name.

    (The browser tests run axe on the rendered editor; this checks what the
    server sends, so it holds without Chromium too.)
    """
    import json

    from bs4 import BeautifulSoup

    from tests.factories import UserFactory

    meeting = add_meeting(forum_index, days=-3, status=MeetingStatus.HELD)
    client.force_login(UserFactory(groups=["Jönköping forumarrangörer"]))
    soup = BeautifulSoup(client.get(f"/admin/pages/{meeting.pk}/edit/").text, "html.parser")
    # The invitation's editor box is labelled by the field's label.
    invitation = json.loads(soup.find(id="id_invitation")["data-w-init-detail-value"])
    assert invitation["ariaLabelledBy"] == "id_invitation-label"
    assert soup.find(id="id_invitation-label").get_text(strip=True) == "Inbjudan"
    # The documentation's block definitions name the minutes' box and the SWOT items.
    stream = soup.select_one("[data-contentpath=documentation] [data-w-block-data-value]")
    definition = json.dumps(json.loads(stream["data-w-block-data-value"]), ensure_ascii=False)
    assert '"ariaLabel": "Text"' in definition
    for item in ("Styrka", "Svaghet", "Möjlighet", "Hot"):
        assert f'aria-label=\\"{item}\\"' in definition, item


def test_in_english_a_done_proposal_is_completed_and_a_held_meeting_held(jclient, forum_index):
    meeting = add_meeting(forum_index, title="Hösten", days=-10, status=MeetingStatus.HELD)
    add_proposal(meeting, title="Väntjänst", updates=[(_today(-3), "done", "Klart")])
    listing = jclient.get("/en" + path_of(forum_index) + "forslag/").text
    assert '<td data-label="Status" class="status status-done">Completed</td>' in listing
    assert ">Held<" not in listing
    page = jclient.get("/en" + path_of(meeting)).text
    assert '<dd class="status status-held">Held</dd>' in page
