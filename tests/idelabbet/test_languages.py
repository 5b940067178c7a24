"""Ideas in the citizen's language: stored with it, answered in it, shown to the coaches.

A citizen who reads the site in Arabic writes in Arabic: the receipt, the
later status emails (sent by the worker, whatever language it runs in) and the
status link all follow the language the idea was sent in.
"""

import re
from email import message_from_bytes
from email import policy as email_policy
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse, translate_url
from django.utils import translation

from idelabbet.models import IdeaPage, IdeaSubmission, ParticipationOffer, SnabbSlantApplication
from idelabbet.services.moderation import idea_reject

from .conftest import idea_data, make_case, publish, status_token, submit
from .test_emails import run_worker
from .test_status import grant_data

pytestmark = pytest.mark.django_db

TITLE = "مقهى اللغة في ستينهامرا"
SUMMARY = "مقهى للغة كل يوم خميس يلتقي فيه القادمون الجدد وسكان الجزيرة. 🌍☕"
NAME = "ليلى حسن"
# Tigrinya (Ge'ez script) and emoji: any script must come back unchanged.
TIGRINYA = "ሰላም ንኹሉ 👋🏽"


def in_language(language: str, path: str) -> str:
    """The path as a visitor reading ``language`` has it (its language prefix, if any)."""
    return translate_url(path, language)


def reading(client: Client, language: str) -> Client:
    """A visitor who chose ``language`` (the language cookie, for URLs without a prefix)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def send_in_arabic(client, django_capture_on_commit_callbacks, **overrides) -> IdeaSubmission:
    data = idea_data(title=TITLE, summary=SUMMARY, name=NAME, **overrides)
    with django_capture_on_commit_callbacks(execute=True):
        response = reading(client, "ar").post(in_language("ar", "/idelabbet/skicka-in/"), data)
    assert response.status_code == 302
    return IdeaSubmission.objects.get()


def the_worker_sends(to="alva.lindqvist@example.se"):
    """What the worker emails the citizen (the moderators' workflow emails left aside)."""
    # The worker is its own process: it knows nothing of the visitor's language.
    translation.activate(settings.LANGUAGE_CODE)
    mail.outbox.clear()
    run_worker()
    return [email for email in mail.outbox if email.to == [to]]


def status_link(body: str) -> str:
    return re.search(r"https?://\S+/idelabbet/status/\S+/", body).group(0)


def test_an_idea_sent_in_arabic_is_stored_in_arabic_and_its_receipt_is_arabic(
    client, ideas_index, django_capture_on_commit_callbacks
):
    submission = send_in_arabic(client, django_capture_on_commit_callbacks)
    assert submission.language == "ar"
    assert submission.name == NAME
    assert (submission.idea.title, submission.idea.summary) == (TITLE, SUMMARY)

    (email,) = the_worker_sends()
    assert email.subject == f"شكرًا على فكرتك: {TITLE}"
    assert f"مرحبًا {NAME}!" in email.body
    assert f"شكرًا على فكرتك «{TITLE}». لقد استلمناها." in email.body
    assert "مع أطيب التحيات" in email.body
    assert "Tack" not in email.body and "Hej" not in email.body

    # The status link carries the language and works as clicked, by a browser
    # that never saw the site before (no cookie).
    link = status_link(email.body)
    token = status_token(submission)
    with translation.override("ar"):
        expected = reverse("idelabbet:status", kwargs={"token": token})
    assert urlsplit(link).path == expected
    assert expected.startswith("/ar/")
    page = Client().get(urlsplit(link).path, headers={"host": urlsplit(link).hostname})
    assert page.status_code == 200
    html = page.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert f"فكرتك: {TITLE}" in html


def test_status_emails_sent_later_by_the_worker_are_in_arabic_too(
    client, ideas_index, django_capture_on_commit_callbacks
):
    submission = send_in_arabic(client, django_capture_on_commit_callbacks)
    the_worker_sends()

    with django_capture_on_commit_callbacks(execute=True):
        publish(submission)
    (published,) = the_worker_sends()
    assert published.subject == f"نُشرت فكرتك: {TITLE}"
    assert f"نُشرت فكرتك «{TITLE}» الآن على الموقع" in published.body
    assert "/ar/idelabbet/status/" in published.body


def test_a_rejection_is_explained_in_arabic_with_the_moderators_reason_as_written(
    client, ideas_index, django_capture_on_commit_callbacks
):
    from tests.factories import UserFactory

    send_in_arabic(client, django_capture_on_commit_callbacks)
    the_worker_sends()
    moderator = UserFactory(groups=["Ekerö moderatorer"])
    task_state = IdeaPage.objects.get().current_workflow_task_state
    with django_capture_on_commit_callbacks(execute=True):
        idea_reject(
            task_state=task_state, user=moderator, reason="Texten innehåller ett telefonnummer."
        )
    (rejected,) = the_worker_sends()
    assert rejected.subject == f"لا يمكن نشر فكرتك: {TITLE}"
    assert "للأسف لا يمكننا نشرها على الموقع." in rejected.body
    assert "Texten innehåller ett telefonnummer." in rejected.body


def test_a_swedish_idea_is_still_answered_in_swedish(
    client, ideas_index, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/idelabbet/skicka-in/", idea_data())
    assert IdeaSubmission.objects.get().language == "sv"
    (email,) = the_worker_sends()
    assert email.subject == "Tack för din idé: Språkcafé i Stenhamra"
    assert "/ar/" not in email.body and "/en/" not in email.body


def test_a_language_no_longer_offered_is_answered_in_swedish(
    ideas_index, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submission = submit(ideas_index, language="so")
    email_to = submission.email
    settings.LANGUAGES = [("sv", "Svenska"), ("en", "English")]
    (email,) = the_worker_sends(to=email_to)
    assert email.subject.startswith("Tack för din idé")
    assert submission.language == "so"


def test_the_coaches_see_the_language_on_the_case_board_and_in_moderation(
    client, ideas_index, people, django_capture_on_commit_callbacks
):
    send_in_arabic(client, django_capture_on_commit_callbacks)
    translation.activate(settings.LANGUAGE_CODE)
    make_case(ideas_index, title="Dragkroksklubben", coaches=[people["assigned"]])
    case = IdeaSubmission.objects.get(language="ar").case
    translation.activate(settings.LANGUAGE_CODE)
    client.cookies.clear()

    client.force_login(people["lead"])
    page = client.get(reverse("idelabbet-arenden:case", args=[case.pk])).content.decode()
    assert "Inskickad på" in page
    assert '<dd class="case-language" lang="ar">Arabiska (العربيّة)</dd>' in page

    # A coach's board: the new Arabic idea waits in "Att fördela", their own
    # Swedish one in its column; only a language other than Swedish is named.
    client.force_login(people["assigned"])
    board = client.get(reverse("idelabbet-arenden:index")).content.decode()
    card = board.split(TITLE, 1)[1].split("</li>", 1)[0]
    assert "på Arabiska (العربيّة)" in card
    swedish_card = board.split("Dragkroksklubben", 1)[1].split("</li>", 1)[0]
    assert "case-card__language" not in swedish_card

    client.force_login(people["moderator"])
    queue = client.get("/admin/idelabbet-granskning/").content.decode()
    row = queue.split(TITLE, 1)[1].split("</tr>", 1)[0]
    assert '<td class="language">Arabiska (العربيّة)</td>' in row


def test_snabb_slant_and_offers_to_join_keep_the_language_they_were_written_in(
    client, ideas_index, django_capture_on_commit_callbacks
):
    submission = send_in_arabic(client, django_capture_on_commit_callbacks)
    token = status_token(submission)
    arabic = reading(Client(), "ar")
    form = arabic.get(in_language("ar", f"/idelabbet/status/{token}/snabb-slant/"))
    assert "قدّم طلبًا للمنحة السريعة" in form.content.decode()
    response = arabic.post(
        in_language("ar", f"/idelabbet/status/{token}/snabb-slant/"),
        grant_data(activity_what="نزهة عائلية على الجزيرة 🌳", activity_for_whom=TIGRINYA),
        follow=True,
    )
    assert "أُرسل طلبكم للمنحة السريعة" in response.content.decode()
    application = SnabbSlantApplication.objects.get()
    assert (application.language, application.activity_for_whom) == ("ar", TIGRINYA)

    idea = publish(submission)
    english = reading(Client(), "en")
    url = in_language("en", f"/idelabbet/ide/{idea.pk}/vara-med/")
    assert "Would you like to join?" in english.get(url).content.decode()
    english.post(
        url,
        {"med-name": "Semhar", "med-email": "semhar@example.se", "med-contribution": TIGRINYA},
    )
    offer = ParticipationOffer.objects.get()
    assert (offer.language, offer.contribution) == ("en", TIGRINYA)


def test_latin_script_fields_stay_left_to_right_in_the_arabic_form(client, ideas_index):
    html = reading(client, "ar").get(in_language("ar", "/idelabbet/skicka-in/")).content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert re.search(r'<input type="email" name="email"[^>]* dir="ltr"', html)
    assert re.search(r'<input type="tel" name="phone"[^>]* dir="ltr"', html)
    assert re.search(r'<input type="email" name="med-0-email"[^>]* dir="ltr"', html)
    # The title and summary are written in the citizen's own script: no direction forced.
    assert not re.search(r'<input type="text" name="title"[^>]* dir=', html)


def test_any_script_round_trips_through_form_email_export_and_api(
    client, ideas_index, people, django_capture_on_commit_callbacks
):
    import csv
    import io

    submission = send_in_arabic(
        client, django_capture_on_commit_callbacks, phone="", **{"med-0-name": TIGRINYA}
    )
    assert submission.co_initiators.get().name == TIGRINYA
    (email,) = the_worker_sends()
    assert TITLE in email.subject and NAME in email.body
    # As it goes over the wire, and read back by a mail client: unchanged.
    wire = message_from_bytes(email.message().as_bytes(), policy=email_policy.default)
    assert wire["Subject"].strip() == f"شكرًا على فكرتك: {TITLE}"
    assert f"مرحبًا {NAME}!" in wire.get_content()

    client.cookies.clear()
    client.force_login(people["lead"])
    response = client.get("/admin/idelabbet/arendeexport/", {"export": "csv"})
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    (row,) = [r for r in rows if r["Idé"] == TITLE]
    assert row["Språk"] == "ar"
    assert row["Idébärarens namn"] == NAME

    idea = publish(submission)
    api = client.get(f"/api/v2/ideer/{idea.pk}/", headers={"host": "localhost"}).json()
    assert (api["title"], api["summary"], api["language"]) == (TITLE, SUMMARY, "ar")
    page = Client().get(idea.url, headers={"host": "localhost"}).content.decode()
    assert f'<h1 lang="ar" dir="auto">{TITLE}</h1>' in page
