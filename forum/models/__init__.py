from .content import (
    AppointingBody,
    CoordinationMember,
    CoordinationRole,
    CsamOrganisation,
    GuidingPrinciple,
)
from .pages import (
    FEEDBACK_DUE_AFTER,
    ForumIndexPage,
    MeetingPage,
    MeetingStatus,
    Season,
)
from .participation import (
    FeedbackDelivery,
    FeedbackDispatch,
    FeedbackReminder,
    Registration,
    Sector,
)
from .proposals import ProposalPage, ProposalStatus, ProposalStatusUpdate
from .workflows import OtherOrganiserApprovalTask

__all__ = [
    "FEEDBACK_DUE_AFTER",
    "AppointingBody",
    "CoordinationMember",
    "CoordinationRole",
    "CsamOrganisation",
    "FeedbackDelivery",
    "FeedbackDispatch",
    "FeedbackReminder",
    "ForumIndexPage",
    "GuidingPrinciple",
    "MeetingPage",
    "MeetingStatus",
    "OtherOrganiserApprovalTask",
    "ProposalPage",
    "ProposalStatus",
    "ProposalStatusUpdate",
    "Registration",
    "Season",
    "Sector",
]
