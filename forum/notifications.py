"""The forum's emails to one participant, sent by the worker (forum.tasks)."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .links import url_in_active_language
from .models import Registration
from .models.participation import language_for_reply
from .tokens import registration_cancel_token


def registration_cancel_url(registration: Registration) -> str:
    """The absolute cancel link on the meeting's Site, in the active language."""
    index = registration.meeting.get_parent().specific
    token = registration_cancel_token(registration)
    return url_in_active_language(
        index, index.reverse_subpage("cancel_registration", kwargs={"token": token})
    )


def registration_confirmation_deliver(*, registration_id: int) -> bool:
    """Email the confirmation of a registration, once; False when there is nothing to send."""
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update()
            .select_related("meeting")
            .filter(pk=registration_id, confirmed_at__isnull=True)
            .first()
        )
        if registration is None:
            return False
        # In the language the person registered in, with the meeting's page in it.
        with translation.override(language_for_reply(registration.language)):
            meeting = registration.meeting.localized
            context = {
                "registration": registration,
                "meeting": meeting,
                "start": timezone.localtime(meeting.start),
                "meeting_url": url_in_active_language(registration.meeting),
                "cancel_url": registration_cancel_url(registration),
            }
            subject = _("Du är anmäld till %(title)s") % {"title": meeting.title}
            message = render_to_string("forum/email/registration_confirmation.txt", context)
        send_mail(
            subject=subject,
            message=message,
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[registration.email],
        )
        registration.confirmed_at = timezone.now()
        registration.save(update_fields=["confirmed_at"])
    return True
