"""Meeting registration in the visitor's language, and the emails that follow in it."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.utils import translation

from forum.models import FeedbackDispatch, Registration
from forum.services import feedback_deliver
from tests.conftest import in_language  # noqa: E402

from .conftest import add_meeting, path_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _arabic_offered(sites):
    """Both municipalities offer English and Arabic (Inställningar → Språk)."""
    from cms.languages.services import site_languages_set

    for site in sites.values():
        site_languages_set(site=site, codes=["en", "ar"])


FORM = {
    "name": "ሳባ ተስፋይ",  # Tigrinya, Ge'ez script
    "organisation": "جمعية الجسر 🌉",
    "sector": "civil_society",
    "email": "saba@example.se",
    "needs": "مترجم إلى التغرينية",
}


def register_reading(client, language, meeting, callbacks, **overrides):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    with callbacks(execute=True):
        response = client.post(
            in_language(path_of(meeting) + "anmalan/", language), {**FORM, **overrides}
        )
    assert response.status_code == 302
    translation.activate(settings.LANGUAGE_CODE)  # the worker's own language
    return Registration.objects.get(email=overrides.get("email", FORM["email"]))


def test_a_registration_in_arabic_is_stored_in_arabic_and_confirmed_in_arabic(
    jclient, forum_index, immediate_tasks, django_capture_on_commit_callbacks
):
    meeting = add_meeting(forum_index, title="Forum hösten", days=14, place="Aulan")
    registration = register_reading(jclient, "ar", meeting, django_capture_on_commit_callbacks)
    assert registration.language == "ar"
    assert (registration.name, registration.organisation, registration.needs) == (
        FORM["name"],
        FORM["organisation"],
        FORM["needs"],
    )
    [message] = mail.outbox
    assert message.subject == "أنت مسجل في Forum hösten"
    assert f"مرحبًا {FORM['name']}!" in message.body
    assert "لا تستطيع الحضور؟ ألغِ تسجيلك هنا" in message.body
    assert "Hej" not in message.body

    # The cancel link works as sent, in a browser with no cookie, and speaks Arabic.
    link = re.search(r"http://jonkoping\.localhost(\S+/avanmalan/\S+/)", message.body).group(1)
    fresh = Client(headers={"host": "jonkoping.localhost"})
    page = fresh.get(link).content.decode()
    assert f"هل تريد إلغاء تسجيل {FORM['email']}" in page
    assert '<html lang="ar" dir="rtl">' in page
    fresh.post(link)
    assert not Registration.objects.exists()


def test_the_arabic_registration_form_keeps_the_email_field_left_to_right(jclient, forum_index):
    meeting = add_meeting(forum_index, days=14)
    jclient.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    html = jclient.get(in_language(path_of(meeting) + "anmalan/", "ar")).content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "سجّلني" in html  # "Anmäl mig"
    assert re.search(r'<input type="email" name="email"[^>]* dir="ltr"', html)


def test_the_feedback_mailing_reaches_each_participant_in_their_own_language(
    jclient, forum_index, immediate_tasks, django_capture_on_commit_callbacks
):
    meeting = add_meeting(forum_index, title="Forum hösten", days=14)
    register_reading(jclient, "ar", meeting, django_capture_on_commit_callbacks)
    register_reading(
        jclient, "sv", meeting, django_capture_on_commit_callbacks, email="eva@example.se"
    )
    register_reading(
        jclient, "en", meeting, django_capture_on_commit_callbacks, email="john@example.se"
    )
    mail.outbox.clear()
    # The mailing as the organisers' form records it (its rules are tested in test_feedback).
    dispatch = FeedbackDispatch.objects.create(
        meeting=meeting,
        summary="Tio förslag kom fram.",
        documentation_url="http://jonkoping.localhost/forum/forum-hosten/",
    )
    assert feedback_deliver(dispatch_id=dispatch.pk) == 3
    by_address = {m.to[0]: m for m in mail.outbox}
    assert by_address["saba@example.se"].subject == "ملخص المتابعة من Forum hösten"
    assert by_address["eva@example.se"].subject == "Återkoppling från Forum hösten"
    assert by_address["john@example.se"].subject.startswith("Feedback from")
    assert f"مرحبًا {FORM['name']}!" in by_address["saba@example.se"].body
    assert all("Tio förslag kom fram." in m.body for m in mail.outbox)
