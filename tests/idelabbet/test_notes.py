"""Notes: who sees each visibility (through the admin and the status page),
revisions, narrowing and widening, sharing with the citizen."""

import pytest
from django.core import mail
from django.test import TestCase
from django.urls import reverse

from idelabbet.models import Note, NoteVisibility, OutgoingEmail
from idelabbet.selectors.cases import note_principals
from idelabbet.services.notes import note_add, note_change
from idelabbet.workflow import State

from .conftest import case_reset, make_case, status_token
from .test_case_permissions import rich

pytestmark = pytest.mark.django_db

# visibility → who may open the note. "author" is an assigned coach who wrote
# it; "assigned2" is the other assigned coach; the citizen reads it on the
# status page.
READERS = {
    NoteVisibility.PRIVATE: {"author"},
    NoteVisibility.TEAM: {"author", "assigned2"},
    NoteVisibility.COACHES: {"author", "assigned2", "coach", "lead"},
    NoteVisibility.CITIZEN: {"author", "assigned2", "coach", "lead", "citizen"},
}
ROLES = ["author", "assigned2", "coach", "lead", "moderator", "citizen"]


def _can_read(client, people, case, note, role, text) -> bool:
    if role == "citizen":
        client.logout()
        page = client.get(
            reverse("idelabbet:status", kwargs={"token": status_token(case.submission)})
        ).content.decode()
        return text in page
    user = people["assigned"] if role == "author" else people[role]
    client.force_login(user)
    response = client.get(reverse("idelabbet-arenden:note", args=[case.pk, note.pk]))
    if response.status_code == 200:
        assert text in response.content.decode()
        return True
    assert response.status_code == 404
    # Nor does it appear on the case page's timeline.
    case_page = client.get(reverse("idelabbet-arenden:case", args=[case.pk])).content.decode()
    assert text not in case_page
    return False


@pytest.mark.parametrize("visibility", NoteVisibility.values)
def test_each_visibility_opens_the_note_to_exactly_its_readers(
    client, ideas_index, people, visibility
):
    case = make_case(
        ideas_index, state=State.COACHING, coaches=[people["assigned"], people["assigned2"]]
    )
    text = f"Hemlig text {visibility}"
    note = note_add(
        case=case, author=people["assigned"], body=f"<p>{text}</p>", visibility=visibility
    )
    for role in ROLES:
        expected = role in READERS[visibility]
        assert _can_read(client, people, case, note, role, text) == expected, (visibility, role)


def test_someone_elses_private_note_cannot_be_opened_or_changed_by_url(client, ideas_index, people):
    case = make_case(
        ideas_index, state=State.COACHING, coaches=[people["assigned"], people["coach"]]
    )
    note = note_add(
        case=case, author=people["assigned"], body="<p>Mitt eget</p>", visibility="privat"
    )
    client.force_login(people["coach"])
    url = reverse("idelabbet-arenden:note", args=[case.pk, note.pk])
    assert client.get(url).status_code == 404
    response = client.post(url, {"body": rich("Ändrat"), "visibility": "coacher"})
    assert response.status_code == 404
    note.refresh_from_db()
    assert "Mitt eget" in note.body and note.visibility == "privat"
    # Nor through another case's URL.
    other = make_case(ideas_index, state=State.COACHING, coaches=[people["coach"]])
    assert (
        client.get(reverse("idelabbet-arenden:note", args=[other.pk, note.pk])).status_code == 404
    )


def test_narrowing_and_widening_a_note_takes_effect_at_once_and_keeps_revisions(
    client, ideas_index, people
):
    case = make_case(ideas_index, state=State.COACHING, coaches=[people["assigned"]])
    client.force_login(people["assigned"])
    client.post(
        reverse("idelabbet-arenden:note_add", args=[case.pk]),
        {"body": rich("Första versionen"), "visibility": "coacher"},
    )
    note = Note.objects.get(case=case)
    url = reverse("idelabbet-arenden:note", args=[case.pk, note.pk])
    client.force_login(people["coach"])
    assert client.get(url).status_code == 200
    client.force_login(people["assigned"])
    response = client.post(url, {"body": rich("Andra versionen"), "visibility": "privat"})
    assert response.status_code == 302
    client.force_login(people["coach"])
    assert client.get(url).status_code == 404
    principals = note_principals(note=note)
    assert principals.user_ids == {people["assigned"].pk} and not principals.group_ids
    client.force_login(people["assigned"])
    client.post(url, {"body": rich("Tredje versionen"), "visibility": "team"})
    page = client.get(url).content.decode()
    for version in ("Första versionen", "Andra versionen", "Tredje versionen"):
        assert version in page
    assert note.revisions.count() == 3
    assert list(note.revisions.values_list("visibility", flat=True)) == [
        "coacher",
        "privat",
        "team",
    ]


def test_a_note_shared_with_the_citizen_is_emailed_once_and_shown_on_the_status_page(
    client, ideas_index, people, immediate_tasks
):
    case = make_case(ideas_index, state=State.COACHING, coaches=[people["assigned"]])
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        note = note_add(
            case=case, author=people["assigned"], body="<p>Intern tanke</p>", visibility="team"
        )
    assert mail.outbox == []
    with TestCase.captureOnCommitCallbacks(execute=True):
        note_change(
            note=note,
            user=people["assigned"],
            body="<p>Välkommen på möte tisdag!</p>",
            visibility="idebarare",
        )
    with TestCase.captureOnCommitCallbacks(execute=True):
        note_change(
            note=note,
            user=people["assigned"],
            body="<p>Välkommen på möte onsdag!</p>",
            visibility="idebarare",
        )
    assert len(mail.outbox) == 1
    assert "Välkommen på möte tisdag!" in mail.outbox[0].body
    assert mail.outbox[0].to == ["hedda.sjoberg@example.se"]
    assert OutgoingEmail.objects.filter(kind="anteckning").count() == 1
    page = client.get(
        reverse("idelabbet:status", kwargs={"token": status_token(case.submission)})
    ).content.decode()
    assert "Välkommen på möte onsdag!" in page


def test_note_bodies_are_sanitised(ideas_index, people):
    case = make_case(ideas_index, coaches=[people["assigned"]])
    note = note_add(
        case=case,
        author=people["assigned"],
        body='<p onclick="x()">Hej <script>alert(1)</script><b>du</b></p><iframe src="x"></iframe>',
        visibility="team",
    )
    assert "script" not in note.body and "onclick" not in note.body and "iframe" not in note.body
    assert "<b>du</b>" in note.body


def test_an_empty_note_gets_a_clear_message_and_is_not_saved(client, ideas_index, people):
    case = make_case(ideas_index, coaches=[people["assigned"]])
    client.force_login(people["assigned"])
    response = client.post(
        reverse("idelabbet-arenden:note_add", args=[case.pk]),
        {"body": rich(""), "visibility": "team"},
    )
    assert response.status_code == 400
    assert "Skriv något i anteckningen." in response.content.decode()
    assert not Note.objects.exists()


def test_notes_become_read_only_to_their_author_when_the_case_closes(client, ideas_index, people):
    case = make_case(ideas_index, state=State.REALISING, coaches=[people["assigned"]])
    note = note_add(case=case, author=people["assigned"], body="<p>Före</p>", visibility="team")
    case_reset(case, state=State.CLOSED, coaches=[people["assigned"]])
    client.force_login(people["assigned"])
    url = reverse("idelabbet-arenden:note", args=[case.pk, note.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"body": rich("Efter"), "visibility": "team"})
    assert response.status_code in (302, 403)
    assert response.status_code == 403 or response["Location"] == reverse("wagtailadmin_home")
    note.refresh_from_db()
    assert "Före" in note.body


def test_a_notes_attachment_is_served_only_to_the_notes_readers_and_erased_with_the_data(
    client, ideas_index, people
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from idelabbet.models import NoteAttachment
    from idelabbet.services.cases import case_personal_data_erase

    case = make_case(ideas_index, state=State.COACHING, coaches=[people["assigned"]])
    client.force_login(people["assigned"])
    response = client.post(
        reverse("idelabbet-arenden:note_add", args=[case.pk]),
        {
            "body": rich("Budgetutkast bifogat"),
            "visibility": "team",
            "attachments": [
                SimpleUploadedFile("budget.pdf", b"%PDF-1.4 budget", "application/pdf")
            ],
        },
    )
    assert response.status_code == 302
    attachment = NoteAttachment.objects.get()
    url = reverse(
        "idelabbet-arenden:note_attachment", args=[case.pk, attachment.note_id, attachment.pk]
    )
    download = client.get(url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 budget"
    client.force_login(people["coach"])
    assert client.get(url).status_code == 404
    path = attachment.file.path
    case_personal_data_erase(case=case)
    assert not NoteAttachment.objects.exists()
    import os

    assert not os.path.exists(path)


def test_a_note_attachment_of_the_wrong_kind_gets_a_clear_message(client, ideas_index, people):
    from django.core.files.uploadedfile import SimpleUploadedFile

    case = make_case(ideas_index, coaches=[people["assigned"]])
    client.force_login(people["assigned"])
    response = client.post(
        reverse("idelabbet-arenden:note_add", args=[case.pk]),
        {
            "body": rich("Se bilaga"),
            "visibility": "team",
            "attachments": [SimpleUploadedFile("virus.exe", b"MZ", "application/octet-stream")],
        },
    )
    assert response.status_code == 400
    assert "”virus.exe” är inte en filtyp som kan bifogas" in response.content.decode()
    assert not Note.objects.exists()
