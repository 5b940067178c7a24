"""Idélabbet's models, split by subdomain.

- ``pages``: the public side (ideas index, idea pages) — public fields only.
- ``submissions``: the private record of who submitted an idea, their status
  link, what they added later, messages shared with them, offers to join, and
  the outgoing email outbox. Never shown on a public page, feed, API or search.
- ``grants``: Snabb slant applications.
- ``moderation``: the Wagtail task type that moderates ideas.
- ``cases``: the coaches' case per idea, its history, notes and reminders.
- ``referrals``: the directory of organisations and the referrals to them.
"""

from .cases import (
    Case,
    CaseDeadline,
    CaseGroupObjectPermission,
    CaseReminder,
    CaseTransition,
    CaseUserObjectPermission,
    DeadlineKind,
    Note,
    NoteAttachment,
    NoteGroupObjectPermission,
    NoteRevision,
    NoteUserObjectPermission,
    NoteVisibility,
)
from .choices import HelpWanted, ModerationState, PublicStatus, Theme
from .grants import SnabbSlantApplication, SnabbSlantBudgetLine, SnabbSlantPerson
from .moderation import IdeaModerationTask
from .pages import IdeaIndexPage, IdeaPage
from .referrals import Organisation, OrganisationKind, Referral
from .submissions import (
    CitizenAddition,
    CoInitiator,
    IdeaAttachment,
    IdeaSubmission,
    OutgoingEmail,
    ParticipationOffer,
)

__all__ = [
    "Case",
    "CaseDeadline",
    "CaseGroupObjectPermission",
    "CaseReminder",
    "CaseTransition",
    "CaseUserObjectPermission",
    "DeadlineKind",
    "Note",
    "NoteAttachment",
    "NoteGroupObjectPermission",
    "NoteRevision",
    "NoteUserObjectPermission",
    "NoteVisibility",
    "Organisation",
    "OrganisationKind",
    "Referral",
    "CitizenAddition",
    "CoInitiator",
    "HelpWanted",
    "IdeaAttachment",
    "IdeaIndexPage",
    "IdeaModerationTask",
    "IdeaPage",
    "IdeaSubmission",
    "ModerationState",
    "OutgoingEmail",
    "ParticipationOffer",
    "PublicStatus",
    "SnabbSlantApplication",
    "SnabbSlantBudgetLine",
    "SnabbSlantPerson",
    "Theme",
]
