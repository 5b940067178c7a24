"""Writes of the host site: municipalities, accessibility feedback."""

from .accessibility import accessibility_feedback_submit
from .deactivation import municipality_activate, municipality_deactivate
from .municipalities import (
    hostname_normalise,
    municipalities_sync,
    municipality_add,
    municipality_apply,
    municipality_practices_enable,
    municipality_validate,
    site_admins_ensure,
)

__all__ = [
    "accessibility_feedback_submit",
    "hostname_normalise",
    "municipalities_sync",
    "municipality_activate",
    "municipality_add",
    "municipality_apply",
    "municipality_deactivate",
    "municipality_practices_enable",
    "municipality_validate",
    "site_admins_ensure",
]
