"""Writes of the municipalities: deactivation and reactivation.

A deactivated municipality's site answers one clear page (``cms.closed_sites``),
its data is kept, and its staff lose access: they are taken out of its groups,
and who was where is kept for reactivation.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Municipality, MunicipalityGroup, SuspendedMembership
from .municipalities import inactive_hosts_changed


def _admins_left_without(municipality: Municipality) -> bool:
    """Whether someone may still manage municipalities once ``municipality``'s staff lose access."""
    User = get_user_model()
    own_groups = MunicipalityGroup.objects.filter(municipality=municipality).values("group")
    managing = Group.objects.filter(
        permissions__content_type__app_label="cms",
        permissions__codename="change_municipality",
    ).exclude(pk__in=own_groups)
    return (
        User.objects.filter(is_active=True)
        .filter(Q(is_superuser=True) | Q(groups__in=managing))
        .exists()
    )


@transaction.atomic
def municipality_deactivate(*, municipality: Municipality) -> Municipality:
    """Close a municipality: its site answers "closed", its staff lose access, its data stays.

    Its staff are taken out of its groups (membership is what opens the admin,
    the case board and search), and who was where is kept for
    ``municipality_activate``. Refused for the last active municipality and
    when no site administrator would be left to reopen it.
    """
    municipality = Municipality.objects.select_for_update().get(pk=municipality.pk)
    if not municipality.is_active:
        return municipality
    if not Municipality.objects.filter(is_active=True).exclude(pk=municipality.pk).exists():
        raise ValidationError(
            _(
                "%(name)s är den sista aktiva kommunen och kan inte avaktiveras: "
                "webbplatsadministratörerna skulle inte ha någon webbplats kvar."
            )
            % {"name": municipality.name},
            code="last_municipality",
        )
    if not _admins_left_without(municipality):
        raise ValidationError(
            _(
                "%(name)s kan inte avaktiveras: ingen webbplatsadministratör skulle ha "
                "kvar behörighet att aktivera den igen."
            )
            % {"name": municipality.name},
            code="last_site_admin",
        )
    User = get_user_model()
    for link in MunicipalityGroup.objects.filter(municipality=municipality):
        members = list(User.objects.filter(groups=link.group_id).values_list("pk", flat=True))
        SuspendedMembership.objects.bulk_create(
            [
                SuspendedMembership(municipality=municipality, group_id=link.group_id, user_id=pk)
                for pk in members
            ],
            ignore_conflicts=True,
        )
        link.group.user_set.clear()
    municipality.is_active = False
    municipality.deactivated_at = timezone.now()
    municipality.save(update_fields=["is_active", "deactivated_at"])
    inactive_hosts_changed()
    return municipality


@transaction.atomic
def municipality_activate(*, municipality: Municipality) -> Municipality:
    """Reopen a deactivated municipality: its site answers, its staff get their groups back."""
    municipality = Municipality.objects.select_for_update().get(pk=municipality.pk)
    if municipality.is_active:
        return municipality
    for suspended in SuspendedMembership.objects.filter(municipality=municipality):
        suspended.group.user_set.add(suspended.user_id)
    SuspendedMembership.objects.filter(municipality=municipality).delete()
    municipality.is_active = True
    municipality.deactivated_at = None
    municipality.save(update_fields=["is_active", "deactivated_at"])
    inactive_hosts_changed()
    return municipality
