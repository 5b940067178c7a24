"""The host site's models: its pages and each municipality's site settings."""

# The yearly report's page type lives with the rest of the follow-up (cms.reporting).
from ..reporting.models import AnnualReportPage
from .accessibility import AccessibilityFeedback, AccessibilityStatementPage
from .languages import LanguageSettings
from .operations import (
    ClockHeartbeat,
    JobRun,
    TwoFactorRequirement,
    WorkerHeartbeat,
    WorkflowEmail,
)
from .pages import HomePage, StandardPage
from .site_settings import SiteContact, SiteIdentity
from .site_texts import SiteTexts

__all__ = [
    "AccessibilityFeedback",
    "AnnualReportPage",
    "AccessibilityStatementPage",
    "ClockHeartbeat",
    "HomePage",
    "JobRun",
    "LanguageSettings",
    "SiteContact",
    "SiteIdentity",
    "SiteTexts",
    "StandardPage",
    "TwoFactorRequirement",
    "WorkerHeartbeat",
    "WorkflowEmail",
]
