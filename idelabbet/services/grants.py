"""Writes of Snabb slant: the application and its completion."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import (
    Case,
    IdeaSubmission,
    SnabbSlantApplication,
    SnabbSlantBudgetLine,
    SnabbSlantPerson,
)
from ..models.base import language_written
from ..models.grants import snabb_slant_budget_error, snabb_slant_persons_error
from .cases import case_decision_deadline_start


@dataclass(frozen=True)
class GroupMember:
    name: str
    contact: str


@dataclass(frozen=True)
class BudgetLine:
    description: str
    amount_sek: int


def snabb_slant_errors(*, persons: list[GroupMember], budget: list[BudgetLine]) -> list[str]:
    """The grant's own rules (``models.grants``), as the form also asks them."""
    errors = [
        snabb_slant_persons_error(len(persons)),
        snabb_slant_budget_error([line.amount_sek for line in budget]),
    ]
    return [error for error in errors if error]


@transaction.atomic
def snabb_slant_apply(
    *,
    submission: IdeaSubmission,
    activity_what: str,
    activity_when: str,
    activity_where: str,
    activity_for_whom: str,
    contacted_idelabbet: bool,
    persons: list[GroupMember],
    budget: list[BudgetLine],
    language: str | None = None,
) -> SnabbSlantApplication:
    """Store a Snabb slant application with its submission time.

    Enforces the grant's rules (``models.grants``: enough private persons, a
    budget within the maximum, contact with Idélabbet confirmed) and raises ``ValidationError``
    otherwise. The three-week clock does not start here but when a coach marks
    the application complete (``snabb_slant_mark_complete``).
    """
    errors = snabb_slant_errors(persons=persons, budget=budget)
    if not contacted_idelabbet:
        errors.append(_("Bekräfta att ni har varit i kontakt med Idélabbet."))
    if errors:
        raise ValidationError(errors)
    application = SnabbSlantApplication.objects.create(
        submission=submission,
        activity_what=activity_what,
        activity_when=activity_when,
        activity_where=activity_where,
        activity_for_whom=activity_for_whom,
        contacted_idelabbet=contacted_idelabbet,
        language=language_written(language),
    )
    SnabbSlantPerson.objects.bulk_create(
        SnabbSlantPerson(application=application, name=p.name, contact=p.contact) for p in persons
    )
    SnabbSlantBudgetLine.objects.bulk_create(
        SnabbSlantBudgetLine(
            application=application, description=line.description, amount_sek=line.amount_sek
        )
        for line in budget
    )
    return application


@transaction.atomic
def snabb_slant_mark_complete(*, application: SnabbSlantApplication, user) -> SnabbSlantApplication:
    """Mark an application complete: the three weeks to a decision start now.

    Idempotent: marking it again keeps the first time, so the clock never restarts.
    """
    application = SnabbSlantApplication.objects.select_for_update().get(pk=application.pk)
    if application.completed_at is None:
        application.completed_at = timezone.now()
        application.completed_by = user
        application.save(update_fields=["completed_at", "completed_by"])
        case = Case.objects.filter(submission_id=application.submission_id).first()
        if case is not None:
            # The decision deadline starts now: the board and reminders follow.
            case_decision_deadline_start(case=case, completed_at=application.completed_at)
    return application
