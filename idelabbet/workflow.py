"""The coaches' case workflow, as data (in the manner of Plone's DCWorkflow).

Read this file to know the whole process: the states, the transitions between
them with the guard of each, and for each state a permission map saying which
role may do which action on the case. Nothing else decides it:
``services.cases.case_permissions_sync`` turns the map into django-guardian
object permissions whenever a case changes state or team, and the generated
permission test walks every role × state × action cell of ``PERMISSIONS``.

Roles are relative to one case:

- ``assigned``: the coaches assigned to the case (one or more);
- ``coach``: the municipality's other coaches (the index page's coach group);
- ``lead``: the coach lead, *processledare* (the index page's lead group);
- ``moderator``: the municipality's moderators (never see contact details);
- ``citizen``: the person who submitted the idea. They have no account and
  never reach the admin; through the status link they see the public status
  and the notes shared with them, so they hold no admin action here.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    RECEIVED = "inkommen", _("Inkommen")
    CONTACTED = "forsta-kontakt", _("Första kontakt")
    COACHING = "coachning", _("Coachning")
    APPLICATION = "ansokan", _("Projektplan/ansökan")
    DECIDED = "beslut", _("Beslut")
    REALISING = "genomfors", _("Genomförs")
    CLOSED = "avslutat", _("Avslutat")
    REFERRED = "hanvisat", _("Hänvisat")
    DECLINED = "avbojt", _("Avböjt")
    WITHDRAWN = "aterkallat", _("Återkallat")


class Outcome(models.TextChoices):
    REALISED = "genomford", _("Genomförd")
    ASSOCIATION = "forening", _("Fortsätter i en förening")
    MUNICIPALITY = "kommunen", _("Förankrad i kommunen (t.ex. IOP)")
    NOT_REALISED = "ej-genomford", _("Blev inte av")


class Role(models.TextChoices):
    ASSIGNED = "assigned", _("Tilldelad coach")
    COACH = "coach", _("Annan coach i kommunen")
    LEAD = "lead", _("Processledare")
    MODERATOR = "moderator", _("Moderator")
    CITIZEN = "citizen", _("Idébäraren")


class Action(models.TextChoices):
    VIEW = "view", _("Se ärendet")
    CHANGE = "change", _("Ändra ärendet och dess coacher")
    ADD_NOTE = "note", _("Skriva anteckningar")
    TRANSITION = "transition", _("Flytta ärendet")


# The guardian codename that carries each action on a Case.
CODENAMES = {
    Action.VIEW: "view_case",
    Action.CHANGE: "change_case",
    Action.ADD_NOTE: "note_case",
    Action.TRANSITION: "transition_case",
}

ALL = frozenset(Action)
READ = frozenset({Action.VIEW})
WORK = frozenset({Action.VIEW, Action.ADD_NOTE})
NOTHING: frozenset = frozenset()

ACTIVE_STATES = (
    State.CONTACTED,
    State.COACHING,
    State.APPLICATION,
    State.DECIDED,
    State.REALISING,
)
ENDED_STATES = (State.CLOSED, State.REFERRED, State.DECLINED, State.WITHDRAWN)


def _map(*, assigned, coach, lead, moderator) -> dict:
    return {
        Role.ASSIGNED: frozenset(assigned),
        Role.COACH: frozenset(coach),
        Role.LEAD: frozenset(lead),
        Role.MODERATOR: frozenset(moderator),
        Role.CITIZEN: NOTHING,
    }


# state → role → actions. A new case may be picked up by any of the
# municipality's coaches (they assign themselves); once someone works on it,
# only its team changes and moves it; an ended case is read-only to coaches
# but the lead may still reopen, annotate and re-assign it.
PERMISSIONS: dict[str, dict[str, frozenset]] = {
    State.RECEIVED: _map(assigned=ALL, coach=ALL, lead=ALL, moderator=READ),
    **{state: _map(assigned=ALL, coach=WORK, lead=ALL, moderator=READ) for state in ACTIVE_STATES},
    **{
        state: _map(assigned=READ, coach=READ, lead=ALL, moderator=READ)
        for state in (State.CLOSED, State.REFERRED, State.DECLINED)
    },
    # Only the citizen withdraws, and only they could take it back up (by
    # submitting again): nobody moves a withdrawn case.
    State.WITHDRAWN: _map(
        assigned=READ, coach=READ, lead=ALL - {Action.TRANSITION}, moderator=READ
    ),
}


@dataclass(frozen=True)
class Transition:
    """One move of a case. Its guard: the ``transition`` action in the source
    state's permission map, the extra form fields it requires, and an optional
    condition on the case that returns why it cannot be taken now."""

    name: str
    label: object
    sources: tuple[str, ...]
    target: str
    requires: tuple[str, ...] = ()  # "reason", "outcome"; "organisation" is optional
    condition: Callable | None = None
    # Taken by the citizen through the status link, never from the admin.
    by_citizen: bool = False
    optional: tuple[str, ...] = field(default=())

    def blocked_reason(self, case) -> str | None:
        return self.condition(case) if self.condition else None


def _snabb_slant_complete(case) -> str | None:
    """A Snabb slant case is decided only once its application is marked complete."""
    applications = list(case.submission.snabb_slant_applications.all())
    if applications and not any(a.completed_at for a in applications):
        return str(
            _(
                "Ansökan om Snabb slant är inte markerad som fullständig. "
                "Markera den först: då börjar de tre veckorna till beslut."
            )
        )
    return None


BEFORE_DECISION = (State.RECEIVED, State.CONTACTED, State.COACHING, State.APPLICATION)

TRANSITIONS: tuple[Transition, ...] = (
    Transition("kontakta", _("Första kontakt tagen"), (State.RECEIVED,), State.CONTACTED),
    Transition("coacha", _("Börja coachning"), (State.CONTACTED,), State.COACHING),
    Transition("ansokan", _("Till projektplan/ansökan"), (State.COACHING,), State.APPLICATION),
    Transition(
        "besluta",
        _("Beslut fattat"),
        (State.APPLICATION,),
        State.DECIDED,
        condition=_snabb_slant_complete,
    ),
    Transition("genomfor", _("Genomförs"), (State.DECIDED,), State.REALISING),
    Transition(
        "avsluta",
        _("Avsluta med utfall"),
        ACTIVE_STATES,
        State.CLOSED,
        requires=("outcome",),
    ),
    Transition(
        "hanvisa",
        _("Hänvisa till en organisation"),
        BEFORE_DECISION,
        State.REFERRED,
        optional=("organisation",),
    ),
    Transition(
        "avboj",
        _("Avböj med skäl till idébäraren"),
        BEFORE_DECISION,
        State.DECLINED,
        requires=("reason",),
    ),
    Transition(
        "aterkalla",
        _("Återkallad av idébäraren"),
        (State.RECEIVED, *ACTIVE_STATES),
        State.WITHDRAWN,
        by_citizen=True,
    ),
    Transition(
        "ateroppna",
        _("Öppna igen"),
        (State.CLOSED, State.REFERRED, State.DECLINED),
        State.COACHING,
    ),
)
TRANSITIONS_BY_NAME = {t.name: t for t in TRANSITIONS}


def role_actions(state: str, role: str) -> frozenset:
    return PERMISSIONS[state][role]


def transitions_from(state: str) -> list[Transition]:
    return [t for t in TRANSITIONS if state in t.sources and not t.by_citizen]


# What the public idea page says while the case is in each state.
PUBLIC_STATUS = {
    State.RECEIVED: "inkommen",
    State.CONTACTED: "inkommen",
    State.COACHING: "coachning",
    State.APPLICATION: "coachning",
    State.DECIDED: "coachning",
    State.REALISING: "genomfors",
    State.REFERRED: "avslutad",
    State.DECLINED: "avslutad",
    State.WITHDRAWN: "avslutad",
}
REALISED_OUTCOMES = (Outcome.REALISED, Outcome.ASSOCIATION, Outcome.MUNICIPALITY)


def public_status_for(state: str, outcome: str = "") -> str:
    if state == State.CLOSED:
        return "genomford" if outcome in REALISED_OUTCOMES else "avslutad"
    return PUBLIC_STATUS[state]
