"""Writes that keep case rights in step with people and groups.

Group membership, deactivation and deletion change who holds a case role, so
the cases they touch get their django-guardian rows rewritten (and their
catalog entries queued, in the same transaction) by ``case_permissions_sync``.
Only the affected cases are touched, never all of them. A group *rename*
changes nothing: rights and catalog entries name groups by id.

``notes_transfer`` is the one deliberate way past "private means private".
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from search.services import catalog_queue

from ..models import Case, Note
from ..selectors.access import case_staff_ids, cases_of_people, objects_granted_to_group
from .audit import NOTES_TRANSFERRED
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


def may_transfer_notes(user) -> bool:
    """Whether ``user`` may transfer notes: a site administrator (manages accounts)."""
    return user.is_active and (user.is_superuser or user.has_perm("auth.change_user"))


@transaction.atomic
def notes_transfer(*, from_user, to_user, by) -> int:
    """Give a departed coach's notes to another coach; logged on each case. Returns how many.

    The only way anybody but its author reaches a private note. ``by`` must be
    a site administrator; ``from_user`` must no longer work in the case's
    municipality (deactivated or out of its coach and lead groups), so an
    active coach's private notes cannot be taken; ``to_user`` must work there
    now. Each case gets a log entry (who, when, from whom, to whom, how many),
    shown on its timeline and in Wagtail's audit report, and its rights and
    catalog entries are rewritten in this transaction.
    """
    if not may_transfer_notes(by):
        raise PermissionDenied
    if from_user.pk == to_user.pk:
        raise ValidationError(_("Välj en annan coach att överföra anteckningarna till."))
    notes = list(Note.objects.filter(author=from_user).select_related("case__index"))
    by_case: dict[int, list[Note]] = {}
    for note in notes:
        by_case.setdefault(note.case_id, []).append(note)
    for case_notes in by_case.values():
        case = case_notes[0].case
        if case_staff_ids(case=case, user_ids=[from_user.pk]):
            raise ValidationError(
                _("%(name)s arbetar kvar som coach i kommunen: anteckningarna är deras.")
                % {"name": from_user.get_full_name() or from_user.get_username()}
            )
        if not case_staff_ids(case=case, user_ids=[to_user.pk]):
            raise ValidationError(
                _("%(name)s är inte coach eller processledare i ärendets kommun.")
                % {"name": to_user.get_full_name() or to_user.get_username()}
            )
    Note.objects.filter(pk__in=[n.pk for n in notes]).update(author=to_user)
    for case_notes in by_case.values():
        case = case_notes[0].case
        log(
            instance=case,
            action=NOTES_TRANSFERRED,
            user=by,
            data={
                "from": from_user.pk,
                "to": to_user.pk,
                "notes": [n.pk for n in case_notes],
                "detail": _("%(count)s från %(old)s till %(new)s")
                % {
                    "count": len(case_notes),
                    "old": from_user.get_full_name() or from_user.get_username(),
                    "new": to_user.get_full_name() or to_user.get_username(),
                },
            },
        )
    _resync(list(by_case))
    return len(notes)
