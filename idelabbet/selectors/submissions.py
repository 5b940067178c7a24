"""Who may see a submission's private side (its personal data and attachments)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q

from ..models import Case, IdeaSubmission
from ..permissions import submission_policy
from .cases import Principals, case_principals


def submission_view_permission() -> Permission | None:
    """The model permission ``submission_policy`` asks for "view" (granting it changes viewers)."""
    app_label, codename = submission_policy._get_permission_name("view").split(".", 1)
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()


def submission_principals(*, submission: IdeaSubmission) -> Principals:
    """The users who may see ``submission``'s private data, by id.

    Exactly those ``submission_policy.user_has_permission_for_instance(user,
    "view", submission)`` lets through — the check the attachment download
    makes — asked of everybody who may see the submission's case (nobody else
    can pass it). Users, not groups: the policy needs several things at once
    (the permission, the case, the municipality's coach or lead group), which
    no single group stands for. A submission without a case has no viewers
    here (superusers see everything that is not private).
    """
    case = Case.objects.filter(submission_id=submission.pk).first()
    if case is None:
        return Principals(user_ids=frozenset(), group_ids=frozenset())
    seeing_case = case_principals(case=case)
    candidates = (
        get_user_model()
        .objects.filter(
            Q(pk__in=seeing_case.user_ids) | Q(groups__in=seeing_case.group_ids), is_active=True
        )
        .distinct()
    )
    return Principals(
        user_ids=frozenset(
            user.pk
            for user in candidates
            if submission_policy.user_has_permission_for_instance(user, "view", submission)
        ),
        group_ids=frozenset(),
    )
