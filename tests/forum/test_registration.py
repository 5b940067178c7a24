import pytest

from forum.models import Registration

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


def test_person_registers_and_sees_a_confirmation(jclient, forum_index):
    meeting = add_meeting(forum_index, days=14)
    response = jclient.post(path_of(meeting), _form(), follow=True)
    assert response.status_code == 200
    assert "Tack! Du är anmäld" in response.text
    registration = Registration.objects.get(meeting=meeting)
    assert registration.needs == "Vegetarisk kost"


def test_personal_data_never_shows_on_the_public_page(jclient, forum_index):
    meeting = add_meeting(forum_index, days=14, registration_cap=10)
    jclient.post(path_of(meeting), _form(name="Hemliga Hanna", email="hanna@example.se"))
    html = jclient.get(path_of(meeting)).text
    assert "Hemliga Hanna" not in html
    assert "hanna@example.se" not in html
    assert "9 platser kvar." in html


def test_same_email_twice_is_one_registration(jclient, forum_index):
    meeting = add_meeting(forum_index, days=14)
    jclient.post(path_of(meeting), _form(email="Sara@Example.se"))
    response = jclient.post(path_of(meeting), _form(email=" sara@example.se "), follow=True)
    assert "redan anmäld" in response.text
    assert Registration.objects.filter(meeting=meeting).count() == 1


def test_registration_after_closing_date_is_refused(jclient, forum_index):
    meeting = add_meeting(forum_index, days=14, registration_closes=at(-1))
    response = jclient.post(path_of(meeting), _form())
    assert response.status_code == 400
    assert "Anmälan stängde" in response.text
    assert not Registration.objects.exists()


def test_registration_past_the_cap_is_refused(jclient, forum_index):
    meeting = add_meeting(forum_index, days=14, registration_cap=1)
    register(meeting, email="forst@example.se")
    html = jclient.get(path_of(meeting)).text
    assert "Mötet är fullt: alla 1 platser är tagna." in html
    assert "Anmäl mig" not in html
    response = jclient.post(path_of(meeting), _form())
    assert response.status_code == 400
    assert "Mötet är fullt" in response.text
    assert Registration.objects.count() == 1


def test_cancelled_meeting_takes_no_registrations(jclient, forum_index):
    meeting = add_meeting(forum_index, days=14, status="cancelled")
    response = jclient.post(path_of(meeting), _form())
    assert response.status_code == 400
    assert "inställt" in response.text
    assert not Registration.objects.exists()


def test_missing_fields_are_explained_next_to_the_field(jclient, forum_index):
    meeting = add_meeting(forum_index, days=14)
    response = jclient.post(path_of(meeting), _form(name="", email="inte-en-adress"))
    assert response.status_code == 400
    html = response.text
    assert 'id="id_name_error"' in html
    assert 'aria-describedby="id_name_error"' in html
    assert 'id="id_email_error"' in html
    assert 'value="Röda Korset"' in html  # nothing typed is lost
    assert not Registration.objects.exists()
