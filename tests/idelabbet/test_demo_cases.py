import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from idelabbet.models import Case, Note, OutgoingEmail

pytestmark = pytest.mark.django_db


def test_the_demo_has_cases_in_several_states_with_notes_of_every_visibility(client):
    call_command("load_demo", allow_production=True, stdout=io.StringIO())
    call_command("load_demo", allow_production=True, stdout=io.StringIO())
    states = set(Case.objects.values_list("state", flat=True))
    assert {"inkommen", "ansokan", "genomfors", "avslutat", "hanvisat"} <= states
    assert set(Note.objects.values_list("visibility", flat=True)) == {
        "privat",
        "team",
        "coacher",
        "idebarare",
    }
    assert not OutgoingEmail.objects.filter(sent_at__isnull=True).exists()
    anna = get_user_model().objects.get(username="coach.anna")
    client.force_login(anna)
    board = client.get(reverse("idelabbet-arenden:index")).content.decode()
    assert "Dragkroksklubben" in board and "Syateljé i Ekerö centrum" in board
    # Omar's private note stays his own.
    private = Note.objects.get(visibility="privat")
    url = reverse("idelabbet-arenden:note", args=[private.case_id, private.pk])
    assert client.get(url).status_code == 404
    client.force_login(get_user_model().objects.get(username="coach.omar"))
    assert client.get(url).status_code == 200
