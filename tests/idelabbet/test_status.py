import pytest

from idelabbet.models import CitizenAddition, SnabbSlantApplication
from idelabbet.services.grants import BudgetLine, GroupMember, snabb_slant_apply
from idelabbet.services.submissions import (
    submission_status_link_renew,
    submission_status_link_revoke,
)
from tests.factories import UserFactory
from tests.idelabbet.conftest import publish, status_token, submit

pytestmark = pytest.mark.django_db


def url(submission, suffix=""):
    return f"/idelabbet/status/{status_token(submission)}/{suffix}"


def test_the_status_page_shows_the_idea_and_messages_shared_with_the_citizen(client, ideas_index):
    from idelabbet.services.notes import note_add

    submission = submit(ideas_index)
    coach = UserFactory(groups=["Ekerö coacher"])
    note_add(
        case=submission.case,
        author=coach,
        body="<p>Välkommen på träff tisdag kl 15!</p>",
        visibility="idebarare",
    )
    note_add(case=submission.case, author=coach, body="<p>Bara för oss</p>", visibility="coacher")
    response = client.get(url(submission))
    assert response.status_code == 200
    assert "Din idé: Dragkroksklubben" in response.text
    assert "Granskas" in response.text
    assert "Välkommen på träff tisdag kl 15!" in response.text
    assert "Bara för oss" not in response.text
    assert response["Referrer-Policy"] == "same-origin"  # the token never goes to another site
    publish(submission)
    assert "Inkommen" in client.get(url(submission)).text


@pytest.mark.parametrize("token", ["fel", "0" * 64, "x" * 300])
def test_a_wrong_token_answers_404(client, ideas_index, token):
    submit(ideas_index)
    assert client.get(f"/idelabbet/status/{token}/").status_code == 404
    assert client.get(f"/idelabbet/status/{token}/snabb-slant/").status_code == 404


def test_a_revoked_token_answers_404(client, ideas_index):
    submission = submit(ideas_index)
    old = url(submission)
    submission_status_link_revoke(submission=submission)
    assert client.get(old).status_code == 404
    assert client.post(old + "aterkalla/", {"confirm": "on"}).status_code == 404


def test_a_renewed_link_replaces_the_old_one(client, ideas_index):
    submission = submit(ideas_index)
    old = url(submission)
    submission_status_link_renew(submission=submission)
    submission.refresh_from_db()
    assert client.get(old).status_code == 404
    assert client.get(url(submission)).status_code == 200


def test_only_a_hash_of_the_token_is_stored(ideas_index):
    submission = submit(ideas_index)
    token = status_token(submission)
    from idelabbet.models import IdeaSubmission

    stored = " ".join(
        str(v) for v in IdeaSubmission.objects.filter(pk=submission.pk).values().get().values()
    )
    assert token not in stored


def test_the_citizen_can_add_information(client, ideas_index):
    submission = submit(ideas_index)
    empty = client.post(url(submission, "komplettera/"), {"body": ""})
    assert "Fyll i det här fältet." in empty.text
    response = client.post(
        url(submission, "komplettera/"), {"body": "<i>Vi har en lokal nu</i>"}, follow=True
    )
    assert "Tack! Vi har tagit emot det du lade till." in response.text
    assert "&lt;i&gt;Vi har en lokal nu&lt;/i&gt;" in response.text
    assert CitizenAddition.objects.get().body == "<i>Vi har en lokal nu</i>"


def test_withdrawing_needs_confirmation_and_unpublishes(client, ideas_index):
    submission = submit(ideas_index)
    idea = publish(submission)
    unconfirmed = client.post(url(submission, "aterkalla/"), {})
    assert "Kryssa i rutan för att återkalla idén." in unconfirmed.text
    assert client.get(idea.url).status_code == 200
    response = client.post(url(submission, "aterkalla/"), {"confirm": "on"}, follow=True)
    assert "Din idé är återkallad." in response.text
    assert "Återkallad av dig" in response.text
    idea.refresh_from_db()
    assert not idea.live
    assert client.get(idea.url).status_code == 404


def test_withdrawing_a_waiting_idea_takes_it_out_of_the_queue(client, ideas_index):
    submission = submit(ideas_index)
    client.post(url(submission, "aterkalla/"), {"confirm": "on"})
    submission.idea.refresh_from_db()
    assert not submission.idea.workflow_in_progress
    client.force_login(UserFactory(groups=["Ekerö moderatorer"]))
    assert "Dragkroksklubben" not in client.get("/admin/idelabbet-granskning/").text


def grant_data(persons=3, amounts=(4000, 3000), contacted=True, **extra):
    data = {
        "activity_what": "Loppis med reparationscafé",
        "activity_when": "Lördag 12 september kl 10–15",
        "activity_where": "Färentuna bygdegård",
        "activity_for_whom": "Alla som bor på Mälaröarna",
        "person-TOTAL_FORMS": "5",
        "person-INITIAL_FORMS": "0",
        "budget-TOTAL_FORMS": "5",
        "budget-INITIAL_FORMS": "0",
    }
    names = ["Hedda Sjöberg", "Ivar Holm", "Selma Ek", "Otto Berg", "Tyra Nyström"]
    for i in range(persons):
        data[f"person-{i}-name"] = names[i]
        data[f"person-{i}-contact"] = f"{names[i].split()[0].lower()}@example.se"
    for i, amount in enumerate(amounts):
        data[f"budget-{i}-description"] = f"Kostnad {i + 1}"
        data[f"budget-{i}-amount_sek"] = str(amount)
    if contacted:
        data["contacted_idelabbet"] = "on"
    data.update(extra)
    return data


def test_a_valid_snabb_slant_application_is_stored_with_its_time(client, ideas_index):
    submission = submit(ideas_index)
    form = client.get(url(submission, "snabb-slant/"))
    assert "Ansök om Snabb slant" in form.text
    response = client.post(url(submission, "snabb-slant/"), grant_data(), follow=True)
    assert "Er ansökan om Snabb slant är inskickad" in response.text
    application = SnabbSlantApplication.objects.get()
    assert application.submitted_at is not None
    assert application.completed_at is None
    assert application.persons.count() == 3
    assert application.total_sek == 7000
    assert "7000 kronor" in response.text


def test_snabb_slant_needs_at_least_three_persons(client, ideas_index):
    submission = submit(ideas_index)
    response = client.post(url(submission, "snabb-slant/"), grant_data(persons=2))
    assert "Ni behöver vara minst 3 privatpersoner (ni har angett 2)." in response.text
    assert 'value="Loppis' in response.text or "Loppis med reparationscafé" in response.text
    assert SnabbSlantApplication.objects.count() == 0


def test_snabb_slant_is_at_most_10000_kronor(client, ideas_index):
    submission = submit(ideas_index)
    response = client.post(url(submission, "snabb-slant/"), grant_data(amounts=(6000, 4001)))
    # Swedish groups thousands with a (non-breaking) space, as the page is read.
    message = "Budgeten är 10\xa0001 kronor. Snabb slant ger högst 10\xa0000 kronor."
    assert message in response.text
    assert SnabbSlantApplication.objects.count() == 0
    exact = client.post(url(submission, "snabb-slant/"), grant_data(amounts=(6000, 4000)))
    assert exact.status_code == 302
    assert SnabbSlantApplication.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"contacted_idelabbet": None}, "Kontakta Idélabbet först"),
        ({"activity_where": ""}, "Fyll i det här fältet."),
        ({"budget-0-amount_sek": "mycket"}, "Skriv beloppet i hela kronor, bara siffror."),
        ({"budget-0-amount_sek": ""}, "Skriv vad det kostar."),
        ({"person-0-contact": ""}, "Skriv hur vi når Hedda Sjöberg."),
    ],
)
def test_snabb_slant_field_errors(client, ideas_index, overrides, message):
    submission = submit(ideas_index)
    data = {k: v for k, v in grant_data(**overrides).items() if v is not None}
    response = client.post(url(submission, "snabb-slant/"), data)
    assert message in response.text
    assert SnabbSlantApplication.objects.count() == 0


def test_the_service_enforces_the_grant_rules_too(ideas_index):
    from django.core.exceptions import ValidationError

    submission = submit(ideas_index)
    with pytest.raises(ValidationError):
        snabb_slant_apply(
            submission=submission,
            activity_what="a",
            activity_when="b",
            activity_where="c",
            activity_for_whom="d",
            contacted_idelabbet=True,
            persons=[GroupMember(name="En", contact="en@example.se")] * 3,
            budget=[BudgetLine(description="x", amount_sek=10_001)],
        )


def test_a_coach_marks_an_application_complete_and_the_clock_starts(client, ideas_index):
    submission = submit(ideas_index)
    client.post(url(submission, "snabb-slant/"), grant_data())
    application = SnabbSlantApplication.objects.get()
    client.force_login(UserFactory(groups=["Ekerö coacher"]))
    inspect = client.get(f"/admin/idelabbet/snabb-slant/inspect/{application.pk}/")
    assert inspect.status_code == 200
    assert "Markera som fullständig" in inspect.text
    response = client.post(f"/admin/idelabbet/snabb-slant/{application.pk}/fullstandig/")
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.completed_at is not None
    assert (application.decision_due_at - application.completed_at).days == 21
    first = application.completed_at
    client.post(f"/admin/idelabbet/snabb-slant/{application.pk}/fullstandig/")
    application.refresh_from_db()
    assert application.completed_at == first  # the clock never restarts


@pytest.mark.parametrize("group", ["Jönköping moderatorer", "Ekerö moderatorer"])
def test_others_cannot_mark_an_application_complete(client, ideas_index, group):
    submission = submit(ideas_index)
    client.post(url(submission, "snabb-slant/"), grant_data())
    application = SnabbSlantApplication.objects.get()
    client.force_login(UserFactory(groups=[group]))
    client.post(f"/admin/idelabbet/snabb-slant/{application.pk}/fullstandig/")
    application.refresh_from_db()
    assert application.completed_at is None
