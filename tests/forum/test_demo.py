import io

import pytest
from django.core.management import call_command

from forum.models import CoordinationMember, ForumIndexPage, MeetingPage, ProposalPage
from forum.selectors import coordination_composition_problems

pytestmark = pytest.mark.django_db


def test_demo_forum_has_the_three_meetings_ten_proposals_and_a_valid_group(client):
    call_command("load_demo", allow_production=True, stdout=io.StringIO())
    index = ForumIndexPage.objects.get()
    meetings = {m.slug: m for m in MeetingPage.objects.child_of(index)}
    assert meetings["hosten-2019"].status == "held"
    assert meetings["varen-2020"].status == "cancelled"
    assert len(meetings) == 3
    autumn = meetings["hosten-2019"]
    statuses = {p.status for p in ProposalPage.objects.child_of(autumn).live()}
    assert ProposalPage.objects.child_of(autumn).live().count() == 10
    assert len(statuses) == 6
    assert CoordinationMember.objects.count() == 11
    assert coordination_composition_problems(on=autumn.start.date().replace(year=2024)) == []

    client.defaults["HTTP_HOST"] = "jonkoping.localhost"
    html = client.get("/forum/").text
    assert "Ingen ska behöva vara ensam" in html
    assert "Läs inbjudan och anmäl dig" in html
    assert "150" in client.get("/forum/hosten-2019/").text
