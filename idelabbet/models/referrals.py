"""The directory of organisations a case can be referred to, and the referrals."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import ByWhomAndWhen
from .choices import Theme
from .pages import ChoiceListField


class OrganisationKind(models.TextChoices):
    ASSOCIATION = "forening", _("Förening")
    NETWORK = "natverk", _("Nätverk")
    STUDY = "studieforbund", _("Studieförbund")
    FAITH = "trossamfund", _("Trossamfund")
    MUNICIPAL = "forvaltning", _("Kommunal förvaltning")


class Organisation(models.Model):
    # The municipality's ideas index: one municipality's directory is its own.
    index = models.ForeignKey(
        "idelabbet.IdeaIndexPage",
        on_delete=models.CASCADE,
        related_name="organisations",
        verbose_name=_("idésamling"),
    )
    name = models.CharField(_("namn"), max_length=200)
    kind = models.CharField(_("slag"), max_length=20, choices=OrganisationKind.choices)
    themes = ChoiceListField(_("teman"), option_choices=Theme.choices, blank=True)
    contact = models.TextField(_("kontakt"), blank=True)
    website = models.URLField(_("webbplats"), blank=True)
    is_public = models.BooleanField(
        _("visas på webbplatsen"),
        default=False,
        help_text=_("Organisationer som visas listas publikt för invånarna."),
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisationer")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_themes_display(self) -> list[str]:
        labels = dict(Theme.choices)
        return [str(labels[value]) for value in self.themes if value in labels]


class Referral(ByWhomAndWhen):
    case = models.ForeignKey("idelabbet.Case", on_delete=models.CASCADE, related_name="referrals")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("till")
    )
    reason = models.TextField(_("varför"), blank=True)

    class Meta(ByWhomAndWhen.Meta):
        verbose_name = _("hänvisning")
        verbose_name_plural = _("hänvisningar")

    def __str__(self):
        return str(self.organisation)
