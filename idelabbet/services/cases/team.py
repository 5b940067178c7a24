"""The team of a case: assigning and re-assigning its coaches."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ...models import Case, CaseTransition
from ...permissions import case_policy
from ...selectors.cases import case_assignable_coaches
from ...selectors.people import person_name
from ...workflow import Action
from .permissions import case_permissions_sync
from .transitions import case_bump


@transaction.atomic
def case_coaches_set(*, case: Case, user, coaches, version: int | None) -> Case:
    """Assign or re-assign the case's coaches, and rewrite who may do what.

    Only the municipality's coaches and lead can be assigned; the user needs
    the ``change`` action; ``version`` guards against a concurrent change.
    """
    if not case_policy.user_has_permission_for_instance(user, Action.CHANGE, case, fresh=True):
        raise PermissionDenied
    case = case_bump(case, version)
    allowed = set(case_assignable_coaches(case=case).values_list("pk", flat=True))
    chosen = {c.pk for c in coaches}
    if chosen - allowed:
        raise ValidationError(_("Bara kommunens coacher kan tilldelas ärendet."))
    before = set(case.coaches.values_list("pk", flat=True))
    if chosen != before:
        case.coaches.set(chosen)
        names = ", ".join(sorted(person_name(u) for u in coaches)) or _("ingen")
        CaseTransition.objects.create(
            case=case,
            name="tilldela",
            from_state=case.state,
            to_state=case.state,
            user=user,
            comment=_("Coacher: %(names)s") % {"names": names},
        )
        case_permissions_sync(case=case)
    return case
