"""Writes of the forum: registrations, feedback, proposal follow-up, workflow setup."""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import translate_url
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.models import Page, Workflow, WorkflowPage, WorkflowTask

from .models import (
    FeedbackDelivery,
    FeedbackDispatch,
    MeetingPage,
    MeetingStatus,
    OtherOrganiserApprovalTask,
    ProposalPage,
    ProposalStatusUpdate,
    Registration,
)
from .models.participation import language_for_reply
from .permissions import MeetingPermissionPolicy
from .selectors import meeting_registration_state
from .tasks import send_registration_confirmation


@transaction.atomic
def registration_create(
    *,
    meeting: MeetingPage,
    name: str,
    email: str,
    sector: str,
    organisation: str = "",
    needs: str = "",
    now: datetime.datetime | None = None,
    language: str | None = None,
) -> tuple[Registration, bool]:
    """Register a person for a meeting; the same email twice stays one registration.

    Refuses (``ValidationError`` with a Swedish message saying why) when the
    meeting is cancelled or over, registration has closed, or the cap is reached.
    The meeting row is locked so two last-minute registrations cannot both take
    the last place. Returns the registration and whether it was new.
    ``language`` (default: the request's) is the language of its emails.
    """
    Page.objects.select_for_update().filter(pk=meeting.pk).first()
    email = email.strip().lower()
    existing = Registration.objects.filter(meeting=meeting, email=email).first()
    if existing is not None:
        return existing, False
    state = meeting_registration_state(meeting=meeting, now=now)
    if not state.is_open:
        raise ValidationError(state.message)
    try:
        with transaction.atomic():
            registration = Registration.objects.create(
                meeting=meeting,
                name=name.strip(),
                email=email,
                sector=sector,
                organisation=organisation.strip(),
                needs=needs.strip(),
                language=language or translation.get_language() or settings.LANGUAGE_CODE,
            )
    except IntegrityError:
        return Registration.objects.get(meeting=meeting, email=email), False
    # robust: the registration is stored; a failing queue must not show an error page.
    transaction.on_commit(
        lambda: send_registration_confirmation.enqueue(registration_id=registration.pk),
        robust=True,
    )
    return registration, True


@transaction.atomic
def registration_cancel(*, registration: Registration) -> MeetingPage:
    """Cancel a registration from the emailed link: its personal data goes at once.

    Returns the meeting, so the page can say which one was cancelled.
    """
    meeting = registration.meeting
    FeedbackDelivery.objects.filter(registration=registration).update(registration=None)
    registration.delete()
    return meeting


@transaction.atomic
def feedback_send(
    *,
    meeting: MeetingPage,
    summary: str,
    documentation_url: str,
    user,
    now: datetime.datetime | None = None,
) -> FeedbackDispatch:
    """Record the meeting's feedback and queue it for every registered participant.

    Only once per meeting, only for a meeting that has been held (never before
    it), and only by someone the permission policy allows. The emails are sent
    by the background worker after this transaction commits.
    """
    if not MeetingPermissionPolicy(user).can_send_feedback(meeting):
        raise PermissionDenied(_("Du får inte skicka återkoppling för det här mötet."))
    now = now or timezone.now()
    meeting = MeetingPage.objects.select_for_update().get(pk=meeting.pk)
    if meeting.start > now:
        raise ValidationError(_("Återkoppling kan inte skickas före mötet."))
    if meeting.status != MeetingStatus.HELD:
        raise ValidationError(
            _(
                "Mötet är inte markerat som genomfört. "
                "Markera det som genomfört och publicera först."
            )
        )
    if FeedbackDispatch.objects.filter(meeting=meeting).exists():
        raise ValidationError(_("Återkopplingen för det här mötet är redan skickad."))
    if not summary.strip():
        raise ValidationError(_("Skriv en sammanfattning."))
    dispatch = FeedbackDispatch.objects.create(
        meeting=meeting,
        summary=summary.strip(),
        documentation_url=documentation_url,
        requested_by=user,
    )
    from .tasks import deliver_feedback

    # robust: the mailing is stored; if the queue fails, mailings_sweep sends it.
    transaction.on_commit(lambda: deliver_feedback.enqueue(dispatch_id=dispatch.pk), robust=True)
    return dispatch


def feedback_deliver(*, dispatch_id: int) -> int:
    """Send the feedback email to each registered participant not yet sent to.

    Each email is recorded in its own transaction right after sending, so a
    retried or repeated run sends nobody a second copy. Returns how many were
    sent in this run.
    """
    dispatch = FeedbackDispatch.objects.select_related("meeting").get(pk=dispatch_id)
    meeting = dispatch.meeting
    sent = 0
    for registration in meeting.registrations.order_by("pk"):
        with transaction.atomic():
            _claimed, created = FeedbackDelivery.objects.get_or_create(
                dispatch=dispatch,
                email=registration.email,
                defaults={"registration": registration},
            )
            if not created:
                continue
            # Each participant in the language they registered in.
            with translation.override(language_for_reply(registration.language)):
                localized = meeting.localized
                context = {
                    "meeting": localized,
                    "dispatch": dispatch,
                    "registration": registration,
                    # This site's documentation in the participant's language.
                    "documentation_url": translate_url(
                        dispatch.documentation_url, translation.get_language()
                    ),
                }
                subject = _("Återkoppling från %(title)s") % {"title": localized.title}
                message = render_to_string("forum/email/feedback.txt", context)
            send_mail(
                subject=subject,
                message=message,
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=[registration.email],
            )
            sent += 1
    FeedbackDispatch.objects.filter(pk=dispatch.pk).update(
        completed_at=timezone.now(), recipient_count=dispatch.deliveries.count()
    )
    return sent


@transaction.atomic
def registrations_purge(*, held_before: datetime.datetime) -> int:
    """Delete the personal data of everyone registered for meetings before a point in time.

    Registrations and the per-person record of sent feedback go; the feedback
    record itself stays with its date and number of recipients. Returns how
    many registrations were deleted.
    """
    meetings = MeetingPage.objects.filter(start__lt=held_before).values("pk")
    FeedbackDelivery.objects.filter(dispatch__meeting__in=meetings).delete()
    deleted, _details = Registration.objects.filter(meeting__in=meetings).delete()
    return deleted


@transaction.atomic
def proposal_status_add(
    *,
    proposal: ProposalPage,
    status: str,
    on: datetime.date,
    note: str = "",
    user=None,
    publish: bool = False,
) -> ProposalStatusUpdate:
    """Add a dated status update to a proposal's timeline as a new revision.

    The proposal's status follows its latest update. With ``publish`` the
    revision goes live at once (used by imports and the demo); otherwise it
    waits for review like any other edit.
    """
    # Re-read: a caller's instance may hold a stale latest_revision.
    proposal = ProposalPage.objects.get(pk=proposal.pk).get_latest_revision_as_object()
    update = ProposalStatusUpdate(date=on, status=status, note=note)
    update.full_clean(exclude=["page"])
    meeting_day = timezone.localtime(proposal.get_parent().specific.start).date()
    if on < meeting_day:
        raise ValidationError(_("En uppdatering kan inte vara daterad före mötet."))
    # Assigning (not .add()) keeps the change in memory, so it lands in the revision.
    proposal.status_updates = [*proposal.status_updates.all(), update]
    revision = proposal.save_revision(user=user)
    if publish:
        revision.publish(user=user)
    return update


@transaction.atomic
def forum_workflow_ensure(*, index: Page, groups) -> Workflow:
    """Give a forum index (and so all meetings and proposals) the four-eyes workflow.

    Creates, once, a workflow whose single task lets members of ``groups``
    approve anything except what they themselves submitted, and assigns it to
    the index page. Idempotent.
    """
    existing = WorkflowPage.objects.filter(page=index).select_related("workflow").first()
    if existing is not None:
        return existing.workflow
    workflow = Workflow.objects.create(name=_("Forumgranskning – %s") % index.title)
    task = OtherOrganiserApprovalTask.objects.create(
        name=_("Granskning av en annan arrangör – %s") % index.title
    )
    task.groups.set(groups)
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(page=index, workflow=workflow)
    return workflow
