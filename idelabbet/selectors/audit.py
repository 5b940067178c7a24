"""Reads of the audit trail: the log entries a case's timeline shows."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from wagtail.models import ModelLogEntry

from ..models import Case, IdeaSubmission
from ..services.audit import NOTES_TRANSFERRED, PERSONAL_DATA_READ


def case_audit_entries(*, case: Case) -> list[ModelLogEntry]:
    """Who read the case's submitter's personal data, and notes transferred in it."""
    submission_type = ContentType.objects.get_for_model(IdeaSubmission)
    case_type = ContentType.objects.get_for_model(Case)
    return list(
        ModelLogEntry.objects.filter(
            Q(
                content_type=submission_type,
                object_id=str(case.submission_id),
                action=PERSONAL_DATA_READ,
            )
            | Q(content_type=case_type, object_id=str(case.pk), action=NOTES_TRANSFERRED)
        )
        .select_related("user")
        .order_by("timestamp")
    )
