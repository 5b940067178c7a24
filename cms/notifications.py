"""Emails of the host site, sent by the worker (cms.tasks)."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import AccessibilityFeedback


def accessibility_feedback_deliver(*, feedback_id: int) -> int:
    """Email one report to its statement's recipients, once; returns how many were sent."""
    with transaction.atomic():
        feedback = (
            AccessibilityFeedback.objects.select_for_update()
            .select_related("statement")
            .filter(pk=feedback_id, emailed_at__isnull=True)
            .first()
        )
        if feedback is None:
            return 0
        recipients = feedback.statement.feedback_recipients()
        if not recipients:
            return 0
        statement = feedback.statement
        site = statement.get_site()
        context = {
            "feedback": feedback,
            "statement": statement,
            "site_name": site.site_name if site else "",
            "admin_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/")
            + reverse("accessibility_feedback:inspect", args=[feedback.pk]),
        }
        # To the site's administrators: in the admin's language (Swedish),
        # whatever language the visitor wrote in (named in the email).
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("Synpunkt på tillgängligheten: %(site)s") % {"site": context["site_name"]}
            body = render_to_string("cms/email/accessibility_feedback.txt", context)
        message = EmailMessage(
            subject=subject,
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=recipients,
            reply_to=[feedback.email] if feedback.email else None,
        )
        message.send()
        feedback.emailed_at = timezone.now()
        feedback.save(update_fields=["emailed_at"])
    return len(recipients)
