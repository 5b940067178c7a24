import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from forum.models import MeetingPage, MeetingStatus, ProposalPage, ProposalStatus
from forum.services import proposal_status_add
from tests.factories import UserFactory

from .conftest import add_meeting, add_proposal, path_of

pytestmark = pytest.mark.django_db


def _day(offset):
    return timezone.localdate() + datetime.timedelta(days=offset)


@pytest.fixture
def organiser(sites):
    return UserFactory(username="arrangor", groups=["Jönköping forumarrangörer"])


def test_status_history_is_a_public_dated_timeline(jclient, forum_index):
    meeting = add_meeting(forum_index, days=-100, status="held")
    proposal = add_proposal(meeting, title="Träffpunkt för äldre")
    assert proposal.status == ProposalStatus.NEW

    proposal_status_add(
        proposal=proposal, status="preparing", on=_day(-90), note="Utreds", publish=True
    )
    proposal_status_add(
        proposal=proposal, status="decided", on=_day(-40), note="Beslut i KS", publish=True
    )
    proposal_status_add(
        proposal=proposal, status="in_progress", on=_day(-5), note="Första träffen", publish=True
    )

    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.IN_PROGRESS
    assert [u.status for u in proposal.timeline()] == ["preparing", "decided", "in_progress"]
    html = jclient.get(path_of(proposal)).text
    assert html.index("Utreds") < html.index("Beslut i KS") < html.index("Första träffen")
    assert f'datetime="{_day(-40).isoformat()}"' in html
    assert proposal.revisions.count() >= 4  # every update is a revision


def test_an_unpublished_status_update_does_not_change_the_public_status(jclient, forum_index):
    meeting = add_meeting(forum_index, days=-100, status="held")
    proposal = add_proposal(meeting, updates=[(_day(-90), "preparing", "")])
    proposal_status_add(proposal=proposal, status="done", on=_day(-1), note="Klart")
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PREPARING
    assert "Klart" not in jclient.get(path_of(proposal)).text


def test_not_pursued_needs_a_reason(forum_index):
    meeting = add_meeting(forum_index, days=-100, status="held")
    proposal = add_proposal(meeting)
    with pytest.raises(ValidationError, match="varför förslaget inte går vidare"):
        proposal_status_add(proposal=proposal, status="not_pursued", on=_day(-1))


def test_update_dated_before_the_meeting_is_refused(forum_index):
    meeting = add_meeting(forum_index, days=-10, status="held")
    proposal = add_proposal(meeting)
    with pytest.raises(ValidationError, match="före mötet"):
        proposal_status_add(proposal=proposal, status="preparing", on=_day(-30))


def test_proposals_page_filters_by_meeting_status_and_principle(jclient, forum_index, principles):
    dialog, diversity = principles
    autumn = add_meeting(forum_index, title="Hösten", days=-300, status="held")
    spring = add_meeting(forum_index, title="Våren", days=-100, status="held")
    add_proposal(autumn, title="Läxhjälp", updates=[(_day(-200), "done", "")], principles=[dialog])
    add_proposal(
        autumn, title="Språkcafé", updates=[(_day(-200), "preparing", "")], principles=[diversity]
    )
    add_proposal(spring, title="Promenadgrupp", updates=[(_day(-50), "done", "")])
    url = path_of(forum_index) + "forslag/"

    def titles(**params):
        html = jclient.get(url, params).text
        return {t for t in ("Läxhjälp", "Språkcafé", "Promenadgrupp") if t in html}

    assert titles() == {"Läxhjälp", "Språkcafé", "Promenadgrupp"}
    assert titles(meeting=autumn.pk) == {"Läxhjälp", "Språkcafé"}
    assert titles(status="done") == {"Läxhjälp", "Promenadgrupp"}
    assert titles(principle=diversity.slug) == {"Språkcafé"}
    assert titles(meeting=autumn.pk, status="done", principle=dialog.slug) == {"Läxhjälp"}
    assert titles(status="nonsense") == {"Läxhjälp", "Språkcafé", "Promenadgrupp"}


def _meeting_form(meeting, **changes):
    data = {
        "title": meeting.title,
        "slug": meeting.slug,
        "start": timezone.localtime(meeting.start).strftime("%Y-%m-%d %H:%M"),
        "end_time": "",
        "status": meeting.status,
        "theme": meeting.theme,
        "place": "",
        "accessibility": "",
        "invitation": rich_text(""),
        "registration_closes": "",
        "registration_cap": "",
        "summary": "",
        "documentation": streamfield([]),
        "comments": inline_formset([]),
    }
    data.update(changes)
    return nested_form_data(data)


def test_marking_a_future_meeting_held_is_refused_with_a_reason(client, forum_index, organiser):
    meeting = add_meeting(forum_index, days=10)
    client.force_login(organiser)
    response = client.post(
        f"/admin/pages/{meeting.pk}/edit/", _meeting_form(meeting, status="held")
    )
    assert response.status_code == 200
    assert "kan inte markeras som genomfört före mötesdagen" in response.text
    assert MeetingPage.objects.get(pk=meeting.pk).status == "planned"


def test_documentation_for_a_meeting_not_yet_held_is_refused(client, forum_index, organiser):
    meeting = add_meeting(forum_index, days=10)
    client.force_login(organiser)
    documentation = streamfield(
        [("minutes", {"heading": "Anteckningar", "text": rich_text("<p>Anteckning</p>")})]
    )
    response = client.post(
        f"/admin/pages/{meeting.pk}/edit/",
        _meeting_form(meeting, documentation=documentation),
    )
    assert response.status_code == 200
    # The StreamField widget shows its errors from JSON data in the page.
    errors = response.context["form"].errors["documentation"]
    assert "Dokumentation kan bara läggas in för ett möte som har genomförts" in str(errors)
    assert "Dokumentation kan bara l\\u00e4ggas in" in response.text
    assert meeting.revisions.count() == 1


def test_meeting_edit_saves_a_draft_when_dates_make_sense(client, forum_index, organiser):
    meeting = add_meeting(forum_index, days=-2)
    client.force_login(organiser)
    response = client.post(
        f"/admin/pages/{meeting.pk}/edit/", _meeting_form(meeting, status="held", summary="Bra")
    )
    assert response.status_code == 302
    assert meeting.revisions.count() == 2


@pytest.mark.parametrize(
    ("offset", "message"),
    [(-40, "kan inte vara daterad före mötet"), (3, "kan inte vara daterad i framtiden")],
)
def test_admin_refuses_a_status_update_with_a_date_that_makes_no_sense(
    client, forum_index, organiser, offset, message
):
    meeting = add_meeting(forum_index, days=-10, status="held")
    proposal = add_proposal(meeting, title="Förslag X")
    client.force_login(organiser)
    data = nested_form_data(
        {
            "title": proposal.title,
            "slug": proposal.slug,
            "description": proposal.description,
            "responsible": "",
            "status_updates": inline_formset(
                [{"date": _day(offset).isoformat(), "status": "preparing", "note": "x"}]
            ),
            "comments": inline_formset([]),
        }
    )
    response = client.post(f"/admin/pages/{proposal.pk}/edit/", data)
    assert response.status_code == 200
    assert message in response.text
    assert ProposalPage.objects.get(pk=proposal.pk).revisions.count() == 1


def test_registration_closing_after_the_meeting_starts_is_refused(client, forum_index, organiser):
    meeting = add_meeting(forum_index, days=10)
    client.force_login(organiser)
    closes = timezone.localtime(meeting.start) + datetime.timedelta(days=1)
    response = client.post(
        f"/admin/pages/{meeting.pk}/edit/",
        _meeting_form(meeting, registration_closes=closes.strftime("%Y-%m-%d %H:%M")),
    )
    assert response.status_code == 200
    assert "Anmälan måste stänga senast när mötet börjar." in response.text
    assert meeting.revisions.count() == 1


def test_the_proposals_page_costs_the_same_queries_however_many_proposals(
    jclient, forum_index, principles
):
    url = path_of(forum_index) + "forslag/"

    def queries() -> int:
        jclient.get(url)
        with CaptureQueriesContext(connection) as captured:
            response = jclient.get(url)
        assert response.status_code == 200
        return len(captured)

    first = add_meeting(forum_index, title="Vårforum", days=-60, status=MeetingStatus.HELD)
    add_proposal(first, title="Mötesplats för unga")
    few = queries()
    second = add_meeting(forum_index, title="Höstforum", days=-10, status=MeetingStatus.HELD)
    for n in range(5):
        add_proposal(second, title=f"Förslag {n}")
    page = jclient.get(url)
    assert "Höstforum" in page.text and "Förslag 4" in page.text
    assert queries() == few


def test_the_proposals_page_shows_fifty_at_a_time_with_the_filters_kept(jclient, forum_index):
    url = path_of(forum_index) + "forslag/"
    meeting = add_meeting(forum_index, title="Stormöte", days=-30, status=MeetingStatus.HELD)
    for n in range(55):
        add_proposal(meeting, title=f"Förslag nummer {n:02d}")
    first = jclient.get(url)
    assert first.status_code == 200
    assert "55 förslag." in first.text
    assert first.text.count('data-label="Förslag"><a href=') == 50
    assert "Sida 1 av 2" in first.text
    assert 'rel="next" href="?sida=2"' in first.text and 'rel="prev"' not in first.text
    second = jclient.get(url + "?sida=2")
    assert second.text.count('data-label="Förslag"><a href=') == 5
    assert 'rel="prev" href="?sida=1"' in second.text
    # Every proposal is on exactly one page.
    titles = {f"Förslag nummer {n:02d}" for n in range(55)}
    on_first = {t for t in titles if t in first.text}
    assert on_first.isdisjoint({t for t in titles if t in second.text})
    assert all(t in first.text or t in second.text for t in titles)
    # The filter stays on the next page's link; a page number out of range or
    # not a number shows a page, never an error.
    filtered = jclient.get(url + f"?meeting={meeting.pk}")
    assert f'href="?meeting={meeting.pk}&amp;sida=2"' in filtered.text
    for bad in ("99", "0", "x", "-1"):
        assert jclient.get(url + f"?sida={bad}").status_code == 200
