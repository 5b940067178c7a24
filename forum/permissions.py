"""Who may do what with a meeting's registrations and feedback."""

from django.contrib.auth.models import AnonymousUser


class MeetingPermissionPolicy:
    """Organiser rights over one meeting: page rights decide *where*, model rights *what*.

    A person may see a meeting's registrations, or send its feedback, only if
    they may edit that meeting's page (so only on their own municipality's
    tree) and their group holds the model permission for the act
    (``forum.view_registration`` / ``forum.add_feedbackdispatch``).
    """

    def __init__(self, user):
        self.user = user if user is not None else AnonymousUser()

    def _can_edit(self, meeting) -> bool:
        return bool(
            self.user.is_authenticated and meeting.permissions_for_user(self.user).can_edit()
        )

    def can_view_registrations(self, meeting) -> bool:
        return self._can_edit(meeting) and self.user.has_perm("forum.view_registration")

    def can_send_feedback(self, meeting) -> bool:
        return self._can_edit(meeting) and self.user.has_perm("forum.add_feedbackdispatch")


class ReviewPolicy:
    """Whether a person must send a page for review instead of publishing it.

    Under a forum index the four-eyes workflow (``OtherOrganiserApprovalTask``)
    decides what goes live: organisers keep Wagtail's publish right (other
    pages of the site use it), but for forum pages they can only submit, and
    another organiser's approval publishes. Superusers are exempt.
    """

    def __init__(self, user):
        self.user = user

    def must_submit_for_review(self, page) -> bool:
        from .models import OtherOrganiserApprovalTask

        if self.user.is_superuser:
            return False
        workflow = page.get_workflow()
        if workflow is None or not workflow.active:
            return False
        return any(
            isinstance(task, OtherOrganiserApprovalTask) for task in workflow.tasks.specific()
        )
