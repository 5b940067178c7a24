"""Every transition's side effects, checked through the admin views.

``EFFECTS`` is written by hand from the process (what a coach, the citizen
and the public should see after each step), not read from
``idelabbet.workflow``; the test walks ``workflow.TRANSITIONS`` and compares
what really happened (the case, the public idea page, the emails in the
outbox, the deadlines, the referral, the grant) with it. A transition missing
here, or an effect changed in the workflow, fails.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from idelabbet.models import Case, CaseDeadline, Organisation, OutgoingEmail, Referral
from idelabbet.services.cases import case_deadline_refresh
from idelabbet.services.cases.deadlines import deadline_start
from idelabbet.workflow import TRANSITIONS, transitions_from

from .conftest import case_reset, make_case, publish, status_token

pytestmark = pytest.mark.django_db

ALL_KINDS = {"forsta-kontakt", "beslut", "uppfoljning"}
# name → (from, to, public status afterwards, emails to the citizen, deadline
# kinds stopped, extra form fields, referral recorded, grant recorded)
EFFECTS = {
    "kontakta": ("inkommen", "forsta-kontakt", "inkommen", [], {"forsta-kontakt"}, {}, 0, None),
    "coacha": ("forsta-kontakt", "coachning", "coachning", [], set(), {}, 0, None),
    "ansokan": ("coachning", "ansokan", "inkommen", [], set(), {}, 0, None),
    "besluta": (
        "ansokan",
        "beslut",
        "inkommen",
        ["beslut"],
        {"beslut"},
        {"grant_decision": "beviljad", "grant_amount": "7500"},
        0,
        ("beviljad", 7500),
    ),
    "genomfor": ("beslut", "genomfors", "genomfors", [], set(), {}, 0, None),
    "avsluta": (
        "genomfors",
        "avslutat",
        "genomford",
        [],
        ALL_KINDS,
        {"outcome": "forening"},
        0,
        None,
    ),
    "hanvisa": (
        "coachning",
        "hanvisat",
        "avslutad",
        [],
        ALL_KINDS,
        {"organisation": "ORG"},
        1,
        None,
    ),
    "avboj": (
        "ansokan",
        "avbojt",
        "avslutad",
        ["avbojt"],
        ALL_KINDS,
        {"reason": "Idén ligger utanför kommunens ansvar."},
        0,
        None,
    ),
    "ateroppna": ("avbojt", "coachning", "coachning", [], set(), {}, 0, None),
}


def test_every_transition_of_the_workflow_has_its_expected_effects():
    assert {t.name for t in TRANSITIONS if not t.by_citizen} == set(EFFECTS)


def _with_all_deadlines(case):
    # One open deadline of every kind, so we see which the transition stops.
    now = timezone.now()
    CaseDeadline.objects.filter(case=case).delete()
    for days, kind in ((1, "forsta-kontakt"), (5, "beslut"), (9, "uppfoljning")):
        deadline_start(case=case, kind=kind, due_at=now + timedelta(days=days), reason="Ring")
    return case_deadline_refresh(case=case)


@pytest.mark.parametrize("name", list(EFFECTS))
def test_a_transition_through_the_admin_has_exactly_its_effects(client, ideas_index, people, name):
    source, target, public, emails, stopped, fields, referrals, grant = EFFECTS[name]
    case = make_case(ideas_index, state=source, coaches=[people["assigned"]])
    idea = publish(case.submission)
    case = _with_all_deadlines(case)
    OutgoingEmail.objects.all().delete()
    if fields.get("organisation") == "ORG":
        fields = {
            **fields,
            "organisation": Organisation.objects.create(
                index=ideas_index, name="Odlarföreningen", kind="forening"
            ).pk,
        }
    client.force_login(people["lead"])
    page = client.get(reverse("idelabbet-arenden:case", args=[case.pk])).content.decode()
    assert reverse("idelabbet-arenden:transition", args=[case.pk, name]) in page
    response = client.post(
        reverse("idelabbet-arenden:transition", args=[case.pk, name]),
        {"version": case.version, "comment": "Enligt samtal", **fields},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    case = Case.objects.get(pk=case.pk)
    assert case.state == target
    # The public page says what the process says the public should see.
    idea.refresh_from_db()
    assert idea.public_status == public
    public_page = client.get(idea.url)
    assert public_page.status_code == 200
    label = dict(idea._meta.get_field("public_status").choices)[public]
    assert str(label) in public_page.content.decode()
    assert sorted(OutgoingEmail.objects.values_list("kind", flat=True)) == sorted(emails)
    open_kinds = set(
        CaseDeadline.objects.filter(case=case, stopped_at__isnull=True).values_list(
            "kind", flat=True
        )
    )
    assert open_kinds == ALL_KINDS - stopped
    assert Referral.objects.filter(case=case).count() == referrals
    assert (case.grant_decision or None, case.grant_amount_sek) == (grant or (None, None))
    # The coach sees the move and the comment in the timeline.
    page = client.get(reverse("idelabbet-arenden:case", args=[case.pk])).content.decode()
    assert "Enligt samtal" in page or fields.get("reason", "") in page


def test_the_citizen_withdrawing_ends_every_deadline_and_closes_the_public_status(
    client, ideas_index, people
):
    case = make_case(ideas_index, state="coachning", coaches=[people["assigned"]])
    idea = publish(case.submission)
    _with_all_deadlines(case)
    token = status_token(case.submission)
    response = client.post(
        reverse("idelabbet:status_withdraw", kwargs={"token": token}), {"confirm": "on"}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    idea.refresh_from_db()
    assert case.state == "aterkallat" and idea.public_status == "avslutad"
    assert not CaseDeadline.objects.filter(case=case, stopped_at__isnull=True).exists()


def test_a_declined_grant_needs_a_reason_which_the_citizen_reads_on_the_status_page(
    client, ideas_index, people
):
    case = make_case(ideas_index, state="ansokan", coaches=[people["assigned"]])
    client.force_login(people["assigned"])
    url = reverse("idelabbet-arenden:transition", args=[case.pk, "besluta"])
    refused = client.post(url, {"version": case.version, "grant_decision": "avslagen"})
    assert refused.status_code == 400
    assert "Skriv skälet till avslaget" in refused.content.decode()
    assert Case.objects.get(pk=case.pk).state == "ansokan"
    client.post(
        url,
        {"version": case.version, "grant_decision": "avslagen", "reason": "Budgeten saknas."},
    )
    case.refresh_from_db()
    assert (case.state, case.grant_decision, case.grant_reason) == (
        "beslut",
        "avslagen",
        "Budgeten saknas.",
    )
    status = client.get(
        reverse("idelabbet:status", kwargs={"token": status_token(case.submission)})
    )
    text = status.content.decode()
    assert "Beslut om er ansökan" in text and "Avslagen" in text and "Budgeten saknas." in text


def test_a_granted_amount_is_shown_to_the_citizen_with_the_languages_separator(
    client, ideas_index, people
):
    case = make_case(ideas_index, state="ansokan", coaches=[people["assigned"]])
    client.force_login(people["assigned"])
    client.post(
        reverse("idelabbet-arenden:transition", args=[case.pk, "besluta"]),
        {"version": case.version, "grant_decision": "beviljad", "grant_amount": "9500"},
    )
    status = client.get(
        reverse("idelabbet:status", kwargs={"token": status_token(case.submission)})
    )
    assert "Beviljad" in status.content.decode() and "9\xa0500 kronor" in status.content.decode()


def test_the_next_step_panel_offers_every_allowed_transition_sharing_one_comment(
    client, ideas_index, people
):
    case = make_case(ideas_index, state="coachning", coaches=[people["assigned"]])
    client.force_login(people["assigned"])
    page = client.get(reverse("idelabbet-arenden:case", args=[case.pk])).content.decode()
    panel = page[page.index('id="nasta-steg-rubrik"') :]
    panel = panel[: panel.index("</form>")]
    assert panel.count('name="comment"') == 1
    for transition in transitions_from("coachning"):
        assert f"/overgang/{transition.name}/" in panel
        assert str(transition.label) in panel


def test_reopening_keeps_the_stopped_deadlines_stopped(client, ideas_index, people):
    case = case_reset(
        make_case(ideas_index, state="avbojt", coaches=[people["assigned"]]),
        state="avbojt",
        coaches=[people["assigned"]],
    )
    CaseDeadline.objects.filter(case=case).update(stopped_at=timezone.now())
    client.force_login(people["lead"])
    client.post(
        reverse("idelabbet-arenden:transition", args=[case.pk, "ateroppna"]),
        {"version": Case.objects.get(pk=case.pk).version},
    )
    case.refresh_from_db()
    assert case.state == "coachning" and case.deadline_at is None
