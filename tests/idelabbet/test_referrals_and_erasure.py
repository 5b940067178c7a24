"""Referrals to the directory of organisations, and erasing personal data."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from idelabbet.models import (
    Case,
    CaseTransition,
    CitizenAddition,
    CoInitiator,
    IdeaSubmission,
    Note,
    NoteRevision,
    Organisation,
    Referral,
    SnabbSlantPerson,
)
from idelabbet.services.erasure import cases_anonymise_due
from idelabbet.services.notes import note_add
from idelabbet.services.submissions import submission_information_add
from idelabbet.workflow import State

from .conftest import make_case, status_token
from .test_case_permissions import rich
from .test_deadlines import _apply

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisations(ideas_index):
    public = Organisation.objects.create(
        index=ideas_index,
        name="Mälaröarnas odlarförening",
        kind="forening",
        themes=["naturvard"],
        contact="odla@example.se",
        is_public=True,
    )
    hidden = Organisation.objects.create(
        index=ideas_index, name="Kommunens fritidsenhet", kind="forvaltning", is_public=False
    )
    return public, hidden


def test_referring_a_case_records_the_organisation_and_why_on_the_timeline(
    client, ideas_index, people, organisations
):
    public, _ = organisations
    case = make_case(ideas_index, state=State.COACHING, coaches=[people["assigned"]])
    client.force_login(people["assigned"])
    response = client.post(
        reverse("idelabbet-arenden:transition", args=[case.pk, "hanvisa"]),
        {
            "version": case.version,
            "organisation": public.pk,
            "comment": "De har odlingslotter lediga.",
        },
    )
    assert response.status_code == 302
    referral = Referral.objects.get(case=case)
    assert referral.organisation == public and referral.user == people["assigned"]
    assert Case.objects.get(pk=case.pk).state == State.REFERRED
    page = client.get(reverse("idelabbet-arenden:case", args=[case.pk])).content.decode()
    assert "Hänvisat till" in page and "Mälaröarnas odlarförening" in page


def test_a_case_cannot_be_referred_to_another_municipalitys_organisation(
    client, ideas_index, people, jonkoping
):
    from idelabbet.models import IdeaIndexPage

    other_index = jonkoping.root_page.add_child(instance=IdeaIndexPage(title="Idéer", slug="ideer"))
    foreign = Organisation.objects.create(index=other_index, name="Annan förening", kind="forening")
    case = make_case(ideas_index, state=State.COACHING, coaches=[people["assigned"]])
    client.force_login(people["assigned"])
    response = client.post(
        reverse("idelabbet-arenden:transition", args=[case.pk, "hanvisa"]),
        {"version": case.version, "organisation": foreign.pk},
    )
    assert response.status_code == 400
    assert not Referral.objects.exists()
    assert Case.objects.get(pk=case.pk).state == State.COACHING


def test_only_public_organisations_are_listed_on_the_site(client, ideas_index, organisations):
    page = client.get(reverse("idelabbet:organisations")).content.decode()
    assert "Mälaröarnas odlarförening" in page and "odla@example.se" in page
    assert "Kommunens fritidsenhet" not in page
    other_site = client.get(reverse("idelabbet:organisations"), HTTP_HOST="jonkoping.localhost")
    assert other_site.status_code == 404


def _full_case(ideas_index, people, organisations):
    case = make_case(ideas_index, state=State.COACHING, coaches=[people["assigned"]])
    _apply(case)
    submission_information_add(submission=case.submission, body="Ring mig på 070-999 88 77")
    note_add(
        case=case, author=people["assigned"], body="<p>Hedda bor på Adelsö</p>", visibility="team"
    )
    Referral.objects.create(
        case=case, organisation=organisations[0], reason="Hedda vill odla", user=people["assigned"]
    )
    CaseTransition.objects.create(
        case=case, name="x", to_state=State.COACHING, comment="Hedda ringde"
    )
    return case


def _assert_no_personal_data(case):
    submission = IdeaSubmission.objects.get(pk=case.submission_id)
    assert (submission.name, submission.email, submission.phone) == ("", "", "")
    assert submission.personal_data_erased_at is not None
    assert not CoInitiator.objects.filter(submission=submission).exists()
    assert not CitizenAddition.objects.filter(submission=submission).exists()
    assert not SnabbSlantPerson.objects.filter(application__submission=submission).exists()
    assert not NoteRevision.objects.filter(note__case=case).exists()
    assert all(n.body == "" for n in Note.objects.filter(case=case))
    assert not CaseTransition.objects.filter(case=case).exclude(comment="").exists()
    assert not Referral.objects.filter(case=case).exclude(reason="").exists()
    # The anonymous case remains for statistics.
    assert Case.objects.filter(pk=case.pk).exists()


def test_the_lead_erases_the_citizens_personal_data_from_the_case_page(
    client, ideas_index, people, organisations
):
    case = _full_case(ideas_index, people, organisations)
    token = status_token(case.submission)
    url = reverse("idelabbet-arenden:erase", args=[case.pk])
    client.force_login(people["assigned"])
    response = client.post(url, {"confirm": "1"})
    assert response.status_code in (302, 403)
    assert IdeaSubmission.objects.get(pk=case.submission_id).email == "hedda.sjoberg@example.se"
    client.force_login(people["lead"])
    response = client.post(url, {})
    assert IdeaSubmission.objects.get(pk=case.submission_id).email  # not confirmed
    response = client.post(url, {"confirm": "1"})
    assert response.status_code == 302
    _assert_no_personal_data(case)
    page = client.get(reverse("idelabbet-arenden:case", args=[case.pk])).content.decode()
    for text in ("Hedda", "hedda.sjoberg", "070-765 43 21", "070-999 88 77", "Adelsö"):
        assert text not in page
    assert client.get(reverse("idelabbet:status", kwargs={"token": token})).status_code == 404


def test_ended_cases_are_anonymised_after_the_configured_time(ideas_index, people, organisations):
    old = _full_case(ideas_index, people, organisations)
    recent = make_case(ideas_index, state=State.CLOSED, coaches=[people["assigned"]])
    still_open = make_case(ideas_index, state=State.COACHING, coaches=[people["assigned"]])
    now = timezone.now()
    Case.objects.filter(pk=old.pk).update(state=State.CLOSED, closed_at=now - timedelta(days=740))
    Case.objects.filter(pk=recent.pk).update(closed_at=now - timedelta(days=300))
    assert cases_anonymise_due(now=now) == 1
    assert cases_anonymise_due(now=now) == 0
    _assert_no_personal_data(old)
    for case in (recent, still_open):
        assert IdeaSubmission.objects.get(pk=case.submission_id).email
    ideas_index.anonymise_after_months = 6
    ideas_index.save()
    assert cases_anonymise_due(now=now) == 1
    assert not IdeaSubmission.objects.get(pk=recent.submission_id).email


def test_a_note_form_without_text_keeps_the_case_unchanged(client, ideas_index, people):
    case = make_case(ideas_index, coaches=[people["assigned"]])
    client.force_login(people["assigned"])
    client.post(
        reverse("idelabbet-arenden:note_add", args=[case.pk]),
        {"body": rich("   "), "visibility": "team"},
    )
    assert not Note.objects.exists()
