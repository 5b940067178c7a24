"""Reads behind access that follows people and groups: who still holds a case role.

A coach assigned to a case keeps the assignment's rights only while they are
an active member of the municipality's coach or lead group
(``case_assignable_coaches``, the same rule that says who may be assigned).
So removing a coach from the group, or deactivating them, takes the rights
away; the services in ``services.access`` find the cases that change.
"""

from django.db.models import Q

from ..models import Case, CaseGroupObjectPermission, IdeaIndexPage, NoteGroupObjectPermission
from .cases import case_assignable_coaches


def case_staff_ids(*, case: Case, user_ids) -> set[int]:
    """The users among ``user_ids`` who work in the case's municipality now.

    Active members of its coach or lead group: the people a case may be
    assigned to. An assigned coach or a note's author outside this set keeps
    no rights on the case or the note (moved on, or deactivated).
    """
    ids = {pk for pk in user_ids if pk}
    if not ids:
        return set()
    return set(case_assignable_coaches(case=case).filter(pk__in=ids).values_list("pk", flat=True))


def case_team_ids(*, case: Case) -> set[int]:
    """The assigned coaches of ``case`` who may act as its team now."""
    return case_staff_ids(case=case, user_ids=case.coaches.values_list("pk", flat=True))


def cases_of_people(*, user_ids, group_ids=None) -> list[int]:
    """The cases whose rights depend on ``user_ids`` (as assigned coach or note author).

    With ``group_ids``, only cases of municipalities naming one of those groups
    as a role: a membership change in any other group changes nothing here.
    """
    user_ids = set(user_ids)
    if not user_ids:
        return []
    cases = Case.objects.filter(Q(coaches__in=user_ids) | Q(notes__author__in=user_ids))
    if group_ids is not None:
        group_ids = set(group_ids)
        indexes = IdeaIndexPage.objects.filter(
            Q(coach_group__in=group_ids)
            | Q(lead_group__in=group_ids)
            | Q(moderator_group__in=group_ids)
        ).values("pk")
        cases = cases.filter(index__in=indexes)
    return sorted(set(cases.values_list("pk", flat=True)))


def objects_granted_to_group(*, group_id: int) -> tuple[list[int], list[int]]:
    """The ids of the cases and notes whose guardian rows name ``group_id``."""
    case_ids = CaseGroupObjectPermission.objects.filter(group_id=group_id).values_list(
        "content_object_id", flat=True
    )
    note_ids = NoteGroupObjectPermission.objects.filter(group_id=group_id).values_list(
        "content_object_id", flat=True
    )
    return sorted(set(case_ids)), sorted(set(note_ids))
