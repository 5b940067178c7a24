"""Idélabbet's models, split by subdomain.

- ``pages``: the public side (ideas index, idea pages) — public fields only.
- ``submissions``: the private record of who submitted an idea, their status
  link, what they added later, messages shared with them, offers to join, and
  the outgoing email outbox. Never shown on a public page, feed, API or search.
- ``grants``: Snabb slant applications.
- ``moderation``: the Wagtail task type that moderates ideas.
"""

from .choices import HelpWanted, ModerationState, PublicStatus, Theme
from .grants import SnabbSlantApplication, SnabbSlantBudgetLine, SnabbSlantPerson
from .moderation import IdeaModerationTask
from .pages import IdeaIndexPage, IdeaPage
from .submissions import (
    CitizenAddition,
    CoInitiator,
    IdeaAttachment,
    IdeaSubmission,
    OutgoingEmail,
    ParticipationOffer,
    SharedMessage,
)

__all__ = [
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
    "SharedMessage",
    "SnabbSlantApplication",
    "SnabbSlantBudgetLine",
    "SnabbSlantPerson",
    "Theme",
]
