"""Who may do what in Idélabbet's admin, asked of one object per model.

Model permissions come from group membership (the host site grants
``idelabbet.<codename>`` to its roles). Page editing and approval stay with
Wagtail's page permissions and the moderation task's groups, which are scoped
to the municipality's tree, so another municipality's groups can neither see
nor act on these ideas.
"""

from wagtail.permission_policies import ModelPermissionPolicy

from .models import (
    IdeaSubmission,
    ParticipationOffer,
    SharedMessage,
    SnabbSlantApplication,
)

# "moderate" → idelabbet.moderate_ideasubmission: the moderation queue.
# "view" → idelabbet.view_ideasubmission: the submitter's private data.
submission_policy = ModelPermissionPolicy(IdeaSubmission)
participation_policy = ModelPermissionPolicy(ParticipationOffer)
shared_message_policy = ModelPermissionPolicy(SharedMessage)
# "change" → idelabbet.change_snabbslantapplication: mark an application complete.
snabb_slant_policy = ModelPermissionPolicy(SnabbSlantApplication)
