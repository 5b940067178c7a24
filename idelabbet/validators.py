"""Validators shared by the citizen forms."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# YYMMDD-NNNN or YYYYMMDDNNNN, with or without the dash or plus.
_PERSONNUMMER = re.compile(r"(?<!\d)(?:19|20)?(\d{6})[-+ ]?(\d{4})(?!\d)")


def _luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(digits):
        value = int(char) * (2 if index % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def contains_personal_identity_number(text: str) -> bool:
    for match in _PERSONNUMMER.finditer(text or ""):
        if _luhn_ok(match.group(1) + match.group(2)):
            return True
    return False


def no_personal_identity_number(value: str) -> None:
    """Idélabbet never needs a personal identity number, so none is stored by mistake."""
    if contains_personal_identity_number(value):
        raise ValidationError(
            _("Skriv inte personnummer här. Vi behöver det inte, och det ska inte sparas."),
            code="personnummer",
        )


_PHONE = re.compile(r"^\+?[\d\s\-()]{6,25}$")


def phone_number(value: str) -> None:
    digits = re.sub(r"\D", "", value or "")
    if not _PHONE.match(value or "") or not 6 <= len(digits) <= 15:
        raise ValidationError(
            _("Skriv ett telefonnummer med siffror, till exempel 070-123 45 67."), code="phone"
        )
