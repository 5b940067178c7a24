"""A municipality the install serves: a record, created by an operator, not code.

Each municipality is one Wagtail Site (and its home page), one collection for
its images and documents, and one group per role of the practices it runs
(``cms.municipalities`` lists the practices and where their role templates
live). ``cms.services.municipalities`` creates and changes them.
"""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import Collection, Site


class Municipality(models.Model):
    name = models.CharField(
        _("namn"),
        max_length=100,
        unique=True,
        help_text=_("Kort namn, t.ex. Sollentuna. Grupperna heter efter det."),
    )
    slug = models.SlugField(_("kortnamn i adresser"), max_length=100, unique=True)
    organisation = models.CharField(
        _("organisation"),
        max_length=200,
        blank=True,
        help_text=_("T.ex. Sollentuna kommun. Utgivare av öppna data och namn på samlingen."),
    )
    site = models.OneToOneField(
        Site, on_delete=models.PROTECT, related_name="municipality", verbose_name=_("webbplats")
    )
    collection = models.ForeignKey(
        Collection,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("samling för bilder och dokument"),
    )
    # Keys of cms.municipalities.PRACTICES, in the order they were switched on.
    practices = models.JSONField(_("verksamheter"), default=list, blank=True)
    is_active = models.BooleanField(_("aktiv"), default=True)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    deactivated_at = models.DateTimeField(_("avaktiverad"), null=True, blank=True)

    class Meta:
        verbose_name = _("kommun")
        verbose_name_plural = _("kommuner")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @admin.display(description=_("adress"))
    def address_display(self) -> str:
        return self.site.root_url

    @admin.display(description=_("status"))
    def active_display(self) -> str:
        return _("Aktiv") if self.is_active else _("Avaktiverad")


class MunicipalityGroup(models.Model):
    """The group that holds one role (``coach``, ``moderator`` …) in one municipality.

    Roles are found by this row (by id), never by the group's name, which an
    administrator may change.
    """

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="role_groups"
    )
    role = models.CharField(max_length=40)
    group = models.OneToOneField(Group, on_delete=models.CASCADE, related_name="municipality_role")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["municipality", "role"], name="one_group_per_role")
        ]

    def __str__(self) -> str:
        return f"{self.municipality}: {self.role}"


class SuspendedMembership(models.Model):
    """A staff member's place in a group of a deactivated municipality, kept for reactivation.

    Deactivating a municipality takes its staff out of its groups (group
    membership is the one source of access: admin, case board, search
    principals) and keeps who was where here.
    """

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="suspended_memberships"
    )
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="one_suspension_per_membership")
        ]

    def __str__(self) -> str:
        return f"{self.municipality}: {self.group_id} → {self.user_id}"
