"""Writes of the case pipeline: opening, moving, assigning and erasing cases.

Every write that changes who may do what (a transition, a new team) rewrites
the django-guardian rows of the case *and* its notes in the same transaction,
from the permission map in ``idelabbet.workflow``.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from search.services import catalog_queue

from ..models import (
    Case,
    CaseGroupObjectPermission,
    CaseTransition,
    CaseUserObjectPermission,
    DeadlineKind,
    IdeaIndexPage,
    IdeaPage,
    IdeaSubmission,
    Note,
    NoteGroupObjectPermission,
    NoteUserObjectPermission,
    NoteVisibility,
    Organisation,
    OutgoingEmail,
    Referral,
)
from ..models.grants import DECISION_WITHIN
from ..selectors.access import case_staff_ids, case_team_ids
from ..workflow import (
    BEFORE_DECISION,
    CODENAMES,
    ENDED_STATES,
    PERMISSIONS,
    TRANSITIONS_BY_NAME,
    Action,
    Outcome,
    Role,
    State,
    public_status_for,
)
from .emails import email_queue


class CaseChanged(Exception):
    """Someone else changed the case since the form was shown."""


def _permissions(model, codenames) -> dict[str, Permission]:
    content_type = ContentType.objects.get_for_model(model)
    return {
        p.codename: p
        for p in Permission.objects.filter(content_type=content_type, codename__in=codenames)
    }


def _role_groups(index: IdeaIndexPage) -> dict[str, int | None]:
    return {
        Role.COACH: index.coach_group_id,
        Role.LEAD: index.lead_group_id,
        Role.MODERATOR: index.moderator_group_id,
    }


def user_case_roles(*, case: Case, user, coach_ids=None, group_ids=None) -> set[str]:
    """The roles ``user`` holds on ``case`` (assigned, coach, lead, moderator)."""
    if coach_ids is None:
        coach_ids = set(case.coaches.values_list("pk", flat=True))
    if group_ids is None:
        group_ids = set(user.groups.values_list("pk", flat=True))
    roles = {role for role, group in _role_groups(case.index).items() if group in group_ids}
    if user.pk in coach_ids:
        roles.add(Role.ASSIGNED)
    return roles


def _actions(state: str, roles) -> set:
    actions = set()
    for role in roles:
        actions |= PERMISSIONS[state][role]
    return actions


def _notes_permissions_sync(*, case: Case, notes, coach_ids: set[int]) -> None:
    notes = list(notes)
    if not notes:
        return
    note_ids = [n.pk for n in notes]
    NoteUserObjectPermission.objects.filter(content_object_id__in=note_ids).delete()
    NoteGroupObjectPermission.objects.filter(content_object_id__in=note_ids).delete()
    perms = _permissions(Note, ["view_note", "change_note"])
    groups = _role_groups(case.index)
    author_ids = {n.author_id for n in notes if n.author_id}
    # An author who left the municipality's coaches (or was deactivated) no
    # longer reads or edits their notes; an administrator may transfer them.
    active_authors = case_staff_ids(case=case, user_ids=author_ids)
    memberships: dict[int, set[int]] = {}
    for user_id, group_id in (
        get_user_model()
        .groups.through.objects.filter(user_id__in=author_ids)
        .values_list("user_id", "group_id")
    ):
        memberships.setdefault(user_id, set()).add(group_id)
    user_rows, group_rows = [], []
    for note in notes:
        viewers = {note.author_id} if note.author_id in active_authors else set()
        if note.visibility == NoteVisibility.TEAM:
            viewers |= coach_ids
        if note.visibility in (NoteVisibility.COACHES, NoteVisibility.CITIZEN):
            for group_id in {groups[Role.COACH], groups[Role.LEAD]} - {None}:
                group_rows.append(
                    NoteGroupObjectPermission(
                        content_object=note, group_id=group_id, permission=perms["view_note"]
                    )
                )
        user_rows += [
            NoteUserObjectPermission(
                content_object=note, user_id=uid, permission=perms["view_note"]
            )
            for uid in viewers
        ]
        # The author edits their note while the case lets them write notes:
        # an ended case is read-only to coaches, so their notes are too.
        if note.author_id in active_authors:
            author_groups = memberships.get(note.author_id, set())
            roles = {r for r, g in groups.items() if g is not None and g in author_groups}
            if note.author_id in coach_ids:
                roles.add(Role.ASSIGNED)
            if Action.ADD_NOTE in _actions(case.state, roles):
                user_rows.append(
                    NoteUserObjectPermission(
                        content_object=note, user_id=note.author_id, permission=perms["change_note"]
                    )
                )
    NoteUserObjectPermission.objects.bulk_create(user_rows)
    NoteGroupObjectPermission.objects.bulk_create(group_rows)
    # Who may find the notes changed (or their text did): the catalog's outbox,
    # in this transaction.
    catalog_queue(instances=notes)


@transaction.atomic
def case_permissions_sync(*, case: Case, notes=None) -> None:
    """Rewrite the object permissions of a case and its notes from the workflow.

    The permission map of the case's state says which role may do what; the
    roles resolve to the assigned coaches (user rows) and to the groups the
    ideas index names (group rows). Notes follow their visibility and the
    case's state. Called by every service that changes state or team, inside
    its transaction; ``notes`` limits the note part to those notes.
    """
    CaseUserObjectPermission.objects.filter(content_object=case).delete()
    CaseGroupObjectPermission.objects.filter(content_object=case).delete()
    coach_ids = case_team_ids(case=case)
    _case_permissions_write(case=case, coach_ids=coach_ids)
    _notes_permissions_sync(
        case=case, notes=case.notes.all() if notes is None else notes, coach_ids=coach_ids
    )


def _case_permissions_write(*, case: Case, coach_ids: set[int]) -> None:
    """Insert the case's guardian rows for its state (none may exist yet) and queue its entry."""
    perms = _permissions(Case, CODENAMES.values())
    state_map = PERMISSIONS[case.state]
    user_rows = [
        CaseUserObjectPermission(content_object=case, user_id=uid, permission=perms[CODENAMES[a]])
        for uid in coach_ids
        for a in state_map[Role.ASSIGNED]
    ]
    group_rows = [
        CaseGroupObjectPermission(
            content_object=case, group_id=group_id, permission=perms[CODENAMES[a]]
        )
        for role, group_id in _role_groups(case.index).items()
        if group_id is not None
        for a in state_map[role]
    ]
    CaseUserObjectPermission.objects.bulk_create(user_rows)
    CaseGroupObjectPermission.objects.bulk_create(group_rows, ignore_conflicts=True)
    catalog_queue(instances=[case])


def _deadline(case: Case):
    if case.state == State.RECEIVED:
        days = case.index.first_contact_days
        return case.submission.submitted_at + timedelta(days=days), DeadlineKind.FIRST_CONTACT
    if case.state in BEFORE_DECISION:
        completed = [
            a.completed_at
            for a in case.submission.snabb_slant_applications.all()
            if a.completed_at is not None
        ]
        if completed:
            return min(completed) + DECISION_WITHIN, DeadlineKind.DECISION
    return None, ""


@transaction.atomic
def case_deadline_refresh(*, case: Case) -> Case:
    """Recompute the case's nearest deadline (first contact, Snabb slant decision).

    First contact is due ``index.first_contact_days`` after submission while
    the case is received; a Snabb slant decision is due three weeks after the
    application was marked complete, until the case is decided.
    """
    case.deadline_at, case.deadline_kind = _deadline(case)
    Case.objects.filter(pk=case.pk).update(
        deadline_at=case.deadline_at, deadline_kind=case.deadline_kind
    )
    return case


def _public_status_set(case: Case) -> None:
    idea_id = case.submission.idea_id
    if not idea_id:
        return
    status = public_status_for(case.state, case.outcome)
    IdeaPage.objects.filter(pk=idea_id).update(public_status=status)
    # Keep the latest revision in step, so a later publish does not put an
    # old status back on the page.
    page = IdeaPage.objects.filter(pk=idea_id).select_related("latest_revision").first()
    revision = page.latest_revision if page else None
    if revision is not None and revision.content.get("public_status") != status:
        revision.content["public_status"] = status
        revision.save(update_fields=["content"])
    if page is not None and page.live:
        # The status is a facet of the idea's catalog entry; the queryset
        # update above sends no page signal, so queue the entry explicitly.
        catalog_queue(instances=[page])


@transaction.atomic
def case_open(*, submission: IdeaSubmission, index: IdeaIndexPage) -> Case:
    """Open the case of a newly submitted idea, in the submission's transaction.

    Idempotent: a submission has one case. The first-contact deadline starts
    and the municipality's coaches, lead and moderators get their permissions.
    """
    existing = Case.objects.filter(submission=submission).first()
    if existing is not None:
        return existing
    case = Case(index=index, submission=submission, opened_at=submission.submitted_at)
    # A new case has no coaches, notes or permission rows yet, and its first
    # deadline is known before it is stored: one insert each, nothing to
    # delete or re-read (``case_permissions_sync`` would give the same rows).
    case.deadline_at, case.deadline_kind = _deadline(case)
    case.save(force_insert=True)
    CaseTransition.objects.create(case=case, name="oppna", to_state=State.RECEIVED)
    _case_permissions_write(case=case, coach_ids=set())
    return case


def _bump(case: Case, version: int | None) -> Case:
    queryset = Case.objects.filter(pk=case.pk)
    if version is not None:
        queryset = queryset.filter(version=version)
    if not queryset.update(version=F("version") + 1):
        raise CaseChanged
    return Case.objects.select_related("index", "submission", "submission__idea").get(pk=case.pk)


def _may(user, case: Case, action: str) -> bool:
    from ..permissions import case_policy

    return case_policy.user_has_permission_for_instance(user, action, case, fresh=True)


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
) -> Case:
    """Move a case along a transition of the workflow, if its guard allows.

    The guard: ``user`` holds the ``transition`` action in the current state,
    the transition leaves that state, its required fields are given and its
    condition holds (e.g. Snabb slant needs a complete application).
    ``version`` is the version the user saw: if the case changed since,
    ``CaseChanged`` is raised and nothing is written. ``user=None`` is the
    citizen (only for transitions marked ``by_citizen``). The history entry,
    the new permissions, deadline, public status and any email to the citizen
    are written in the same transaction.
    """
    transition = TRANSITIONS_BY_NAME.get(name)
    if transition is None:
        raise ValidationError(_("Okänd övergång."))
    if user is None:
        if not transition.by_citizen:
            raise PermissionDenied
    elif transition.by_citizen or not _may(user, case, Action.TRANSITION):
        raise PermissionDenied
    case = _bump(case, version)
    if case.state not in transition.sources:
        raise CaseChanged
    errors = []
    reason, comment = reason.strip(), comment.strip()
    if "reason" in transition.requires and not reason:
        errors.append(_("Skriv ett skäl. Det skickas till idébäraren."))
    if "outcome" in transition.requires and outcome not in Outcome.values:
        errors.append(_("Välj ett utfall för att avsluta ärendet."))
    if organisation is not None and organisation.index_id != case.index_id:
        errors.append(_("Organisationen finns inte i kommunens register."))
    blocked = transition.blocked_reason(case)
    if blocked:
        errors.append(blocked)
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
        comment=reason or comment,
    )
    if organisation is not None:
        Referral.objects.create(case=case, organisation=organisation, reason=comment, user=user)
    if case.state == State.DECLINED:
        email_queue(submission=case.submission, kind=OutgoingEmail.Kind.DECLINED)
    case_deadline_refresh(case=case)
    case_permissions_sync(case=case)
    _public_status_set(case)
    return case


@transaction.atomic
def case_withdraw_by_citizen(*, submission: IdeaSubmission) -> Case | None:
    """The citizen withdrew the idea: the case follows, whatever its state."""
    case = Case.objects.filter(submission=submission).first()
    if case is None or case.state not in TRANSITIONS_BY_NAME["aterkalla"].sources:
        return case
    return case_transition(case=case, user=None, name="aterkalla", version=None)


@transaction.atomic
def case_coaches_set(*, case: Case, user, coaches, version: int | None) -> Case:
    """Assign or re-assign the case's coaches, and rewrite who may do what.

    Only the municipality's coaches and lead can be assigned; the user needs
    the ``change`` action; ``version`` guards against a concurrent change.
    """
    if not _may(user, case, Action.CHANGE):
        raise PermissionDenied
    case = _bump(case, version)
    from ..selectors.cases import case_assignable_coaches

    allowed = set(case_assignable_coaches(case=case).values_list("pk", flat=True))
    chosen = {c.pk for c in coaches}
    if chosen - allowed:
        raise ValidationError(_("Bara kommunens coacher kan tilldelas ärendet."))
    before = set(case.coaches.values_list("pk", flat=True))
    if chosen != before:
        case.coaches.set(chosen)
        names = ", ".join(sorted(u.get_full_name() or u.get_username() for u in coaches)) or _(
            "ingen"
        )
        CaseTransition.objects.create(
            case=case,
            name="tilldela",
            from_state=case.state,
            to_state=case.state,
            user=user,
            comment=_("Coacher: %(names)s") % {"names": names},
        )
        case_permissions_sync(case=case)
    return case


@transaction.atomic
def cases_permissions_resync(*, index: IdeaIndexPage) -> int:
    """Rewrite every case's permissions, e.g. after the index's role groups changed."""
    count = 0
    for case in Case.objects.filter(index=index).select_related("index"):
        case_permissions_sync(case=case)
        count += 1
    return count


@transaction.atomic
def case_personal_data_erase(*, case: Case, user=None) -> Case:
    """Erase the citizen's personal data from a case and keep it anonymous for statistics.

    The submission's own erasure (name, email, phone, co-initiators,
    attachments, additions, unsent emails, status link) plus what the case
    holds about people: the Snabb slant group's names and contacts, note
    texts, revisions and attachments, comments in the history and referral reasons.
    State, outcome, theme and dates remain.
    ``user`` (when a lead does it on request) needs the lead's ``change``
    action and the model permission to change submitters' data.
    """
    from .submissions import submission_personal_data_erase

    if user is not None and not (
        user.has_perm("idelabbet.change_ideasubmission") and _may(user, case, Action.CHANGE)
    ):
        raise PermissionDenied
    submission = IdeaSubmission.objects.select_for_update().get(pk=case.submission_id)
    submission_personal_data_erase(submission=submission)
    for application in submission.snabb_slant_applications.all():
        application.persons.all().delete()
    notes = Note.objects.filter(case=case)
    for note in notes:
        note.revisions.all().delete()
        for attachment in note.attachments.all():
            attachment.file.delete(save=False)
        note.attachments.all().delete()
    notes.update(body="")
    catalog_queue(instances=[case, *notes])
    case.transitions.update(comment="")
    case.referrals.update(reason="")
    CaseTransition.objects.create(
        case=case,
        name="radera",
        from_state=case.state,
        to_state=case.state,
        user=user,
        comment="",
    )
    return case


def _months_ago(now, months: int):
    year, month = divmod(now.month - 1 - months, 12)
    year += now.year
    month += 1
    day = min(now.day, 28)
    return now.replace(year=year, month=month, day=day)


@transaction.atomic
def cases_anonymise_due(*, now=None) -> int:
    """Anonymise ended cases whose time is up (``index.anonymise_after_months``).

    Idempotent: an erased case is skipped the next time. Returns how many
    cases were anonymised.
    """
    now = now or timezone.now()
    count = 0
    for index in IdeaIndexPage.objects.filter(cases__isnull=False).distinct():
        cutoff = _months_ago(now, index.anonymise_after_months)
        due = Case.objects.filter(
            index=index,
            state__in=ENDED_STATES,
            closed_at__lte=cutoff,
            submission__personal_data_erased_at__isnull=True,
        )
        for case in due.select_related("submission"):
            case_personal_data_erase(case=case)
            count += 1
    return count
