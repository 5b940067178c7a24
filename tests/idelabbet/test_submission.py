import io
import re
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from idelabbet.models import IdeaAttachment, IdeaPage, IdeaSubmission
from tests.idelabbet.conftest import idea_data

pytestmark = pytest.mark.django_db

URL = "/idelabbet/skicka-in/"


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "green").save(buffer, format="PNG")
    return buffer.getvalue()


def test_the_form_has_every_field_with_a_label_and_a_privacy_link(client, ideas_index, sites):
    privacy = ideas_index.get_parent().add_child(
        instance=IdeaPage.__base__(title="Personuppgifter", slug="personuppgifter")
    )
    privacy.save_revision().publish()
    ideas_index.privacy_page = privacy
    ideas_index.save_revision().publish()
    html = client.get(URL).text
    for label in (
        "Idéns namn",
        "Vad är idén och vem har nytta av den?",
        "Tema",
        "Vilken hjälp vill du ha?",
        "Idén drivs av unga",
        "Ditt namn",
        "Din e-postadress",
        "Telefonnummer (frivilligt)",
        "Bilagor (frivilligt)",
        "Jag samtycker",
        "Världsarv",
        "Kontakter och nätverk",
    ):
        assert label in html, label
    assert 'href="/personuppgifter/"' in html
    assert 'name="form_key"' in html
    assert 'enctype="multipart/form-data"' in html
    assert "personnummer" in html  # tells people it is never asked for


def test_submitting_creates_a_draft_page_and_a_private_record(client, ideas_index):
    response = client.post(URL, idea_data())
    assert response.status_code == 302
    assert response["Location"] == "/idelabbet/skicka-in/tack/"
    idea = IdeaPage.objects.get()
    assert idea.get_parent().pk == ideas_index.pk
    assert not idea.live
    assert idea.title == "Språkcafé i Stenhamra"
    assert idea.theme == "integration"
    assert idea.help_wanted == ["coachning", "lokaler"]
    assert idea.public_status == "inkommen"
    assert idea.workflow_in_progress
    submission = IdeaSubmission.objects.get()
    assert submission.idea_id == idea.pk
    assert (submission.name, submission.email, submission.phone) == (
        "Alva Lindqvist",
        "alva.lindqvist@example.se",
        "070-123 45 67",
    )
    assert submission.consent_at is not None
    assert [(p.name, p.email) for p in submission.co_initiators.all()] == [
        ("Nils Ek", "nils.ek@example.se")
    ]
    # The page itself holds no personal data at all.
    page_values = " ".join(
        str(v) for v in IdeaPage.objects.filter(pk=idea.pk).values().get().values()
    )
    for personal in ("Alva", "alva.lindqvist", "070-123", "Nils Ek"):
        assert personal not in page_values
    done = client.get(response["Location"])
    assert "Tack för din idé!" in done.text
    assert "Språkcafé i Stenhamra" in done.text


def test_a_double_click_or_resent_form_creates_one_idea(client, ideas_index):
    data = idea_data()
    first = client.post(URL, data)
    second = client.post(URL, data)
    assert first.status_code == second.status_code == 302
    assert IdeaPage.objects.count() == 1
    assert IdeaSubmission.objects.count() == 1


def test_two_different_forms_create_two_ideas(client, ideas_index):
    client.post(URL, idea_data())
    client.post(URL, idea_data(title="Sycafé"))
    assert IdeaPage.objects.count() == 2


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "", "Fyll i det här fältet."),
        ("summary", "", "Fyll i det här fältet."),
        ("theme", "", "Välj ett tema."),
        ("theme", "astrologi", "Välj ett giltigt alternativ"),
        ("name", "", "Fyll i det här fältet."),
        ("email", "", "Fyll i det här fältet."),
        ("email", "inte-en-adress", "Skriv en e-postadress, till exempel namn@exempel.se."),
        ("phone", "ring mig", "Skriv ett telefonnummer med siffror"),
        ("consent", None, "Du behöver samtycka"),
        ("title", "x" * 121, "Högst 120 tecken (du har skrivit 121)."),
        ("summary", "Mitt personnummer är 811228-9874.", "Skriv inte personnummer här."),
        ("med-1-name", "Tove Berg", "Skriv e-postadressen till Tove Berg."),
        ("med-2-email", "tove@example.se", "Skriv namnet på den som har den här e-postadressen."),
    ],
)
def test_each_error_is_shown_in_swedish_and_nothing_typed_is_lost(
    client, ideas_index, field, value, message
):
    data = idea_data(**{field: value})
    if value is None:
        data.pop(field, None)
    response = client.post(URL, data)
    assert response.status_code == 200
    assert IdeaPage.objects.count() == 0
    html = response.text
    assert message in html
    assert "Något behöver rättas" in html
    # The error sits next to its field and is tied to it.
    assert 'aria-invalid="true"' in html
    assert "_error" in html
    # What was typed is still there.
    if field != "summary":
        assert "Ett språkcafé varje torsdag" in html
    if field != "name":
        assert 'value="Alva Lindqvist"' in html
    assert re.search(r'value="coachning"[^>]*checked', html)


def test_an_error_says_the_attachment_must_be_chosen_again(client, ideas_index):
    upload = SimpleUploadedFile("plan.pdf", b"%PDF-1.4 en plan", content_type="application/pdf")
    response = client.post(URL, {**idea_data(title=""), "attachments": [upload]})
    assert response.status_code == 200
    assert "Välj dem igen" in response.text
    assert IdeaAttachment.objects.count() == 0


def test_pdf_and_image_attachments_are_kept_privately(client, ideas_index):
    pdf = SimpleUploadedFile("plan.pdf", b"%PDF-1.4 en plan", content_type="application/pdf")
    png = SimpleUploadedFile("skiss.png", png_bytes(), content_type="image/png")
    response = client.post(URL, {**idea_data(), "attachments": [pdf, png]})
    assert response.status_code == 302
    names = sorted(IdeaAttachment.objects.values_list("original_name", flat=True))
    assert names == ["plan.pdf", "skiss.png"]
    stored = IdeaAttachment.objects.first().file.name
    assert "plan" not in stored and "skiss" not in stored


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.exe", b"MZ...", "”virus.exe” är varken en PDF eller en bild (JPG, PNG)."),
        (
            "fejk.pdf",
            b"<html>inte en pdf</html>",
            "”fejk.pdf” ser inte ut att vara en riktig PDF-fil.",
        ),
        ("fejk.png", b"%PDF-1.4", "”fejk.png” ser inte ut att vara en riktig PNG-fil."),
    ],
)
def test_wrong_type_attachments_are_refused_clearly(client, ideas_index, name, content, message):
    upload = SimpleUploadedFile(name, content)
    response = client.post(URL, {**idea_data(), "attachments": [upload]})
    assert response.status_code == 200
    assert message in response.text
    assert IdeaPage.objects.count() == 0


def test_oversized_attachments_are_refused_clearly(client, ideas_index, settings):
    settings.IDELABBET_MAX_ATTACHMENT_BYTES = 1024
    upload = SimpleUploadedFile("stor.pdf", b"%PDF-" + b"0" * 2000)
    response = client.post(URL, {**idea_data(), "attachments": [upload]})
    assert response.status_code == 200
    assert "”stor.pdf” är 2,0\xa0kB. En fil får vara högst 1,0\xa0kB." in response.text
    assert IdeaPage.objects.count() == 0


def test_too_many_attachments_are_refused(client, ideas_index, settings):
    settings.IDELABBET_MAX_ATTACHMENTS = 1
    files = [SimpleUploadedFile(f"{i}.pdf", b"%PDF-1.4") for i in range(2)]
    response = client.post(URL, {**idea_data(), "attachments": files})
    assert "Du kan bifoga högst 1 filer." in response.text
    assert IdeaPage.objects.count() == 0


def test_html_typed_into_the_form_is_shown_as_text(client, ideas_index):
    data = idea_data(title="<script>alert(1)</script>", summary="<b>fet</b>")
    response = client.post(URL, {**data, "email": "fel"})
    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text


def test_the_honeypot_stores_nothing_and_looks_like_success(client, ideas_index):
    response = client.post(URL, idea_data(webbplats="http://spam.example"))
    assert response.status_code == 302
    assert IdeaPage.objects.count() == 0
    assert IdeaSubmission.objects.count() == 0


def test_the_rate_limit_stops_bulk_submissions_from_one_address(client, ideas_index, settings):
    settings.IDELABBET_RATE_LIMITS = {"submit": (2, 3600)}
    for _ in range(2):
        assert client.post(URL, idea_data()).status_code == 302
    blocked = client.post(URL, idea_data(title="Den tredje"))
    assert blocked.status_code == 429
    assert "Vänta en stund och försök igen" in blocked.text
    assert "Den tredje" in blocked.text  # nothing typed is lost
    assert IdeaPage.objects.count() == 2
    # Another address is not bothered.
    other = client.post(URL, idea_data(), REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 302


def test_a_resent_form_is_not_counted_against_the_rate_limit(client, ideas_index, settings):
    settings.IDELABBET_RATE_LIMITS = {"submit": (1, 3600)}
    data = idea_data()
    assert client.post(URL, data).status_code == 302
    assert client.post(URL, data).status_code == 302
    assert IdeaPage.objects.count() == 1


def test_jonkoping_has_no_idea_form(client, ideas_index, jonkoping):
    response = client.get(URL, HTTP_HOST="jonkoping.localhost")
    assert response.status_code == 404


def test_the_form_key_is_fresh_on_each_visit(client, ideas_index):
    first = client.get(URL).context["form"].initial["form_key"]
    second = client.get(URL).context["form"].initial["form_key"]
    assert isinstance(first, uuid.UUID) and first != second


def test_a_person_row_can_be_added_without_javascript_and_nothing_is_lost(client, ideas_index):
    data = idea_data(**{"med-1-name": "Tove Berg", "med-1-email": "tove@example.se"})
    data["lagg_till_person"] = "1"
    response = client.post(URL, data)
    assert response.status_code == 200
    assert IdeaPage.objects.count() == 0
    html = response.text
    assert "Något behöver rättas" not in html
    assert 'name="med-3-name"' in html and 'name="med-4-name"' not in html
    assert 'value="Tove Berg"' in html and 'value="Nils Ek"' in html
    assert 'value="Alva Lindqvist"' in html
    assert re.search(r'value="lokaler"[^>]*checked', html)
    form_key = data["form_key"]
    assert f'value="{form_key}"' in html
    # Filling the new row and sending creates the idea with every co-initiator.
    final = {k: v for k, v in data.items() if k != "lagg_till_person"}
    final.update(
        {
            "med-TOTAL_FORMS": "4",
            "med-INITIAL_FORMS": "3",
            "med-3-name": "Frida Ek",
            "med-3-email": "frida@example.se",
        }
    )
    assert client.post(URL, final).status_code == 302
    names = sorted(IdeaSubmission.objects.get().co_initiators.values_list("name", flat=True))
    assert names == ["Frida Ek", "Nils Ek", "Tove Berg"]


def test_adding_a_row_says_chosen_files_must_be_chosen_again(client, ideas_index):
    upload = SimpleUploadedFile("plan.pdf", b"%PDF-1.4 en plan")
    response = client.post(URL, {**idea_data(), "lagg_till_person": "1", "attachments": [upload]})
    assert "Välj dem igen" in response.text


def test_the_form_is_available_in_english(client, ideas_index):
    html = client.get("/en" + URL).text
    assert "Submit an idea" in html
    assert "What is the idea and who benefits from it?" in html
    response = client.post("/en" + URL, idea_data(email="fel"))
    assert "Enter an email address" in response.text


@pytest.mark.django_db(transaction=True)
def test_two_ideas_with_the_same_title_submitted_at_once_are_both_stored(ideas_index):
    """The first submission's transaction is still open when the second starts.

    On PostgreSQL both used to choose the same free slug; the second then
    failed Wagtail's slug validation once the first committed (a server error
    for the citizen). (SQLite serializes writing transactions, so there the
    second simply waits.)
    """
    import threading
    import time

    from django.db import connection, transaction

    from tests.idelabbet.conftest import submit

    first_open = threading.Event()
    errors = []

    def first():
        try:
            with transaction.atomic():
                submit(ideas_index, title="Språkcafé i Stenhamra")
                first_open.set()
                time.sleep(1)  # the second submission arrives meanwhile
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
            first_open.set()
        finally:
            connection.close()

    def second():
        try:
            first_open.wait(10)
            submit(ideas_index, title="Språkcafé i Stenhamra")
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    slugs = sorted(
        IdeaPage.objects.filter(title="Språkcafé i Stenhamra").values_list("slug", flat=True)
    )
    assert slugs == ["sprakcafe-i-stenhamra", "sprakcafe-i-stenhamra-1"]
    assert IdeaSubmission.objects.count() == 2
