"""Writes of the citizen's side: submitting, adding to, withdrawing an idea."""

import uuid
from dataclasses import dataclass

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from wagtail.coreutils import cautious_slugify, find_available_slug
from wagtail.models import Page, WorkflowPage

from ..models import (
    CitizenAddition,
    CoInitiator,
    IdeaAttachment,
    IdeaIndexPage,
    IdeaPage,
    IdeaSubmission,
    ModerationState,
    OutgoingEmail,
    ParticipationOffer,
)
from ..models.base import language_written
from ..tokens import hash_token, make_token, new_nonce
from .cases import case_open, case_withdraw_by_citizen
from .emails import email_queue
from .erasure import submission_personal_data_erase

__all__ = ["submission_personal_data_erase"]


@dataclass(frozen=True)
class Person:
    name: str
    email: str


def _submission_insert(*, form_key: uuid.UUID, fields: dict) -> IdeaSubmission:
    nonce = new_nonce()
    return IdeaSubmission.objects.create(
        form_key=form_key,
        token_nonce=nonce,
        token_hash=hash_token(make_token(form_key=form_key, nonce=nonce)),
        **fields,
    )


def _workflow_for_new_idea(index: IdeaIndexPage):
    """The workflow a new idea below ``index`` starts: what ``idea.get_workflow()`` returns.

    A new page has no workflow of its own, so it is the index's own active
    workflow (``ideas_workflow_setup`` gives every ideas index one) in one query,
    else the nearest ancestor's, as Wagtail would find it.
    """
    own = (
        WorkflowPage.objects.filter(page_id=index.pk, workflow__active=True)
        .select_related("workflow")
        .first()
    )
    return own.workflow if own is not None else index.get_workflow()


def _create(
    *,
    index: IdeaIndexPage,
    form_key: uuid.UUID,
    idea_fields: dict,
    person_fields: dict,
    co_initiators: list[Person],
    attachments: list[UploadedFile],
) -> IdeaSubmission:
    # Everything that does not need the page is written first: from the lock
    # below to the commit, every other submission to this index waits.
    submission = _submission_insert(
        form_key=form_key, fields={"consent_at": timezone.now(), **person_fields}
    )
    CoInitiator.objects.bulk_create(
        CoInitiator(submission=submission, name=p.name, email=p.email) for p in co_initiators
    )
    for upload in attachments:
        IdeaAttachment.objects.create(
            submission=submission,
            file=upload,
            original_name=upload.name[:255],
            content_type=getattr(upload, "content_type", "") or "",
            size=upload.size,
        )
    # Every idea gets a case, in the same transaction as the idea itself.
    case_open(submission=submission, index=index)
    email_queue(submission=submission, kind=OutgoingEmail.Kind.RECEIPT)
    workflow = _workflow_for_new_idea(index)

    # Lock the index (the row add_child locks anyway) before choosing the slug:
    # otherwise two ideas with the same title submitted at once both pick the
    # same free slug, and the second fails Wagtail's validation once the first
    # commits.
    Page.objects.select_for_update().filter(pk=index.pk).values_list("pk").first()
    slug = find_available_slug(index, cautious_slugify(idea_fields["title"])[:200] or "ide")
    # The index's locale is what Wagtail would give the page, read back from
    # the parent by one more query.
    idea = IdeaPage(slug=slug, live=False, locale_id=index.locale_id, **idea_fields)
    index.add_child(instance=idea)
    # add_child has just validated these very fields (full_clean); a second
    # validation would only repeat its five lookups.
    idea.save_revision(log_action=True, clean=False)
    submission.idea = idea
    IdeaSubmission.objects.filter(pk=submission.pk).update(idea=idea)
    if workflow is not None:
        # Nobody is logged in: the citizen submits without an account.
        workflow.start(idea, user=None)
    return submission


@transaction.atomic
def idea_submit(
    *,
    index: IdeaIndexPage,
    form_key: uuid.UUID,
    title: str,
    summary: str,
    theme: str,
    help_wanted: list[str],
    for_young_people: bool,
    name: str,
    email: str,
    phone: str = "",
    co_initiators: list[Person] = (),
    attachments: list[UploadedFile] = (),
    language: str | None = None,
) -> tuple[IdeaSubmission, bool]:
    """Create a draft idea page and the private record of who submitted it.

    One transaction: the draft ``IdeaPage`` under ``index`` (public fields
    only), its ``IdeaSubmission`` (name, email, phone, co-initiators,
    attachments, status-link hash), the start of the index's moderation
    workflow and a receipt email in the outbox. The same ``form_key`` twice (a
    double click, a resent form) returns the first submission and ``False``.
    ``language`` (default: the request's) is what the citizen wrote in; every
    email to them goes out in it.
    """
    existing = IdeaSubmission.objects.filter(form_key=form_key).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            submission = _create(
                index=index,
                form_key=form_key,
                idea_fields={
                    "title": title,
                    "summary": summary,
                    "theme": theme,
                    "help_wanted": list(help_wanted),
                    "for_young_people": for_young_people,
                },
                person_fields={
                    "name": name,
                    "email": email,
                    "phone": phone,
                    "language": language_written(language),
                },
                co_initiators=list(co_initiators),
                attachments=list(attachments),
            )
    except IntegrityError:
        # Two identical posts raced; the other one won.
        existing = IdeaSubmission.objects.filter(form_key=form_key).first()
        if existing is None:
            raise
        return existing, False
    return submission, True


@transaction.atomic
def submission_information_add(
    *, submission: IdeaSubmission, body: str, language: str | None = None
) -> CitizenAddition:
    """Keep information the citizen adds through the status link, for the coaches."""
    return CitizenAddition.objects.create(
        submission=submission, body=body, language=language_written(language)
    )


@transaction.atomic
def submission_withdraw(*, submission: IdeaSubmission) -> IdeaSubmission:
    """Withdraw an idea at the citizen's request.

    The public page is unpublished and any moderation in progress cancelled;
    the private record stays (for the coaches and for erasure later).
    """
    submission = IdeaSubmission.objects.select_for_update().get(pk=submission.pk)
    if submission.is_withdrawn:
        return submission
    submission.moderation_state = ModerationState.WITHDRAWN
    submission.withdrawn_at = timezone.now()
    submission.save(update_fields=["moderation_state", "withdrawn_at"])
    if submission.idea_id:
        idea = IdeaPage.objects.get(pk=submission.idea_id)
        state = idea.current_workflow_state
        if state is not None:
            state.cancel(user=None)
        if idea.live:
            idea.unpublish(log_action=True)
    # The case follows the citizen's wish: it moves to "withdrawn".
    case_withdraw_by_citizen(submission=submission)
    return submission


@transaction.atomic
def submission_status_link_revoke(*, submission: IdeaSubmission) -> None:
    """Make the status link stop working (for example if it was forwarded by mistake)."""
    IdeaSubmission.objects.filter(pk=submission.pk).update(token_revoked_at=timezone.now())


@transaction.atomic
def submission_status_link_renew(*, submission: IdeaSubmission) -> IdeaSubmission:
    """Replace the status link by a new one and email it; the old one stops working."""
    submission.token_nonce = new_nonce()
    submission.token_hash = hash_token(
        make_token(form_key=submission.form_key, nonce=submission.token_nonce)
    )
    submission.token_revoked_at = None
    submission.save(update_fields=["token_nonce", "token_hash", "token_revoked_at"])
    email_queue(submission=submission, kind=OutgoingEmail.Kind.NEW_LINK)
    return submission


@transaction.atomic
def participation_offer_create(
    *, idea: IdeaPage, name: str, email: str, contribution: str, language: str | None = None
) -> ParticipationOffer:
    """Store a visitor's offer to join a published idea, privately, for the coaches."""
    return ParticipationOffer.objects.create(
        idea=idea,
        name=name,
        email=email,
        contribution=contribution,
        language=language_written(language),
    )
