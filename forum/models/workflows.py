"""A review task where someone else than the submitter must approve."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from wagtail.models import AbstractGroupApprovalTask, TaskState


class OtherOrganiserApprovalTask(AbstractGroupApprovalTask):
    """Group approval where the approver may not be the one who asked for review.

    The submitter is the person who started the workflow or who wrote the
    revision under review. Both are offered no approve/reject actions and are
    refused if they post one anyway; every other member of the groups reviews
    as in Wagtail's ordinary group approval.
    """

    @staticmethod
    def is_submitter(task_state: TaskState, user) -> bool:
        if task_state.workflow_state.requested_by_id == user.pk:
            return True
        revision = task_state.revision
        return revision is not None and revision.user_id == user.pk

    def get_actions(self, obj, user):
        task_state = obj.current_workflow_task_state
        if task_state is not None and self.is_submitter(task_state, user):
            return []
        return super().get_actions(obj, user)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = super().get_task_states_user_can_moderate(user, **kwargs)
        return states.exclude(workflow_state__requested_by=user).exclude(revision__user=user)

    def on_action(self, task_state, user, action_name, **kwargs):
        if self.is_submitter(task_state, user):
            raise PermissionDenied(_("Någon annan än den som skickade in ska granska."))
        return super().on_action(task_state, user, action_name, **kwargs)

    @classmethod
    def get_description(cls):
        return _("En annan medlem i de valda grupperna än den som skickade in godkänner.")

    class Meta:
        verbose_name = _("granskning av en annan arrangör")
        verbose_name_plural = _("granskningar av en annan arrangör")
