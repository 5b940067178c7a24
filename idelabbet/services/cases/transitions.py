"""The engine of the case workflow: opening a case and moving it.

``case_transition`` checks a transition's guard and runs its effects, as
``idelabbet.workflow.TRANSITIONS`` names them, in one transaction; this module
holds the one handler per kind of effect and no rule of its own.
"""

from datetime import timedelta

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from search.services import catalog_queue

from ...models import (
    Case,
    CaseTransition,
    IdeaIndexPage,
    IdeaPage,
    IdeaSubmission,
    Organisation,
    Referral,
)
from ...models.grants import MAX_AMOUNT_SEK, snabb_slant_amount_error
from ...permissions import case_policy
from ...workflow import (
    ENDED_STATES,
    TRANSITIONS_BY_NAME,
    Action,
    DeadlineKind,
    GrantDecision,
    Outcome,
    RecordGrant,
    RecordReferral,
    SendEmail,
    SetPublicStatus,
    State,
    StopDeadlines,
    Transition,
)
from ..emails import email_queue
from .deadlines import case_deadline_refresh, deadline_start, deadlines_stop
from .permissions import case_permissions_sync, permissions_insert


class CaseChanged(Exception):
    """Someone else changed the case since the form was shown."""


@transaction.atomic
def case_open(*, submission: IdeaSubmission, index: IdeaIndexPage) -> Case:
    """Open the case of a newly submitted idea, in the submission's transaction.

    Idempotent: a submission has one case. The first-contact deadline starts
    and the municipality's coaches, lead and moderators get their permissions.
    """
    existing = Case.objects.filter(submission=submission).first()
    if existing is not None:
        return existing
    due = submission.submitted_at + timedelta(days=index.first_contact_days)
    case = Case.objects.create(
        index=index,
        submission=submission,
        opened_at=submission.submitted_at,
        deadline_at=due,
        deadline_kind=DeadlineKind.FIRST_CONTACT,
    )
    deadline_start(case=case, kind=DeadlineKind.FIRST_CONTACT, due_at=due)
    CaseTransition.objects.create(case=case, name="oppna", to_state=State.RECEIVED)
    permissions_insert(index=index, cases=[case], teams={}, notes=[])
    catalog_queue(instances=[case])
    return case


def case_bump(case: Case, version: int | None) -> Case:
    """Check and bump the case's version: ``CaseChanged`` if someone else wrote first."""
    queryset = Case.objects.filter(pk=case.pk)
    if version is not None:
        queryset = queryset.filter(version=version)
    if not queryset.update(version=F("version") + 1):
        raise CaseChanged
    return Case.objects.select_related("index", "submission", "submission__idea").get(pk=case.pk)


def _fields_errors(transition: Transition, case: Case, fields: dict) -> dict[str, list[str]]:
    """What is missing or wrong for ``transition``, by the form field it belongs to."""
    errors: dict[str, list[str]] = {}

    def add(field: str, message) -> None:
        errors.setdefault(field, []).append(str(message))

    if "reason" in transition.requires and not fields["reason"]:
        add("reason", _("Skriv ett skäl. Det skickas till idébäraren."))
    if "outcome" in transition.requires and fields["outcome"] not in Outcome.values:
        add("outcome", _("Välj ett utfall för att avsluta ärendet."))
    if "grant" in transition.requires:
        decision, amount = fields["grant_decision"], fields["grant_amount"]
        if decision not in GrantDecision.values:
            add("grant_decision", _("Välj beslut: beviljad eller avslagen."))
        elif decision == GrantDecision.GRANTED and not (amount and amount > 0):
            add("grant_amount", _("Skriv det beviljade beloppet i kronor."))
        elif (
            decision == GrantDecision.GRANTED
            and amount > MAX_AMOUNT_SEK
            and case.submission.snabb_slant_applications.exists()
        ):
            add("grant_amount", snabb_slant_amount_error())
        elif decision == GrantDecision.DECLINED and not fields["reason"]:
            add("reason", _("Skriv skälet till avslaget. Det skickas till idébäraren."))
    organisation = fields["organisation"]
    if organisation is not None and organisation.index_id != case.index_id:
        add("organisation", _("Organisationen finns inte i kommunens register."))
    blocked = transition.blocked_reason(case)
    if blocked:
        add(NON_FIELD_ERRORS, blocked)
    return errors


# One handler per kind of effect: (case, effect, fields, user) → None.
def _set_public_status(case, effect: SetPublicStatus, fields, user) -> None:
    idea_id = case.submission.idea_id
    if not idea_id:
        return
    status = effect.for_outcome(case.outcome)
    IdeaPage.objects.filter(pk=idea_id).update(public_status=status)
    # ``IdeaPage.with_content_json`` keeps this value when a revision is
    # published later. The status is a facet of the idea's catalog entry, and
    # a queryset update sends no page signal: queue the entry here.
    page = IdeaPage.objects.filter(pk=idea_id, live=True).first()
    if page is not None:
        catalog_queue(instances=[page])


def _send_email(case, effect: SendEmail, fields, user) -> None:
    email_queue(submission=case.submission, kind=effect.kind)


def _stop_deadlines(case, effect: StopDeadlines, fields, user) -> None:
    deadlines_stop(case=case, kinds=effect.kinds)


def _record_referral(case, effect: RecordReferral, fields, user) -> None:
    if fields["organisation"] is not None:
        Referral.objects.create(
            case=case, organisation=fields["organisation"], reason=fields["comment"], user=user
        )


def _record_grant(case, effect: RecordGrant, fields, user) -> None:
    granted = fields["grant_decision"] == GrantDecision.GRANTED
    case.grant_decision = fields["grant_decision"]
    case.grant_amount_sek = fields["grant_amount"] if granted else None
    case.grant_reason = fields["reason"]
    case.grant_decided_at = timezone.now()
    case.save(
        update_fields=["grant_decision", "grant_amount_sek", "grant_reason", "grant_decided_at"]
    )


EFFECT_HANDLERS = {
    SetPublicStatus: _set_public_status,
    SendEmail: _send_email,
    StopDeadlines: _stop_deadlines,
    RecordReferral: _record_referral,
    RecordGrant: _record_grant,
}


@transaction.atomic
def case_transition(
    *,
    case: Case,
    user,
    name: str,
    version: int | None,
    comment: str = "",
    reason: str = "",
    outcome: str = "",
    organisation: Organisation | None = None,
    grant_decision: str = "",
    grant_amount: int | None = None,
) -> Case:
    """Move a case along a transition of the workflow, if its guard allows.

    The guard: ``user`` holds the ``transition`` action in the current state,
    the transition leaves that state, its required fields are given and its
    condition holds (e.g. Snabb slant needs a complete application).
    ``version`` is the version the user saw: if the case changed since,
    ``CaseChanged`` is raised and nothing is written. ``user=None`` is the
    citizen (only for transitions marked ``by_citizen``). The history entry,
    the transition's effects (in their order), the new permissions and the
    nearest deadline are written in the same transaction.
    """
    transition = TRANSITIONS_BY_NAME.get(name)
    if transition is None:
        raise ValidationError(_("Okänd övergång."))
    if user is None:
        if not transition.by_citizen:
            raise PermissionDenied
    elif transition.by_citizen or not case_policy.user_has_permission_for_instance(
        user, Action.TRANSITION, case, fresh=True
    ):
        raise PermissionDenied
    case = case_bump(case, version)
    if case.state not in transition.sources:
        raise CaseChanged
    fields = {
        "comment": comment.strip(),
        "reason": reason.strip(),
        "outcome": outcome,
        "organisation": organisation,
        "grant_decision": grant_decision,
        "grant_amount": grant_amount,
    }
    errors = _fields_errors(transition, case, fields)
    if errors:
        raise ValidationError(errors)
    from_state = case.state
    case.state = transition.target
    case.outcome = outcome if transition.target == State.CLOSED else ""
    case.closed_at = timezone.now() if case.state in ENDED_STATES else None
    case.save(update_fields=["state", "outcome", "closed_at"])
    CaseTransition.objects.create(
        case=case,
        name=name,
        from_state=from_state,
        to_state=case.state,
        user=user,
        comment=fields["reason"] or fields["comment"],
    )
    for effect in transition.effects:
        EFFECT_HANDLERS[type(effect)](case, effect, fields, user)
    case_deadline_refresh(case=case)
    case_permissions_sync(case=case)
    return case


@transaction.atomic
def case_withdraw_by_citizen(*, submission: IdeaSubmission) -> Case | None:
    """The citizen withdrew the idea: the case follows, whatever its state."""
    case = Case.objects.filter(submission=submission).first()
    if case is None or case.state not in TRANSITIONS_BY_NAME["aterkalla"].sources:
        return case
    return case_transition(case=case, user=None, name="aterkalla", version=None)
