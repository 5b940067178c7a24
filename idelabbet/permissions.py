"""Who may do what in Idélabbet's admin, asked of one object per model.

Model permissions come from group membership (the host site grants
``idelabbet.<codename>`` to its roles). Page editing and approval stay with
Wagtail's page permissions and the moderation task's groups, which are scoped
to the municipality's tree, so another municipality's groups can neither see
nor act on these ideas.
"""

from django.db.models import Q
from guardian.core import ObjectPermissionChecker
from guardian.shortcuts import get_objects_for_user
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permission_policies.base import BasePermissionPolicy

from .models import (
    Case,
    CaseGroupObjectPermission,
    CaseUserObjectPermission,
    IdeaIndexPage,
    IdeaSubmission,
    Note,
    NoteGroupObjectPermission,
    NoteUserObjectPermission,
    Organisation,
    ParticipationOffer,
    SnabbSlantApplication,
)
from .selectors import organisations_for_user
from .workflow import AUTHOR_ONLY, CODENAMES, note_is_authors_alone


class SubmissionPermissionPolicy(ModelPermissionPolicy):
    """A submitter's personal data: the model permission *and* the submission's case.

    "moderate" (idelabbet.moderate_ideasubmission, the moderation queue) is the
    model permission alone. Reading or changing a submission itself (its name,
    contact details, co-initiators and attachments: "view", "change",
    "delete") also needs the ``view`` action on the submission's case, which
    the workflow's map gives to its municipality's coaches, lead and
    moderators, and membership of the municipality's coach or lead group
    (moderators never see contact details): a holder of ``view_ideasubmission`` in one municipality
    reaches nothing of another's, nor a submission whose case they may not see.
    """

    PERSONAL_DATA = frozenset({"view", "change", "delete"})

    @staticmethod
    def _staffed_indexes(user):
        # The municipalities whose coach or lead group the user is in: the
        # workflow's moderators see a case but never the citizen's contact details.
        groups = user.groups.values("pk")
        return IdeaIndexPage.objects.filter(Q(coach_group__in=groups) | Q(lead_group__in=groups))

    def _case_allows(self, user, instance) -> bool:
        case = Case.objects.filter(submission_id=instance.pk).first()
        if case is None or not case_policy.user_has_permission_for_instance(user, "view", case):
            return False
        return user.is_superuser or self._staffed_indexes(user).filter(pk=case.index_id).exists()

    def user_has_permission_for_instance(self, user, action, instance):
        if not self.user_has_permission(user, action):
            return False
        return action not in self.PERSONAL_DATA or self._case_allows(user, instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(self.user_has_permission_for_instance(user, a, instance) for a in actions)

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        if not set(actions) <= self.PERSONAL_DATA:
            return self.model._default_manager.all()
        cases = case_policy.instances_user_has_permission_for(user, "view")
        if not user.is_superuser:
            cases = cases.filter(index__in=self._staffed_indexes(user).values("pk"))
        return self.model._default_manager.filter(case__in=cases)

    def instances_user_has_permission_for(self, user, action):
        return self.instances_user_has_any_permission_for(user, [action])


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
    user_model = None
    group_model = None
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
    user_model = CaseUserObjectPermission
    group_model = CaseGroupObjectPermission
    model_permission = "idelabbet.access_caseboard"


class NotePermissionPolicy(_ObjectPolicy):
    """Who may view or change one note (its visibility and the case's state).

    A note whose visibility no role reads (``workflow.AUTHOR_ONLY``: "privat")
    is its author's alone: no one else, superusers included, may open, change
    or find it. An administrator who must act on a
    departed coach's notes transfers them (``services.access.notes_transfer``),
    which is logged on the case.
    """

    user_model = NoteUserObjectPermission
    group_model = NoteGroupObjectPermission
    model_permission = "idelabbet.access_caseboard"

    def user_has_permission_for_instance(self, user, action, instance, *, fresh=False):
        if note_is_authors_alone(instance.visibility) and instance.author_id != user.pk:
            return False
        return super().user_has_permission_for_instance(user, action, instance, fresh=fresh)

    def instances_user_has_permission_for(self, user, action):
        others_private = Q(visibility__in=AUTHOR_ONLY) & ~Q(author_id=user.pk)
        return super().instances_user_has_permission_for(user, action).exclude(others_private)


case_policy = CasePermissionPolicy(Case)
note_policy = NotePermissionPolicy(Note)

# "moderate" → idelabbet.moderate_ideasubmission: the moderation queue.
# "view" → idelabbet.view_ideasubmission and the case: the submitter's private data.
submission_policy = SubmissionPermissionPolicy(IdeaSubmission)
