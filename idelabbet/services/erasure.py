"""Erasing personal data: on request (a submission, a case) and when its time is up.

What stays is anonymous: the idea, the case's state, outcome, theme and dates,
so the statistics hold.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from search.services import catalog_queue

from ..models import Case, CaseTransition, IdeaIndexPage, IdeaSubmission, Note
from ..permissions import case_policy
from ..workflow import ENDED_STATES, Action


@transaction.atomic
def submission_personal_data_erase(*, submission: IdeaSubmission) -> IdeaSubmission:
    """Erase the submitter's personal data and keep the anonymous idea.

    Clears name, email and phone, deletes co-initiators, attachments (files
    included), the citizen's own additions and any unsent email, and revokes
    the status link.
    """
    for attachment in submission.attachments.all():
        attachment.file.delete(save=False)
    submission.attachments.all().delete()
    submission.co_initiators.all().delete()
    submission.additions.all().delete()
    submission.emails.filter(sent_at__isnull=True).delete()
    submission.name = ""
    submission.email = ""
    submission.phone = ""
    submission.personal_data_erased_at = timezone.now()
    submission.token_revoked_at = submission.token_revoked_at or timezone.now()
    submission.save()
    return submission


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
    if user is not None and not (
        user.has_perm("idelabbet.change_ideasubmission")
        and case_policy.user_has_permission_for_instance(user, Action.CHANGE, case, fresh=True)
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
