import io

import pytest
from django.core.management import call_command

from forum.models import CoordinationMember, ForumIndexPage, MeetingPage, ProposalPage
from forum.selectors import coordination_composition_problems

pytestmark = pytest.mark.django_db


def test_demo_forum_has_the_three_meetings_ten_proposals_and_a_valid_group(client):
    call_command("load_demo", allow_production=True, stdout=io.StringIO())
    index = ForumIndexPage.objects.get(locale__language_code="sv")
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


def test_demo_minutes_pdf_and_project_plan_are_found_inside_their_files(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.IDELABBET_PRIVATE_ROOT = tmp_path / "privat"
    call_command("load_demo", allow_production=True, stdout=io.StringIO())
    call_command("load_demo", allow_production=True, stdout=io.StringIO())  # idempotent
    from django.contrib.auth import get_user_model
    from wagtail.documents import get_document_model

    from idelabbet.models import NoteAttachment

    assert get_document_model().objects.filter(title__startswith="Protokoll Forum").count() == 1
    assert NoteAttachment.objects.filter(original_name="projektplan-syatelje.docx").count() == 1
    # A word that is only inside the minutes' PDF, on Jönköping's public search.
    html = client.get("/sok/", {"q": "Munksjöstråket"}, headers={"host": "jonkoping.localhost"})
    assert "protokoll-forum-hosten-2019.pdf" in html.text
    assert "<mark>Munksjöstråket</mark>" in html.text
    # A word inside the project plan, found by the case's coach and not the public.
    client.force_login(get_user_model().objects.get(username="coach.omar"))
    assert "projektplan-syatelje.docx" in client.get("/admin/katalogsok/", {"q": "Träkvista"}).text
    client.logout()
    public = client.get("/sok/", {"q": "Träkvista"}, headers={"host": "localhost"}).text
    assert "projektplan-syatelje.docx" not in public
