"""Snabb slant: a grant of up to 10,000 SEK for an open activity.

The decision is guaranteed within three weeks after the application is
*complete*, not after it was first sent: ``completed_at`` starts that clock.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..workflow import DECISION_WITHIN
from .base import WrittenInLanguage

# The grant's rules (DOMAIN: 004:1794–1802). The form, the service and the
# decision all ask the functions below; the messages are built from these.
MAX_AMOUNT_SEK = 10_000
MIN_PERSONS = 3


def format_sek(amount: int) -> str:
    """An amount in kronor with the active language's thousands separator."""
    return number_format(amount, force_grouping=True)


def snabb_slant_persons_error(count: int) -> str | None:
    """Why a group of ``count`` private persons cannot apply, or ``None``."""
    if count >= MIN_PERSONS:
        return None
    return gettext("Ni behöver vara minst %(min)d privatpersoner (ni har angett %(count)d).") % {
        "min": MIN_PERSONS,
        "count": count,
    }


def snabb_slant_amount_error() -> str:
    return gettext("Snabb slant ger högst %(max)s kronor.") % {"max": format_sek(MAX_AMOUNT_SEK)}


def snabb_slant_budget_error(amounts: list[int]) -> str | None:
    """Why a budget of these lines cannot be granted, or ``None``."""
    if not amounts:
        return gettext("Ange minst en budgetrad.")
    total = sum(amounts)
    if total > MAX_AMOUNT_SEK:
        return (
            gettext("Budgeten är %(total)s kronor.") % {"total": format_sek(total)}
            + " "
            + snabb_slant_amount_error()
        )
    return None


class SnabbSlantApplication(WrittenInLanguage):
    submission = models.ForeignKey(
        "idelabbet.IdeaSubmission",
        on_delete=models.CASCADE,
        related_name="snabb_slant_applications",
        verbose_name=_("inskickad idé"),
    )
    activity_what = models.TextField(_("vad är aktiviteten?"))
    activity_when = models.CharField(_("när?"), max_length=200)
    activity_where = models.CharField(_("var?"), max_length=200)
    activity_for_whom = models.TextField(_("för vem?"))
    contacted_idelabbet = models.BooleanField(_("vi har varit i kontakt med Idélabbet"))
    submitted_at = models.DateTimeField(_("inskickad"), default=timezone.now)
    completed_at = models.DateTimeField(
        _("fullständig"),
        null=True,
        blank=True,
        help_text=_("När ansökan är fullständig börjar tre veckor till beslut."),
    )
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("markerad fullständig av"),
    )

    class Meta:
        verbose_name = _("ansökan om Snabb slant")
        verbose_name_plural = _("ansökningar om Snabb slant")
        ordering = ["submitted_at"]

    def __str__(self):
        return f"{self.activity_what[:50]} ({timezone.localtime(self.submitted_at):%Y-%m-%d})"

    @property
    def total_sek(self) -> int:
        return sum(line.amount_sek for line in self.budget_lines.all())

    @property
    def decision_due_at(self):
        return self.completed_at + DECISION_WITHIN if self.completed_at else None


class SnabbSlantPerson(models.Model):
    application = models.ForeignKey(
        SnabbSlantApplication, on_delete=models.CASCADE, related_name="persons"
    )
    name = models.CharField(_("namn"), max_length=200)
    contact = models.CharField(_("e-post eller telefon"), max_length=254)

    class Meta:
        verbose_name = _("person i gruppen")
        verbose_name_plural = _("personer i gruppen")

    def __str__(self):
        return self.name


class SnabbSlantBudgetLine(models.Model):
    application = models.ForeignKey(
        SnabbSlantApplication, on_delete=models.CASCADE, related_name="budget_lines"
    )
    description = models.CharField(_("kostnad"), max_length=200)
    amount_sek = models.PositiveIntegerField(_("belopp i kronor"))

    class Meta:
        verbose_name = _("budgetrad")
        verbose_name_plural = _("budgetrader")

    def __str__(self):
        return f"{self.description}: {self.amount_sek} kr"
