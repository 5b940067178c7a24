"""The one rule for a municipality's accent colour: readable on white (WCAG 2.1 AA).

The accent colour is used for links and headings on white, and as the
background of buttons with white text; both need a contrast of at least 4.5:1
against white. The contrast is computed by coloraide's WCAG 2.1 method.
"""

import re

from coloraide import Color
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

DEFAULT_ACCENT = "#0b5394"
MIN_CONTRAST = 4.5
HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def contrast_with_white(colour: str) -> float:
    """The WCAG 2.1 contrast ratio between ``colour`` (``#rrggbb``) and white."""
    return Color(colour).contrast("white", method="wcag21")


def accent_colour_validator(value: str) -> None:
    """Refuse a colour that is not ``#rrggbb`` or too light to read on white."""
    if not HEX_COLOUR.match(value or ""):
        raise ValidationError(
            _("Skriv färgen som # följt av sex tecken 0–9 och a–f, till exempel #0b5394."),
            code="format",
        )
    ratio = contrast_with_white(value)
    if ratio < MIN_CONTRAST:
        raise ValidationError(
            _(
                "Färgen %(colour)s har bara kontrasten %(ratio)s:1 mot vitt. Den behöver minst "
                "4,5:1 för att text i färgen och vit text på den ska gå att läsa (WCAG 2.1 AA). "
                "Välj en mörkare nyans."
            ),
            code="contrast",
            params={"colour": value, "ratio": number_format(ratio, 1)},
        )
