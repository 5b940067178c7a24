"""The case pipeline: opening, transitions with guards and history, public status,
concurrency, the board and tenant isolation."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.test import TestCase
from django.urls import reverse

from idelabbet.models import Case, CaseTransition, IdeaIndexPage
from idelabbet.services.grants import snabb_slant_mark_complete
from idelabbet.services.submissions import submission_withdraw
from idelabbet.workflow import State
from tests.factories import UserFactory

from .conftest import case_reset, make_case, publish, status_token, submit
from .test_case_permissions import rich

pytestmark = pytest.mark.django_db


def _post_transition(client, case, name, **fields):
    case.refresh_from_db()
    data = {f"{name}-version": case.version}
    data.update({f"{name}-{k}": v for k, v in fields.items()})
    return client.post(reverse("idelabbet-arenden:transition", args=[case.pk, name]), data)


def test_every_submitted_idea_gets_a_received_case_with_a_first_contact_deadline(ideas_index):
    submission = submit(ideas_index)
    case = submission.case
    assert case.state == State.RECEIVED
    assert case.index_id == ideas_index.pk
    assert (case.deadline_at - submission.submitted_at).days == 5
    assert case.transitions.get().to_state == State.RECEIVED


def test_a_transition_is_recorded_and_the_public_status_follows(client, ideas_index, people):
    case = make_case(ideas_index, coaches=[people["assigned"]])
    idea = publish(case.submission)
    assert idea.public_status == "inkommen"
    client.force_login(people["assigned"])
    for name in ("kontakta", "coacha"):
        assert _post_transition(client, case, name, comment="Ringde upp").status_code == 302
    case.refresh_from_db()
    assert case.state == State.COACHING
    history = list(case.transitions.order_by("at", "pk"))
    assert [(t.from_state, t.to_state) for t in history[1:]] == [
        (State.RECEIVED, State.CONTACTED),
        (State.CONTACTED, State.COACHING),
    ]
    assert history[-1].user == people["assigned"] and history[-1].comment == "Ringde upp"
    page = client.get(idea.url).content.decode()
    assert "I coachning" in page
    # The moderator's next publish of the page keeps the case's status.
    idea.refresh_from_db()
    idea.get_latest_revision().publish()
    idea.refresh_from_db()
    assert idea.public_status == "coachning"


def test_closing_needs_an_outcome_and_a_realised_outcome_shows_as_realised(
    client, ideas_index, people
):
    case = make_case(ideas_index, state=State.REALISING, coaches=[people["assigned"]])
    idea = publish(case.submission)
    client.force_login(people["assigned"])
    response = _post_transition(client, case, "avsluta", outcome="")
    assert response.status_code == 400
    assert "Välj ett utfall för att avsluta ärendet." in response.content.decode()
    assert Case.objects.get(pk=case.pk).state == State.REALISING
    _post_transition(client, case, "avsluta", outcome="forening")
    case.refresh_from_db()
    assert case.state == State.CLOSED and case.outcome == "forening"
    idea.refresh_from_db()
    assert idea.public_status == "genomford"


def test_declining_needs_a_reason_which_is_emailed_and_shown_to_the_citizen(
    client, ideas_index, people, immediate_tasks
):
    case = make_case(ideas_index, state=State.COACHING, coaches=[people["assigned"]])
    client.force_login(people["assigned"])
    response = _post_transition(client, case, "avboj", reason="  ")
    assert response.status_code == 400
    assert "Skriv ett skäl" in response.content.decode()
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        _post_transition(client, case, "avboj", reason="Idén ligger utanför kommunens ansvar.")
    case.refresh_from_db()
    assert case.state == State.DECLINED
    declined = [m for m in mail.outbox if "Besked om din idé" in m.subject]
    assert len(declined) == 1
    assert "Idén ligger utanför kommunens ansvar." in declined[0].body
    status_page = client.get(
        reverse("idelabbet:status", kwargs={"token": status_token(case.submission)})
    ).content.decode()
    assert "Idén ligger utanför kommunens ansvar." in status_page


def test_snabb_slant_case_is_decided_only_once_its_application_is_complete(
    client, ideas_index, people
):
    from idelabbet.services.grants import BudgetLine, GroupMember, snabb_slant_apply

    case = make_case(ideas_index, state=State.APPLICATION, coaches=[people["assigned"]])
    application = snabb_slant_apply(
        submission=case.submission,
        activity_what="Loppis",
        activity_when="Lördag",
        activity_where="Torget",
        activity_for_whom="Alla",
        contacted_idelabbet=True,
        persons=[GroupMember(name=f"Person {n}", contact="070-000 00 00") for n in range(3)],
        budget=[BudgetLine(description="Bord", amount_sek=500)],
    )
    client.force_login(people["assigned"])
    page = client.get(reverse("idelabbet-arenden:case", args=[case.pk])).content.decode()
    assert 'id="spärr-besluta"' in page  # the button says why it would be refused
    response = _post_transition(client, case, "besluta")
    assert response.status_code == 400
    assert "inte markerad som fullständig" in response.content.decode()
    assert Case.objects.get(pk=case.pk).state == State.APPLICATION
    snabb_slant_mark_complete(application=application, user=people["assigned"])
    case.refresh_from_db()
    assert case.deadline_kind == "beslut"
    assert case.deadline_at == application.__class__.objects.get().decision_due_at
    assert _post_transition(client, case, "besluta").status_code == 302
    assert Case.objects.get(pk=case.pk).state == State.DECIDED


def test_the_citizen_withdrawing_moves_the_case_to_withdrawn(client, ideas_index, people):
    case = make_case(ideas_index, state=State.COACHING, coaches=[people["assigned"]])
    submission_withdraw(submission=case.submission)
    case.refresh_from_db()
    assert case.state == State.WITHDRAWN
    last = case.transitions.order_by("-pk").first()
    assert last.name == "aterkalla" and last.user is None


def test_the_withdraw_transition_cannot_be_taken_from_the_admin(client, ideas_index, people):
    case = make_case(ideas_index, state=State.COACHING, coaches=[people["assigned"]])
    client.force_login(people["lead"])
    response = _post_transition(client, case, "aterkalla")
    assert response.status_code == 404
    assert Case.objects.get(pk=case.pk).state == State.COACHING


def test_two_coaches_moving_the_same_case_at_once_one_wins_the_other_sees_the_change(
    client, ideas_index, people
):
    from django.test import Client

    case = make_case(ideas_index, coaches=[people["assigned"], people["assigned2"]])
    seen_version = case.version
    first, second = client, Client()
    first.force_login(people["assigned"])
    second.force_login(people["assigned2"])
    url = reverse("idelabbet-arenden:transition", args=[case.pk, "kontakta"])
    response = first.post(url, {"kontakta-version": seen_version})
    assert response.status_code == 302
    # The second coach's form still carries the version they saw.
    url = reverse("idelabbet-arenden:transition", args=[case.pk, "avboj"])
    response = second.post(url, {"avboj-version": seen_version, "avboj-reason": "Passar inte"})
    assert response.status_code == 302
    page = second.get(response["Location"]).content.decode()
    assert "Ärendet har ändrats av någon annan" in page
    assert "Första kontakt" in page
    case.refresh_from_db()
    assert case.state == State.CONTACTED
    assert not CaseTransition.objects.filter(case=case, to_state=State.DECLINED).exists()


def test_concurrent_assignment_is_refused_not_overwritten(client, ideas_index, people):
    case = make_case(ideas_index, coaches=[people["assigned"]])
    client.force_login(people["lead"])
    url = reverse("idelabbet-arenden:assign", args=[case.pk])
    old = case.version
    client.post(url, {"version": old, "coaches": [people["assigned2"].pk]})
    response = client.post(url, {"version": old, "coaches": [people["coach"].pk]})
    assert response.status_code == 302
    assert list(Case.objects.get(pk=case.pk).coaches.all()) == [people["assigned2"]]


def test_assigning_a_coach_gives_them_the_case_at_once(client, ideas_index, people):
    case = make_case(ideas_index, state=State.COACHING, coaches=[people["assigned"]])
    client.force_login(people["coach"])
    note_url = reverse("idelabbet-arenden:note_add", args=[case.pk])
    transition_url = reverse("idelabbet-arenden:transition", args=[case.pk, "ansokan"])
    assert client.post(transition_url, {"ansokan-version": case.version}).status_code == 302
    assert Case.objects.get(pk=case.pk).state == State.COACHING  # refused
    client.force_login(people["lead"])
    client.post(
        reverse("idelabbet-arenden:assign", args=[case.pk]),
        {"version": case.version, "coaches": [people["assigned"].pk, people["coach"].pk]},
    )
    client.force_login(people["coach"])
    case.refresh_from_db()
    client.post(transition_url, {"ansokan-version": case.version})
    assert Case.objects.get(pk=case.pk).state == State.APPLICATION
    assert client.post(note_url, {"body": rich("Hej"), "visibility": "team"}).status_code == 302


def test_only_the_municipalitys_coaches_can_be_assigned(client, ideas_index, people):
    outsider = UserFactory(username="utomstaende", groups=["Jönköping forumarrangörer"])
    case = make_case(ideas_index)
    client.force_login(people["lead"])
    response = client.post(
        reverse("idelabbet-arenden:assign", args=[case.pk]),
        {"version": case.version, "coaches": [outsider.pk]},
    )
    assert response.status_code == 400
    assert not case.coaches.exists()


def test_contact_details_are_shown_only_to_those_who_may_see_them(client, ideas_index, people):
    case = make_case(ideas_index, coaches=[people["assigned"]])
    url = reverse("idelabbet-arenden:case", args=[case.pk])
    client.force_login(people["assigned"])
    assert "hedda.sjoberg@example.se" in client.get(url).content.decode()
    client.force_login(people["moderator"])
    page = client.get(url).content.decode()
    assert "hedda.sjoberg@example.se" not in page
    assert "inte behörighet att se idébärarens kontaktuppgifter" in page


@pytest.fixture
def jonkoping_index(jonkoping):
    coaches = Group.objects.create(name="Jönköping coacher")
    from django.contrib.auth.models import Permission

    coaches.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="access_caseboard"),
    )
    index = jonkoping.root_page.add_child(
        instance=IdeaIndexPage(title="Idéer", slug="ideer", coach_group=coaches)
    )
    index.save_revision().publish()
    return IdeaIndexPage.objects.get(pk=index.pk)


def test_coaches_never_see_another_municipalitys_cases(
    client, ideas_index, jonkoping_index, people
):
    ekero_case = make_case(ideas_index, title="Ekerös idé")
    jonkoping_case = make_case(jonkoping_index, title="Jönköpings idé")
    jonkoping_coach = UserFactory(
        username="coach.jkpg", first_name="Jöns", last_name="Jönsson", groups=["Jönköping coacher"]
    )

    client.force_login(people["coach"])
    board = client.get(reverse("idelabbet-arenden:index") + "?alla=1").content.decode()
    assert "Ekerös idé" in board and "Jönköpings idé" not in board
    # Nor are the other municipality's coaches offered in the coach filter.
    assert "Jöns Jönsson" not in board and people["assigned"].get_full_name() in board
    url = reverse("idelabbet-arenden:case", args=[jonkoping_case.pk])
    assert client.get(url).status_code == 404

    client.force_login(jonkoping_coach)
    board = client.get(reverse("idelabbet-arenden:index") + "?alla=1").content.decode()
    assert "Jönköpings idé" in board and "Ekerös idé" not in board
    assert client.get(reverse("idelabbet-arenden:case", args=[ekero_case.pk])).status_code == 404

    superuser = UserFactory(username="super", is_superuser=True)
    superuser.save()  # the factory saves the password hash only with groups
    client.force_login(superuser)
    board = client.get(reverse("idelabbet-arenden:index") + "?alla=1").content.decode()
    assert "Jönköpings idé" in board and "Ekerös idé" in board


def test_the_board_shows_my_cases_by_default_sorted_by_nearest_deadline(
    client, ideas_index, people
):
    from datetime import timedelta

    from django.utils import timezone

    later = make_case(ideas_index, coaches=[people["assigned"]], title="Senare idé")
    sooner = make_case(ideas_index, coaches=[people["assigned"]], title="Tidigare idé")
    make_case(ideas_index, coaches=[people["coach"]], title="Någon annans idé")
    Case.objects.filter(pk=later.pk).update(deadline_at=timezone.now() + timedelta(days=4))
    Case.objects.filter(pk=sooner.pk).update(deadline_at=timezone.now() - timedelta(days=1))
    client.force_login(people["assigned"])
    board = client.get(reverse("idelabbet-arenden:index")).content.decode()
    assert "Någon annans idé" not in board
    assert board.index("Tidigare idé") < board.index("Senare idé")
    overdue = client.get(reverse("idelabbet-arenden:index") + "?forsenade=1").content.decode()
    assert "Tidigare idé" in overdue and "Senare idé" not in overdue
    soon = client.get(reverse("idelabbet-arenden:index") + "?snart=1").content.decode()
    assert "Senare idé" in soon and "Tidigare idé" not in soon
    text = client.get(reverse("idelabbet-arenden:index") + "?q=senare").content.decode()
    assert "Senare idé" in text and "Tidigare idé" not in text
    everyone = client.get(reverse("idelabbet-arenden:index") + "?alla=1").content.decode()
    assert "Någon annans idé" in everyone


def _board_queries(client, ideas_index, people, count, total):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for n in range(count):
        make_case(
            ideas_index,
            state=[State.RECEIVED, State.COACHING, State.CLOSED][n % 3],
            coaches=[people["assigned"], people["assigned2"]],
            title=f"Idé {n}",
        )
    client.force_login(people["assigned"])
    url = reverse("idelabbet-arenden:index")
    client.get(url)  # warm caches (content types, site)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.content.decode().count('class="case-card"') == total
    return len(queries)


def test_the_board_makes_as_many_queries_for_two_cases_as_for_twelve(
    client, ideas_index, people, django_assert_num_queries
):
    few = _board_queries(client, ideas_index, people, 2, total=2)
    many = _board_queries(client, ideas_index, people, 10, total=12)
    assert few == many
    with django_assert_num_queries(few):
        client.get(reverse("idelabbet-arenden:index"))


def test_the_board_filters_by_theme_coach_and_young_people(client, ideas_index, people):
    make_case(ideas_index, coaches=[people["assigned"]], title="Ungdomsidé", for_young_people=True)
    make_case(ideas_index, coaches=[people["assigned2"]], title="Kulturidé", theme="kultur")
    client.force_login(people["lead"])
    index = reverse("idelabbet-arenden:index")
    young = client.get(index + "?alla=1&unga=1").content.decode()
    assert "Ungdomsidé" in young and "Kulturidé" not in young
    culture = client.get(index + "?alla=1&tema=kultur").content.decode()
    assert "Kulturidé" in culture and "Ungdomsidé" not in culture
    by_coach = client.get(index + f"?alla=1&coach={people['assigned2'].pk}").content.decode()
    assert "Kulturidé" in by_coach and "Ungdomsidé" not in by_coach
    # The lead is assigned to nothing: "my cases" is empty.
    mine = client.get(index).content.decode()
    assert "Kulturidé" not in mine and "Ungdomsidé" not in mine


def test_case_principals_follow_the_state_and_the_team(ideas_index, people):
    from idelabbet.selectors.cases import case_principals

    case = make_case(ideas_index, state=State.COACHING, coaches=[people["assigned"]])
    principals = case_principals(case=case)
    assert principals.user_ids == {people["assigned"].pk}
    assert principals.group_ids == {
        ideas_index.coach_group_id,
        ideas_index.lead_group_id,
        ideas_index.moderator_group_id,
    }
    case = case_reset(case, state=State.COACHING, coaches=[people["assigned2"]])
    assert case_principals(case=case).user_ids == {people["assigned2"].pk}


def test_a_long_column_shows_its_nearest_deadlines_and_opens_in_full(
    client, ideas_index, people, monkeypatch
):
    monkeypatch.setattr("idelabbet.selectors.cases.PER_COLUMN", 2)
    monkeypatch.setattr("idelabbet.selectors.cases.PER_PAGE", 2)
    for n in range(3):
        make_case(ideas_index, coaches=[people["assigned"]], title=f"Idé nummer {n}")
    client.force_login(people["assigned"])
    index = reverse("idelabbet-arenden:index")
    board = client.get(index).content.decode()
    assert board.count('class="case-card"') == 2
    assert "Visa alla 3 i Inkommen" in board
    first = client.get(index + "?lage=inkommen").content.decode()
    assert "Idé nummer 0" in first and "Idé nummer 2" not in first and "sida=2" in first
    second = client.get(index + "?lage=inkommen&sida=2").content.decode()
    assert "Idé nummer 2" in second and "Idé nummer 0" not in second and "sida=3" not in second


def test_a_transition_queues_the_published_ideas_catalog_entry(client, ideas_index, people):
    from search.models import CatalogOutbox

    case = make_case(ideas_index, coaches=[people["assigned"]])
    idea = publish(case.submission)
    CatalogOutbox.objects.all().delete()
    client.force_login(people["assigned"])
    _post_transition(client, case, "kontakta")
    _post_transition(client, case, "coacha")
    assert CatalogOutbox.objects.filter(object_pk=str(idea.pk)).exists()
