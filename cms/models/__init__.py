"""The host site's models: its pages and each municipality's site settings."""

from .accessibility import AccessibilityFeedback, AccessibilityStatementPage
from .pages import HomePage, StandardPage
from .site_settings import SiteContact, SiteIdentity

__all__ = [
    "AccessibilityFeedback",
    "AccessibilityStatementPage",
    "HomePage",
    "SiteContact",
    "SiteIdentity",
    "StandardPage",
]
