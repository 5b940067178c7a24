"""Writes of notes: adding and changing them, with their permissions and revisions."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from wagtail.admin.rich_text.converters.editor_html import EditorHTMLConverter

from ..models import Case, Note, NoteAttachment, NoteRevision, NoteVisibility, OutgoingEmail
from ..selectors.access import case_team_ids
from ..workflow import Action
from .cases import _notes_permissions_sync
from .emails import email_queue

NOTE_FEATURES = ["bold", "italic", "ol", "ul", "link"]


def _clean(body: str) -> str:
    # Whatever the caller sends, only the note's rich-text features survive.
    html = EditorHTMLConverter(features=NOTE_FEATURES).to_database_format(body or "")
    if not strip_tags(html).strip():
        raise ValidationError(_("Skriv något i anteckningen."))
    return html


def _share(note: Note) -> None:
    if note.visibility == NoteVisibility.CITIZEN and note.shared_at is None:
        note.shared_at = timezone.now()
        Note.objects.filter(pk=note.pk).update(shared_at=note.shared_at)
        email_queue(submission=note.case.submission, kind=OutgoingEmail.Kind.NOTE, note=note)


def _attach(note: Note, attachments) -> None:
    for upload in attachments:
        NoteAttachment.objects.create(
            note=note,
            file=upload,
            original_name=upload.name[:255],
            content_type=getattr(upload, "content_type", "") or "",
            size=upload.size,
        )


def _sync(note: Note) -> None:
    case = note.case
    _notes_permissions_sync(case=case, notes=[note], coach_ids=case_team_ids(case=case))


@transaction.atomic
def note_add(*, case: Case, author, body: str, visibility: str, attachments=()) -> Note:
    """Write a note in a case with a visibility; its permissions follow at once.

    The author needs the ``note`` action on the case. The body is sanitised to
    the note's rich-text features; the first revision is kept. A note shared
    with the citizen appears on their status page and is emailed to them.
    """
    from ..permissions import case_policy

    if not case_policy.user_has_permission_for_instance(author, Action.ADD_NOTE, case, fresh=True):
        raise PermissionDenied
    if visibility not in NoteVisibility.values:
        raise ValidationError(_("Välj vem som ska se anteckningen."))
    body = _clean(body)
    note = Note.objects.create(case=case, author=author, body=body, visibility=visibility)
    NoteRevision.objects.create(note=note, body=body, visibility=visibility, user=author)
    _attach(note, attachments)
    _sync(note)
    _share(note)
    return note


@transaction.atomic
def note_change(*, note: Note, user, body: str, visibility: str, attachments=()) -> Note:
    """Change a note's text or visibility (narrower or wider), keeping a revision.

    Needs ``change`` on the note (its author, while the case lets them write).
    Permissions are rewritten in the same transaction; widening to the citizen
    shares and emails it once.
    """
    from ..permissions import note_policy

    if not note_policy.user_has_permission_for_instance(user, "change", note, fresh=True):
        raise PermissionDenied
    if visibility not in NoteVisibility.values:
        raise ValidationError(_("Välj vem som ska se anteckningen."))
    note = Note.objects.select_for_update().select_related("case", "case__index").get(pk=note.pk)
    note.body = _clean(body)
    note.visibility = visibility
    note.changed_at = timezone.now()
    note.save(update_fields=["body", "visibility", "changed_at"])
    NoteRevision.objects.create(note=note, body=note.body, visibility=visibility, user=user)
    _attach(note, attachments)
    _sync(note)
    _share(note)
    return note
