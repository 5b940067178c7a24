"""The registration's confirmation email (sent by the worker) and its no-account cancel link."""

import re

import pytest
from django.core import mail

from forum.models import Registration
from forum.tokens import registration_cancel_token

from .conftest import add_meeting, path_of

pytestmark = pytest.mark.django_db

FORM = {
    "name": "Sara Ek",
    "organisation": "Röda Korset",
    "sector": "civil_society",
    "email": "sara@example.se",
    "needs": "",
}


def _register_and_get_mail(jclient, meeting, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = jclient.post(path_of(meeting) + "anmalan/", FORM)
    assert response.status_code == 302
    # To the confirmation inside the registration section, not the form's anchor.
    assert response["Location"].endswith("#anmalan-kvitto")
    [message] = mail.outbox
    return message


def test_confirmation_email_has_the_meeting_and_a_cancel_link(
    jclient, forum_index, immediate_tasks, django_capture_on_commit_callbacks
):
    meeting = add_meeting(forum_index, title="Forum våren", days=14, place="Aulan")
    message = _register_and_get_mail(jclient, meeting, django_capture_on_commit_callbacks)
    assert message.to == ["sara@example.se"]
    assert message.subject == "Du är anmäld till Forum våren"
    assert "Aulan" in message.body
    assert "http://jonkoping.localhost/forum/forum-varen/" in message.body
    assert re.search(r"http://jonkoping\.localhost/forum/avanmalan/\S+/", message.body)
    assert Registration.objects.get().confirmed_at is not None


def test_the_confirmation_is_shown_in_the_registration_section_as_a_status(
    jclient, forum_index, immediate_tasks
):
    meeting = add_meeting(forum_index, days=14)
    html = jclient.post(path_of(meeting) + "anmalan/", FORM, follow=True).text
    section = html.split('<h2 id="anmalan">', 1)[1].split("</section>", 1)[0]
    assert 'id="anmalan-kvitto" class="confirmation" role="status" tabindex="-1"' in section
    assert "Tack! Du är anmäld" in section
    # Not a second time at the top of the page.
    assert html.count("Tack! Du är anmäld") == 1


def test_cancel_link_asks_first_then_cancels_without_an_account(
    jclient, forum_index, immediate_tasks, django_capture_on_commit_callbacks
):
    meeting = add_meeting(forum_index, days=14)
    message = _register_and_get_mail(jclient, meeting, django_capture_on_commit_callbacks)
    link = re.search(r"http://jonkoping\.localhost(/forum/avanmalan/\S+/)", message.body).group(1)
    # A mail scanner following the link changes nothing.
    page = jclient.get(link)
    assert page.status_code == 200
    assert "Vill du avanmäla sara@example.se" in page.text
    assert Registration.objects.count() == 1
    done = jclient.post(link)
    assert "Du är avanmäld från Forum" in done.text
    assert not Registration.objects.exists()
    # The link is spent.
    assert "Länken gäller inte längre" in jclient.post(link).text


def test_a_tampered_or_foreign_token_cancels_nothing(jclient, forum_index, jonkoping):
    meeting = add_meeting(forum_index, days=14)
    registration = Registration.objects.create(
        meeting=meeting, name="A", email="a@example.se", sector="official"
    )
    token = registration_cancel_token(registration)
    forged = f"{registration.pk + 1}-" + token.partition("-")[2]
    for bad in (token[:-2] + "zz", "abc", forged):
        response = jclient.post(f"{path_of(forum_index)}avanmalan/{bad}/")
        assert "Länken gäller inte längre" in response.text
    assert Registration.objects.count() == 1
