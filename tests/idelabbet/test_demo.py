import io

import pytest
from django.core.management import call_command

from idelabbet.models import IdeaIndexPage, IdeaPage, IdeaSubmission, OutgoingEmail

pytestmark = pytest.mark.django_db


def test_the_demo_has_ideas_published_and_waiting_without_personal_data_in_public(client):
    call_command("load_demo", allow_production=True, stdout=io.StringIO())
    call_command("load_demo", allow_production=True, stdout=io.StringIO())
    index = IdeaIndexPage.objects.get(locale__language_code="sv")  # the Swedish source
    assert IdeaPage.objects.child_of(index).live().count() == 4
    waiting = IdeaPage.objects.child_of(index).filter(live=False).get()
    assert waiting.title == "Öar utan gränser"
    assert waiting.workflow_in_progress
    assert not OutgoingEmail.objects.filter(sent_at__isnull=True).exists()
    html = client.get(index.url).text + client.get("/idelabbet/flode/").text
    assert "Dragkroksklubben" in html
    for submission in IdeaSubmission.objects.all():
        assert submission.email not in html
        assert submission.name not in html
