"""Registering for a meeting on the registration page of its own (``<meeting>/anmalan/``)."""

import pytest
from wagtail.models import Locale

from forum.models import Registration
from tests.conftest import in_language

from .conftest import add_meeting, at, path_of, register

pytestmark = pytest.mark.django_db


def _form(**overrides):
    data = {
        "name": "Sara Ek",
        "organisation": "Röda Korset",
        "sector": "civil_society",
        "email": "sara@example.se",
        "needs": "Vegetarisk kost",
    }
    data.update(overrides)
    return data


def registration_path(meeting) -> str:
    return path_of(meeting) + "anmalan/"


def test_the_meeting_page_links_to_the_registration_page_and_carries_no_form(jclient, forum_index):
    meeting = add_meeting(forum_index, days=14, registration_cap=10)
    html = jclient.get(path_of(meeting)).text
    assert f'<a class="button" href="{registration_path(meeting)}">Anmäl dig</a>' in html
    assert "10 platser kvar." in html
    assert "<form" not in html.split('id="anmalan-sektion"', 1)[1].split("</section>", 1)[0]
    assert "csrfmiddlewaretoken" not in html


def test_the_registration_page_shows_the_meeting_and_the_form(jclient, forum_index):
    meeting = add_meeting(forum_index, title="Forum våren", days=14, place="Aulan")
    response = jclient.get(registration_path(meeting))
    assert response.status_code == 200
    html = response.text
    assert "<h1>Anmälan till Forum våren</h1>" in html
    assert "Aulan" in html
    assert f'action="{registration_path(meeting)}"' in html
    assert "csrfmiddlewaretoken" in html
    assert f'<a href="{path_of(meeting)}">Tillbaka till Forum våren</a>' in html


def test_person_registers_and_sees_a_confirmation_on_the_meeting_page(jclient, forum_index):
    meeting = add_meeting(forum_index, days=14, registration_cap=10)
    response = jclient.post(registration_path(meeting), _form())
    assert response.status_code == 302
    assert response["Location"] == path_of(meeting) + "#anmalan-kvitto"
    html = jclient.get(response["Location"]).text
    section = html.split('<h2 id="anmalan">', 1)[1].split("</section>", 1)[0]
    assert "Tack! Du är anmäld" in section
    assert "9 platser kvar." in section
    registration = Registration.objects.get(meeting=meeting)
    assert (registration.needs, registration.language) == ("Vegetarisk kost", "sv")


def test_personal_data_never_shows_on_the_public_page(jclient, forum_index):
    meeting = add_meeting(forum_index, days=14, registration_cap=10)
    jclient.post(registration_path(meeting), _form(name="Hemliga Hanna", email="hanna@example.se"))
    html = jclient.get(path_of(meeting)).text
    assert "Hemliga Hanna" not in html
    assert "hanna@example.se" not in html
    assert "9 platser kvar." in html


def test_same_email_twice_is_one_registration(jclient, forum_index):
    meeting = add_meeting(forum_index, days=14)
    jclient.post(registration_path(meeting), _form(email="Sara@Example.se"))
    response = jclient.post(
        registration_path(meeting), _form(email=" sara@example.se "), follow=True
    )
    assert "redan anmäld" in response.text
    assert Registration.objects.filter(meeting=meeting).count() == 1


def test_missing_fields_are_explained_and_what_was_typed_is_kept(jclient, forum_index):
    meeting = add_meeting(forum_index, days=14)
    response = jclient.post(registration_path(meeting), _form(name="", email="inte-en-adress"))
    assert response.status_code == 400
    html = response.text
    assert "Anmälan kunde inte tas emot" in html
    assert "Det du har skrivit finns kvar." in html
    assert 'id="id_name_error"' in html
    assert 'aria-describedby="id_name_error"' in html
    assert 'id="id_email_error"' in html
    assert "Fyll i en giltig e-postadress." in html
    assert 'value="Röda Korset"' in html  # nothing typed is lost
    assert 'value="inte-en-adress"' in html
    assert "Vegetarisk kost</textarea>" in html
    assert not Registration.objects.exists()


def test_registration_after_closing_date_is_refused(jclient, forum_index):
    meeting = add_meeting(forum_index, days=14, registration_closes=at(-1))
    page = jclient.get(registration_path(meeting)).text
    assert "Anmälan stängde" in page
    assert "<form" not in page.split("<main", 1)[1]
    meeting_page = jclient.get(path_of(meeting)).text
    assert "Anmälan stängde" in meeting_page
    assert "Anmäl dig</a>" not in meeting_page
    response = jclient.post(registration_path(meeting), _form())
    assert response.status_code == 400
    assert "Anmälan stängde" in response.text
    assert not Registration.objects.exists()


def test_registration_past_the_cap_is_refused(jclient, forum_index):
    meeting = add_meeting(forum_index, days=14, registration_cap=1)
    register(meeting, email="forst@example.se")
    html = jclient.get(path_of(meeting)).text
    assert "Mötet är fullt: alla 1 platser är tagna." in html
    assert "Anmäl dig</a>" not in html
    page = jclient.get(registration_path(meeting)).text
    assert "Mötet är fullt" in page
    assert "Anmäl mig" not in page
    response = jclient.post(registration_path(meeting), _form())
    assert response.status_code == 400
    assert "Mötet är fullt" in response.text
    assert Registration.objects.count() == 1


def test_the_last_place_goes_to_one_person_only(jclient, forum_index):
    meeting = add_meeting(forum_index, days=14, registration_cap=2)
    register(meeting, email="forst@example.se")
    assert jclient.post(registration_path(meeting), _form()).status_code == 302
    late = jclient.post(registration_path(meeting), _form(email="sen@example.se"))
    assert late.status_code == 400
    assert "Mötet är fullt: alla 2 platser är tagna." in late.text
    assert Registration.objects.count() == 2


def test_cancelled_meeting_takes_no_registrations(jclient, forum_index):
    meeting = add_meeting(forum_index, days=14, status="cancelled")
    assert "inställt" in jclient.get(registration_path(meeting)).text
    response = jclient.post(registration_path(meeting), _form())
    assert response.status_code == 400
    assert "inställt" in response.text
    assert not Registration.objects.exists()


def test_many_registrations_from_one_address_are_stopped_with_the_form_kept(
    jclient, forum_index, settings
):
    settings.FORUM_REGISTRATION_RATE = "2/h"
    meeting = add_meeting(forum_index, days=14)
    for n in range(2):
        response = jclient.post(registration_path(meeting), _form(email=f"p{n}@example.se"))
        assert response.status_code == 302
    response = jclient.post(
        registration_path(meeting), _form(email="p3@example.se", name="Tredje Person")
    )
    assert response.status_code == 429
    assert "Många anmälningar har skickats härifrån. Försök igen senare." in response.text
    assert 'value="Tredje Person"' in response.text
    assert Registration.objects.count() == 2
    # Another address is not stopped.
    other = jclient.post(
        registration_path(meeting), _form(email="p4@example.se"), REMOTE_ADDR="192.0.2.7"
    )
    assert other.status_code == 302


def test_a_form_posted_to_the_meeting_page_itself_still_registers(jclient, forum_index):
    # A tab opened before the form moved to its own page.
    meeting = add_meeting(forum_index, days=14)
    response = jclient.post(path_of(meeting), _form())
    assert response.status_code == 302
    assert response["Location"] == path_of(meeting) + "#anmalan-kvitto"
    assert Registration.objects.filter(meeting=meeting).count() == 1


def test_registering_in_english_speaks_english_and_records_the_language(
    jclient, forum_index, sites
):
    from cms.languages.services import site_languages_set

    site_languages_set(site=sites["jonkoping"], codes=["en"])
    meeting = add_meeting(forum_index, title="Forum våren", days=14, registration_cap=5)
    english_meeting = in_language(path_of(meeting), "en")
    english = in_language(registration_path(meeting), "en")
    assert english == "/en" + registration_path(meeting)
    page = jclient.get(english_meeting).text
    assert f'href="{english}">Register</a>' in page
    form = jclient.get(english).text
    assert '<html lang="en"' in form
    assert "Register me" in form

    wrong = jclient.post(english, _form(email="not-an-address"))
    assert wrong.status_code == 400
    assert "The registration could not be accepted" in wrong.text
    assert "Enter a valid email address." in wrong.text
    assert 'value="not-an-address"' in wrong.text

    done = jclient.post(english, _form(email="john@example.se"))
    assert done.status_code == 302
    assert done["Location"] == english_meeting + "#anmalan-kvitto"
    confirmation = jclient.get(done["Location"]).text
    assert "Thank you! You are registered for Forum våren." in confirmation
    assert "4 places left." in confirmation
    assert Registration.objects.get().language == "en"


def test_a_translated_meeting_page_links_to_its_own_registration_page(jclient, forum_index, sites):
    from cms.languages.services import site_languages_set

    site_languages_set(site=sites["jonkoping"], codes=["en"])
    meeting = add_meeting(forum_index, title="Forum våren", days=14, registration_cap=5)
    english = meeting.copy_for_translation(Locale.objects.get(language_code="en"), True)
    english.title = "Forum spring"
    english.save_revision().publish()
    register(meeting, email="forst@example.se")
    english_path = path_of(english)
    assert english_path.startswith("/en/")
    page = jclient.get(english_path).text
    assert f'href="{english_path}anmalan/">Register</a>' in page
    assert "4 places left." in page  # the Swedish original's registrations
    response = jclient.post(english_path + "anmalan/", _form())
    assert response.status_code == 302
    assert response["Location"] == english_path + "#anmalan-kvitto"
    # One list for the organisers, whichever language people registered in.
    assert Registration.objects.filter(meeting=meeting).count() == 2
    assert Registration.objects.get(email="sara@example.se").language == "en"
