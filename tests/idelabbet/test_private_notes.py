"""Private means private: a "privat" note is its author's alone, superusers included.

Not in the case page, the note page, its attachments or the staff search; the
one way past it is a site administrator's transfer of a departed coach's
notes, which is logged on each case.
"""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import strip_tags
from wagtail.models import ModelLogEntry

from idelabbet.models import Note, NoteVisibility
from idelabbet.services.audit import NOTES_TRANSFERRED
from idelabbet.services.notes import note_add
from idelabbet.workflow import State
from search.services import catalog_drain
from tests.conftest import search_results_text
from tests.factories import UserFactory
from tests.idelabbet.conftest import make_case

pytestmark = pytest.mark.django_db

SECRET = "Mjölnarstugan"


def _superuser():
    user = UserFactory(username="superadmin", is_superuser=True, is_staff=True)
    user.save()
    return user


@pytest.fixture
def private(ideas_index, people):
    case = make_case(ideas_index, state=State.COACHING, coaches=[people["assigned"]])
    note = note_add(
        case=case,
        author=people["assigned"],
        body=f"<p>Idébäraren mår dåligt, ring före mötet vid {SECRET}.</p>",
        visibility=NoteVisibility.PRIVATE,
        attachments=[SimpleUploadedFile("samtal.pdf", b"%PDF-1.4 samtal", "application/pdf")],
    )
    catalog_drain()
    return note


def _urls(note):
    attachment = note.attachments.get()
    return {
        "case": reverse("idelabbet-arenden:case", args=[note.case_id]),
        "note": reverse("idelabbet-arenden:note", args=[note.case_id, note.pk]),
        "attachment": reverse(
            "idelabbet-arenden:note_attachment", args=[note.case_id, note.pk, attachment.pk]
        ),
    }


def test_a_superuser_cannot_read_another_coachs_private_note_anywhere(client, private):
    client.force_login(_superuser())
    urls = _urls(private)
    case_page = client.get(urls["case"])
    assert case_page.status_code == 200
    assert SECRET not in case_page.text and "samtal.pdf" not in case_page.text
    assert client.get(urls["note"]).status_code == 404
    assert client.get(urls["attachment"]).status_code == 404
    hits = search_results_text(client.get("/admin/katalogsok/", {"q": SECRET}).text)
    assert "Anteckning i" not in hits
    # ... but finds everything else, e.g. the case itself.
    found = search_results_text(client.get("/admin/katalogsok/", {"q": "Dragkroksklubben"}).text)
    assert "Dragkroksklubben" in found


def test_the_author_reads_it_everywhere(client, people, private):
    client.force_login(people["assigned"])
    urls = _urls(private)
    assert SECRET in client.get(urls["case"]).text
    assert SECRET in client.get(urls["note"]).text
    assert client.get(urls["attachment"]).status_code == 200
    hits = search_results_text(client.get("/admin/katalogsok/", {"q": SECRET}).text)
    assert "Anteckning i" in hits


def test_a_superuser_still_reads_team_notes(client, people, private):
    team = note_add(
        case=private.case,
        author=people["assigned"],
        body="<p>Teamet ses på torsdag.</p>",
        visibility=NoteVisibility.TEAM,
    )
    client.force_login(_superuser())
    assert (
        client.get(reverse("idelabbet-arenden:note", args=[team.case_id, team.pk])).status_code
        == 200
    )


def _site_admin():
    admins, _ = Group.objects.get_or_create(name="Webbplatsadministratörer")
    admins.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="change_user", content_type__app_label="auth"),
    )
    return UserFactory(username="webbadmin", groups=["Webbplatsadministratörer"])


def test_an_administrator_transfers_a_departed_coachs_notes_and_the_case_shows_it(
    client, people, private
):
    departed, successor = people["assigned"], people["assigned2"]
    admin = _site_admin()
    client.force_login(admin)
    url = reverse("idelabbet_notes_transfer")
    form = client.get(url)
    assert form.status_code == 200
    # While the coach still works in the municipality, their notes are theirs.
    refused = client.post(url, {"from_user": departed.pk, "to_user": successor.pk, "confirm": "on"})
    assert "arbetar kvar som coach i kommunen" in refused.text
    assert Note.objects.get(pk=private.pk).author == departed
    departed.is_active = False
    departed.save()
    done = client.post(
        url, {"from_user": departed.pk, "to_user": successor.pk, "confirm": "on"}, follow=True
    )
    assert "1 anteckningar överfördes" in done.text
    (entry,) = ModelLogEntry.objects.filter(action=NOTES_TRANSFERRED)
    assert entry.user == admin and entry.object_id == str(private.case_id)
    assert entry.data["from"] == departed.pk and entry.data["to"] == successor.pk
    catalog_drain()
    # The successor now reads it, in the views and the search; the case shows the transfer.
    client.force_login(successor)
    urls = _urls(private)
    case_text = " ".join(strip_tags(client.get(urls["case"]).text).split())
    assert SECRET in case_text
    assert (
        f"Anteckningar överförda: 1 från {departed.get_full_name()} till "
        f"{successor.get_full_name()} – {admin.get_full_name()}"
    ) in case_text
    assert client.get(urls["note"]).status_code == 200
    hits = search_results_text(client.get("/admin/katalogsok/", {"q": SECRET}).text)
    assert "Anteckning i" in hits
    # The administrator who moved it still cannot read it.
    client.force_login(admin)
    assert client.get(urls["note"]).status_code in (302, 404)


def test_only_a_site_administrator_may_transfer(client, people, private):
    client.force_login(people["lead"])
    response = client.get(reverse("idelabbet_notes_transfer"))
    assert response.status_code == 302 and response.url == "/admin/"
    assert not ModelLogEntry.objects.filter(action=NOTES_TRANSFERRED).exists()
