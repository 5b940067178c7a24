"""Writes of the host site: accessibility feedback."""

from django.conf import settings
from django.db import transaction
from django.utils import translation

from ..models import AccessibilityFeedback, AccessibilityStatementPage
from ..tasks import accessibility_feedback_email


@transaction.atomic
def accessibility_feedback_submit(
    *,
    statement: AccessibilityStatementPage,
    description: str,
    page_address: str = "",
    name: str = "",
    email: str = "",
    language: str | None = None,
) -> AccessibilityFeedback:
    """Record a report of inaccessible content and queue it by email to the site's admins.

    The report is kept in the admin ("Synpunkter på tillgängligheten") whether
    or not the email goes out; the worker sends it after this transaction commits.
    """
    feedback = AccessibilityFeedback.objects.create(
        statement=statement,
        description=description.strip(),
        page_address=page_address.strip(),
        name=name.strip(),
        email=email.strip(),
        language=language or translation.get_language() or settings.LANGUAGE_CODE,
    )
    transaction.on_commit(lambda: accessibility_feedback_email.enqueue(feedback_id=feedback.pk))
    return feedback
