"""The submitter's personal data: who may see it, where it never appears, erasure."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import Page

from idelabbet.models import IdeaAttachment, IdeaSubmission, OutgoingEmail, SharedMessage
from idelabbet.services.submissions import submission_personal_data_erase
from tests.factories import UserFactory
from tests.idelabbet.conftest import publish, status_token, submit

pytestmark = pytest.mark.django_db


def test_wagtail_search_finds_the_idea_but_never_the_submitter(
    ideas_index, immediate_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submission = submit(ideas_index)
    with django_capture_on_commit_callbacks(execute=True):
        publish(submission)
    assert [p.title for p in Page.objects.live().search("Dragkroksklubben")] == ["Dragkroksklubben"]
    for personal in ("Hedda", "Sjöberg", "hedda.sjoberg@example.se", "Ivar"):
        assert list(Page.objects.search(personal)) == [], personal


def test_coaches_can_download_attachments_and_moderators_cannot(client, ideas_index, settings):
    submission = submit(
        ideas_index,
        attachments=[SimpleUploadedFile("budget.pdf", b"%PDF-1.4 budget", "application/pdf")],
    )
    attachment = IdeaAttachment.objects.get(submission=submission)
    url = f"/admin/idelabbet/bilagor/{attachment.pk}/"
    client.force_login(UserFactory(groups=["Ekerö coacher"]))
    inspect = client.get(f"/admin/idelabbet/inskickade/inspect/{submission.pk}/")
    assert url in inspect.text
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 budget"
    assert 'filename="budget.pdf"' in response["Content-Disposition"]
    for group in ("Ekerö moderatorer", "Jönköping forumarrangörer"):
        client.force_login(UserFactory(groups=[group]))
        assert client.get(url).status_code in (302, 403)
    client.logout()
    assert client.get(url).status_code == 302
    # Stored in the private root, never under MEDIA_ROOT, with no public URL.
    assert attachment.file.path.startswith(str(settings.IDELABBET_PRIVATE_ROOT))
    assert not attachment.file.path.startswith(str(settings.MEDIA_ROOT))
    with pytest.raises(ValueError):
        attachment.file.storage.url(attachment.file.name)


def test_a_coach_shares_a_message_which_reaches_the_citizen(
    client, ideas_index, immediate_tasks, django_capture_on_commit_callbacks
):
    submission = submit(ideas_index)
    coach = UserFactory(groups=["Ekerö coacher"])
    client.force_login(coach)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/idelabbet/meddelanden/new/",
            {"submission": submission.pk, "body": "Vi ses på drop-in på tisdag!"},
        )
    assert response.status_code == 302
    message = SharedMessage.objects.get()
    assert message.author == coach
    (email,) = mail.outbox
    assert email.subject == "Nytt meddelande om din idé: Dragkroksklubben"
    assert "Vi ses på drop-in på tisdag!" in email.body
    client.logout()
    status = client.get(f"/idelabbet/status/{status_token(submission)}/")
    assert "Vi ses på drop-in på tisdag!" in status.text


def test_moderators_cannot_write_to_the_citizen(client, ideas_index):
    submission = submit(ideas_index)
    client.force_login(UserFactory(groups=["Ekerö moderatorer"]))
    client.post("/admin/idelabbet/meddelanden/new/", {"submission": submission.pk, "body": "Hej"})
    assert SharedMessage.objects.count() == 0


def test_erasure_removes_personal_data_and_keeps_the_anonymous_idea(client, ideas_index):
    submission = submit(
        ideas_index,
        attachments=[SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan", "application/pdf")],
    )
    idea = publish(submission)
    path = IdeaAttachment.objects.get().file.path
    token = status_token(submission)
    submission_personal_data_erase(submission=submission)
    submission = IdeaSubmission.objects.get()
    assert (submission.name, submission.email, submission.phone) == ("", "", "")
    assert submission.co_initiators.count() == 0
    assert IdeaAttachment.objects.count() == 0
    import os

    assert not os.path.exists(path)
    assert client.get(f"/idelabbet/status/{token}/").status_code == 404
    assert client.get(idea.url).status_code == 200
    assert not OutgoingEmail.objects.filter(sent_at__isnull=True).exists()
