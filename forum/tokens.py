"""The no-account link that cancels a registration: signed, bound to one registration.

The token names the registration's id and the moment it was made, signed with
the site's SECRET_KEY: it cannot be guessed or moved to another registration,
and a registration made later with a reused id does not match an old link.
"""

from django.core import signing

from .models import Registration

SALT = "forum.registration.cancel"


def registration_cancel_token(registration: Registration) -> str:
    return signing.dumps(
        {"r": registration.pk, "t": registration.created_at.isoformat()}, salt=SALT
    )


def registration_for_cancel_token(token: str) -> Registration | None:
    """The registration the token was made for, or None (bad, foreign or already cancelled)."""
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    registration = Registration.objects.select_related("meeting").filter(pk=data.get("r")).first()
    if registration is None or registration.created_at.isoformat() != data.get("t"):
        return None
    return registration
