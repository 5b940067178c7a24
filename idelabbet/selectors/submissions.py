"""Who may see a submission's private side (its personal data and attachments)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from ..permissions import submission_policy
from .cases import Principals


def submission_view_permission() -> Permission | None:
    """The permission ``submission_policy`` asks for "view" (the attachment download's check)."""
    app_label, codename = submission_policy._get_permission_name("view").split(".", 1)
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()


def submission_principals() -> Principals:
    """The groups and users that may see every submission's private data.

    The same answer as ``submission_policy.user_has_permission(user, "view")``,
    which guards the attachment download: the groups holding the permission,
    and users holding it themselves (superusers see all anyway).
    """
    permission = submission_view_permission()
    if permission is None:
        return Principals(frozenset(), frozenset())
    users = get_user_model().objects.filter(user_permissions=permission, is_active=True)
    return Principals(
        user_ids=frozenset(users.values_list("pk", flat=True)),
        group_names=frozenset(
            Group.objects.filter(permissions=permission).values_list("name", flat=True)
        ),
    )
