"""Who may do what in Idélabbet's admin, asked of one object per model.

Model permissions come from group membership (the host site grants
``idelabbet.<codename>`` to its roles). Page editing and approval stay with
Wagtail's page permissions and the moderation task's groups, which are scoped
to the municipality's tree, so another municipality's groups can neither see
nor act on these ideas.
"""

from guardian.core import ObjectPermissionChecker
from guardian.shortcuts import get_objects_for_user
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permission_policies.base import BasePermissionPolicy

from .models import (
    Case,
    IdeaSubmission,
    Note,
    Organisation,
    ParticipationOffer,
    SnabbSlantApplication,
)
from .selectors import organisations_for_user
from .workflow import CODENAMES

# "moderate" → idelabbet.moderate_ideasubmission: the moderation queue.
# "view" → idelabbet.view_ideasubmission: the submitter's private data.
submission_policy = ModelPermissionPolicy(IdeaSubmission)
participation_policy = ModelPermissionPolicy(ParticipationOffer)
# "change" → idelabbet.change_snabbslantapplication: mark an application complete.
snabb_slant_policy = ModelPermissionPolicy(SnabbSlantApplication)


class OrganisationPermissionPolicy(ModelPermissionPolicy):
    """The directory's model permissions, within the municipalities the user works in.

    What a user may do comes from their groups' model permissions (a lead adds
    and changes, a coach views); which organisations they may do it to is the
    directory of the ideas indexes whose role groups they belong to. A superuser
    reaches every municipality's directory.
    """

    def user_has_any_permission_for_instance(self, user, actions, instance):
        if not self.user_has_any_permission(user, actions):
            return False
        return organisations_for_user(user=user).filter(pk=instance.pk).exists()

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        return organisations_for_user(user=user)


organisation_policy = OrganisationPermissionPolicy(Organisation)


class _ObjectPolicy(BasePermissionPolicy):
    """A permission policy over django-guardian object permissions.

    ``user_has_permission`` answers for the model (may this user open the
    case board at all); the ``*_for_instance`` methods answer from the
    direct-FK guardian rows, through one ``ObjectPermissionChecker`` per user
    and request, so a list checked after ``prefetch`` costs no more queries.
    """

    codenames: dict[str, str] = {}
    model_permission = ""

    def _codename(self, action: str) -> str:
        return self.codenames.get(action, f"{action}_{self.model._meta.model_name}")

    def checker(self, user, *, fresh: bool = False) -> ObjectPermissionChecker:
        attr = f"_idelabbet_{self.model._meta.model_name}_checker"
        if fresh or not hasattr(user, attr):
            setattr(user, attr, ObjectPermissionChecker(user))
        return getattr(user, attr)

    def prefetch(self, user, instances) -> None:
        if user.is_authenticated and instances:
            self.checker(user).prefetch_perms(instances)

    def user_has_permission(self, user, action):
        return user.is_active and user.has_perm(self.model_permission)

    def user_has_permission_for_instance(self, user, action, instance, *, fresh=False):
        if not (user.is_authenticated and user.is_active):
            return False
        return self.checker(user, fresh=fresh).has_perm(self._codename(action), instance)

    def instances_user_has_permission_for(self, user, action):
        if not (user.is_authenticated and user.is_active):
            return self.model.objects.none()
        # Object rows only: the model permission opens the board, never every case.
        return get_objects_for_user(
            user, self._codename(action), klass=self.model, accept_global_perms=False
        )

    def users_with_any_permission(self, actions):
        raise NotImplementedError  # not needed: principals come from selectors.cases

    def users_with_permission_for_instance(self, action, instance):
        raise NotImplementedError


class CasePermissionPolicy(_ObjectPolicy):
    """Who may view, change, write notes in or move one case (workflow actions)."""

    codenames = CODENAMES
    model_permission = "idelabbet.access_caseboard"


class NotePermissionPolicy(_ObjectPolicy):
    """Who may view or change one note (its visibility and the case's state)."""

    model_permission = "idelabbet.access_caseboard"


case_policy = CasePermissionPolicy(Case)
note_policy = NotePermissionPolicy(Note)
