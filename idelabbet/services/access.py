"""Writes that keep case rights in step with people and groups.

Group membership, deactivation and deletion change who holds a case role, so
the cases they touch get their django-guardian rows rewritten (and their
catalog entries queued, in the same transaction) by ``case_permissions_sync``.
Only the affected cases are touched, never all of them. A group *rename*
changes nothing: rights and catalog entries name groups by id.
"""

from django.db import transaction

from search.services import catalog_queue

from ..models import Case, Note
from ..selectors.access import cases_of_people, objects_granted_to_group
from .cases import case_permissions_sync


def _resync(case_ids: list[int]) -> int:
    cases = Case.objects.select_related("index").filter(pk__in=case_ids).order_by("pk")
    count = 0
    for case in cases:
        case_permissions_sync(case=case)
        count += 1
    return count


@transaction.atomic
def access_cases_resync(*, case_ids) -> int:
    """Rewrite the rights (and queue the entries) of the cases ``case_ids``."""
    return _resync(list(case_ids))


@transaction.atomic
def access_membership_changed(*, user_ids, group_ids) -> int:
    """Rewrite the rights of the cases a membership change affects; returns how many.

    Called when ``user_ids`` joined or left ``group_ids``: the cases of the
    municipalities naming one of those groups as a role, where one of the users
    is an assigned coach or a note's author.
    """
    return _resync(cases_of_people(user_ids=user_ids, group_ids=group_ids))


@transaction.atomic
def access_user_changed(*, user_id: int) -> int:
    """Rewrite the rights of every case where the user is a coach or an author.

    Called when a user is deactivated, activated again or deleted.
    """
    return _resync(cases_of_people(user_ids=[user_id]))


@transaction.atomic
def access_group_deleting(*, group_id: int) -> None:
    """Queue the entries of the cases and notes the group could see, before it goes.

    Its guardian rows go with the group (cascade), so after the commit the drain
    rebuilds those entries without it.
    """
    case_ids, note_ids = objects_granted_to_group(group_id=group_id)
    catalog_queue(instances=[*Case.objects.filter(pk__in=case_ids).only("pk")])
    catalog_queue(instances=[*Note.objects.filter(pk__in=note_ids).only("pk")])
