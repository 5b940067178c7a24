"""Files attached in Idélabbet, in the search catalog with their text.

- A note's attachment is found by exactly those who may read the note: the
  note's own principals (``notes_principals``, the same rows the note's entry
  uses), so whenever the note's entry is re-queued (its visibility, the case's
  team or state changed) the attachments follow it through the outbox.
- A submission's attachment is found by those who may see the submission's
  private data (``submission_principals``: whom ``submission_policy`` lets
  through, by user id). It follows its case through the outbox (the case is
  re-queued when its team, state or people's groups change), and granting or
  revoking the "view" permission re-queues every one. Erasing the
  submitter's personal data deletes the attachments, and with them their
  entries and their extracted text.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import F
from django.db.models.signals import m2m_changed
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from search.files.sources import FileDescription, FileSource
from search.registry import register
from search.services import catalog_queue

from .catalog import _principal_strings, _SiteIds, note_is_private
from .models import Case, IdeaAttachment, Note, NoteAttachment
from .selectors.cases import note_principals, notes_principals
from .selectors.submissions import submission_principals, submission_view_permission


class NoteAttachmentSource(FileSource):
    model = NoteAttachment
    kind = "attachment"
    site_path_lookup = "note__case__index__path"
    kind_label = _("Bilaga")
    follows = (Note,)

    def get_queryset(self):
        return self.get_object_queryset().order_by("pk")

    def get_object_queryset(self):
        return NoteAttachment.objects.select_related("note").annotate(
            catalog_index_id=F("note__case__index_id"),
            catalog_idea_id=F("note__case__submission__idea_id"),
            catalog_idea_title=F("note__case__submission__idea__title"),
        )

    def prepare(self, objs: list) -> None:
        super().prepare(objs)
        objs = [obj for obj in objs if obj is not None]
        by_note = notes_principals(notes=[obj.note for obj in objs])
        sites = _SiteIds({obj.catalog_index_id for obj in objs})
        for obj in objs:
            obj._catalog_principals = by_note[obj.note_id]
            obj._catalog_site_id = sites.of(obj.catalog_index_id)

    def followers(self, owners: list) -> list:
        return list(self.get_object_queryset().filter(note__in=[n.pk for n in owners]))

    def describe(self, obj: NoteAttachment) -> FileDescription:
        principals = getattr(obj, "_catalog_principals", None) or note_principals(note=obj.note)
        site_id = getattr(obj, "_catalog_site_id", None)
        if site_id is None:
            site_id = _SiteIds({obj.catalog_index_id}).of(obj.catalog_index_id)
        note = obj.note
        idea_title = obj.catalog_idea_title if obj.catalog_idea_id is not None else None
        case_title = Case.title_for(note.case_id, idea_title)
        return FileDescription(
            file=obj.file,
            name=obj.original_name,
            title=obj.original_name,
            principals=_principal_strings(principals),
            url=reverse("idelabbet-arenden:note_attachment", args=[note.case_id, note.pk, obj.pk]),
            site_id=site_id,
            content_type=obj.content_type,
            size=obj.size,
            date=note.changed_at,
            owner_title=_("Anteckning i %(case)s") % {"case": case_title},
            owner_url=reverse("idelabbet-arenden:note", args=[note.case_id, note.pk]),
            private=note_is_private(note),
        )


class IdeaAttachmentSource(FileSource):
    model = IdeaAttachment
    kind = "attachment"
    site_path_lookup = "submission__case__index__path"
    kind_label = _("Bilaga")
    follows = (Case,)

    def get_queryset(self):
        return self.get_object_queryset().order_by("pk")

    def get_object_queryset(self):
        return IdeaAttachment.objects.select_related("submission").annotate(
            catalog_case_id=F("submission__case__pk"),
            catalog_index_id=F("submission__case__index_id"),
            catalog_idea_id=F("submission__idea_id"),
            catalog_idea_title=F("submission__idea__title"),
        )

    def prepare(self, objs: list) -> None:
        super().prepare(objs)
        objs = [obj for obj in objs if obj is not None]
        sites = _SiteIds({obj.catalog_index_id for obj in objs if obj.catalog_index_id})
        by_submission: dict[int, frozenset[str]] = {}
        for obj in objs:
            if obj.submission_id not in by_submission:
                by_submission[obj.submission_id] = _principal_strings(
                    submission_principals(submission=obj.submission)
                )
            obj._catalog_principals = by_submission[obj.submission_id]
            obj._catalog_site_id = sites.of(obj.catalog_index_id)

    def followers(self, owners: list) -> list:
        return list(self.get_object_queryset().filter(submission__case__in=[c.pk for c in owners]))

    def describe(self, obj: IdeaAttachment) -> FileDescription:
        principals = getattr(obj, "_catalog_principals", None)
        if principals is None:
            principals = _principal_strings(submission_principals(submission=obj.submission))
        site_id = getattr(obj, "_catalog_site_id", None)
        if site_id is None and obj.catalog_index_id:
            site_id = _SiteIds({obj.catalog_index_id}).of(obj.catalog_index_id)
        idea_title = obj.catalog_idea_title if obj.catalog_idea_id is not None else None
        owner_title, owner_url = idea_title or "", ""
        if obj.catalog_case_id is not None:
            owner_title = Case.title_for(obj.catalog_case_id, idea_title)
            owner_url = reverse("idelabbet-arenden:case", args=[obj.catalog_case_id])
        return FileDescription(
            file=obj.file,
            name=obj.original_name,
            title=obj.original_name,
            principals=principals,
            url=reverse("idelabbet_attachment", args=[obj.pk]),
            site_id=site_id,
            content_type=obj.content_type,
            size=obj.size,
            date=obj.uploaded_at,
            owner_title=owner_title,
            owner_url=owner_url,
        )

    def connect(self) -> None:
        super().connect()
        m2m_changed.connect(
            _permission_changed,
            sender=Group.permissions.through,
            dispatch_uid="idelabbet-files-group-perms",
        )
        m2m_changed.connect(
            _permission_changed,
            sender=get_user_model().user_permissions.through,
            dispatch_uid="idelabbet-files-user-perms",
        )


def _permission_changed(sender, instance, action: str, pk_set=None, **kwargs) -> None:
    # Granting or revoking "see submissions" changes who finds every submission's files.
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    permission = submission_view_permission()
    if permission is None:
        return
    if action == "post_clear" or (pk_set and permission.pk in pk_set):
        catalog_queue(instances=IdeaAttachment.objects.all())


def register_sources() -> None:
    register(NoteAttachmentSource())
    register(IdeaAttachmentSource())
