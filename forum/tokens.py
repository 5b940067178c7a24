"""The no-account link that cancels a registration: signed, bound to one registration.

The token is the registration's id and an HMAC (Django's ``salted_hmac`` with
SECRET_KEY) of the id and the moment it was made: it cannot be guessed or moved
to another registration, and a registration made later with a reused id does
not match an old link. Only letters, digits and "-", so Wagtail's page URLs
(``[\\w-]+/`` segments) route it.
"""

from django.utils.crypto import constant_time_compare, salted_hmac

from .models import Registration

SALT = "forum.registration.cancel"


def _signature(registration: Registration) -> str:
    value = f"{registration.pk}:{registration.created_at.isoformat()}"
    return salted_hmac(SALT, value, algorithm="sha256").hexdigest()[:40]


def registration_cancel_token(registration: Registration) -> str:
    return f"{registration.pk}-{_signature(registration)}"


def registration_for_cancel_token(token: str) -> Registration | None:
    """The registration the token was made for, or None (bad, foreign or already cancelled)."""
    pk, _sep, signature = token.partition("-")
    if not pk.isdigit() or not signature:
        return None
    registration = Registration.objects.select_related("meeting").filter(pk=int(pk)).first()
    if registration is None or not constant_time_compare(signature, _signature(registration)):
        return None
    return registration
