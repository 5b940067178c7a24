"""The forum's emails to one participant, sent by the worker (forum.tasks)."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import translate_url
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import Registration
from .models.participation import language_for_reply
from .tokens import registration_cancel_token


def url_in_active_language(page, path: str = "") -> str:
    """The absolute address of ``page`` (and ``path`` below it) for a reader of the active language.

    Its translation's when there is one (``Page.localized``); else the page
    under the language's prefix (``/ar/forum/…``), served from the source
    page with the interface in that language. Swedish: the page's own address.
    """
    localized = page.localized
    url = localized.get_full_url().rstrip("/") + "/" + path
    if localized.locale.language_code == translation.get_language():
        return url
    return translate_url(url, translation.get_language())


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
