"""Content the forum's pages refer to: the guiding principles, the coordination
group and Csam's member organisations. Edited as Wagtail snippets."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import TranslatableMixin
from wagtail.search import index


class GuidingPrinciple(TranslatableMixin, index.Indexed, models.Model):
    name = models.CharField(_("namn"), max_length=100)
    slug = models.SlugField(_("kortnamn"), max_length=100, blank=True)
    definition = models.CharField(_("definition"), max_length=400)
    sort_order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    panels = [FieldPanel("name"), FieldPanel("definition"), FieldPanel("sort_order")]
    search_fields = [index.SearchField("name"), index.SearchField("definition")]

    class Meta(TranslatableMixin.Meta):
        ordering = ["sort_order", "name"]
        verbose_name = _("vägledande princip")
        verbose_name_plural = _("vägledande principer")
        # One per language: a translation keeps its source's slug.
        constraints = [
            models.UniqueConstraint(fields=["locale", "name"], name="forum_principle_name"),
            models.UniqueConstraint(fields=["locale", "slug"], name="forum_principle_slug"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name.replace("ö", "o").replace("å", "a").replace("ä", "a"))
        super().save(*args, **kwargs)


class CoordinationRole(models.TextChoices):
    POLITICIAN = "politician", _("Politisk representant")
    SUBSTITUTE = "substitute", _("Ersättare")
    OFFICIAL = "official", _("Kommunal tjänsteperson")
    CIVIL_SOCIETY = "civil_society", _("Representant för civilsamhället")


class AppointingBody(models.TextChoices):
    KOMMUNSTYRELSEN = "kommunstyrelsen", _("Kommunstyrelsen")
    CSAM = "csam", _("Csam")
    NONE = "", _("Ingen (tjänsteperson)")


class CoordinationMember(TranslatableMixin, models.Model):
    """A member of samordningsgruppen for one term."""

    name = models.CharField(_("namn"), max_length=200)
    role = models.CharField(_("roll"), max_length=20, choices=CoordinationRole.choices)
    appointed_by = models.CharField(
        _("utsedd av"), max_length=20, choices=AppointingBody.choices, blank=True
    )
    organisation = models.CharField(
        _("parti, förvaltning eller organisation"), max_length=200, blank=True
    )
    is_chair = models.BooleanField(_("ordförande"), default=False)
    term_start = models.DateField(_("mandatperiod från"))
    term_end = models.DateField(_("mandatperiod till"), null=True, blank=True)

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("role"), FieldPanel("appointed_by")]),
        FieldPanel("organisation"),
        FieldPanel("is_chair"),
        FieldRowPanel([FieldPanel("term_start"), FieldPanel("term_end")]),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["role", "name"]
        verbose_name = _("ledamot i samordningsgruppen")
        verbose_name_plural = _("samordningsgruppen")

    def __str__(self):
        return f"{self.name} ({self.get_role_display()})"

    def clean(self):
        if self.term_start and self.term_end and self.term_end < self.term_start:
            raise ValidationError(
                {"term_end": _("Mandatperioden kan inte sluta innan den har börjat.")}
            )


class CsamOrganisation(index.Indexed, models.Model):
    name = models.CharField(_("namn"), max_length=200, unique=True)
    website = models.URLField(_("webbplats"), blank=True)
    description = models.CharField(_("kort beskrivning"), max_length=300, blank=True)

    panels = [FieldPanel("name"), FieldPanel("website"), FieldPanel("description")]
    search_fields = [index.SearchField("name"), index.SearchField("description")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("Csam-organisation")
        verbose_name_plural = _("Csams medlemsorganisationer")

    def __str__(self):
        return self.name
