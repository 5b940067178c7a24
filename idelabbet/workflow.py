"""The coaches' case workflow, as data (in the manner of Plone's DCWorkflow).

This file is the whole process, and nothing else decides it:

1. the states;
2. the permission map: which role may take which action on a case in each state;
3. who reads a note of each visibility (the author included), whose alone a
   private note is, and who may change a note;
4. the transitions: their sources, target, required fields, guard condition,
   and their side effects, named as data (``effects``);
5. the deadlines and the public status the effects refer to.

``services.cases`` executes it (one engine: ``case_transition`` runs a
transition's effects in order, ``case_permissions_sync`` turns the maps into
django-guardian rows); views, forms, demo data and the generator call those
services. Roles are relative to one case:

- ``assigned``: the coaches assigned to the case (one or more);
- ``coach``: the municipality's other coaches (the index page's coach group);
- ``lead``: the coach lead, *processledare* (the index page's lead group);
- ``moderator``: the municipality's moderators (never see contact details);
- ``citizen``: the person who submitted the idea. No account: through the
  status link they see the public status, the grant decision and the notes
  shared with them, so they hold no admin action here.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

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


class Outcome(models.TextChoices):
    REALISED = "genomford", _("Genomförd")
    ASSOCIATION = "forening", _("Fortsätter i en förening")
    MUNICIPALITY = "kommunen", _("Förankrad i kommunen (t.ex. IOP)")
    NOT_REALISED = "ej-genomford", _("Blev inte av")


class GrantDecision(models.TextChoices):
    GRANTED = "beviljad", _("Beviljad")
    DECLINED = "avslagen", _("Avslagen")


class PublicStatus(models.TextChoices):
    """What the public idea page says; set only by the transitions' effects."""

    RECEIVED = "inkommen", _("Inkommen")
    COACHING = "coachning", _("I coachning")
    REALISING = "genomfors", _("Genomförs")
    REALISED = "genomford", _("Genomförd")
    CLOSED = "avslutad", _("Avslutad")


class NoteVisibility(models.TextChoices):
    PRIVATE = "privat", _("Bara jag")
    TEAM = "team", _("Ärendets coacher")
    COACHES = "coacher", _("Alla coacher i kommunen")
    CITIZEN = "idebarare", _("Delad med idébäraren")


class DeadlineKind(models.TextChoices):
    FIRST_CONTACT = "forsta-kontakt", _("Första kontakt")
    DECISION = "beslut", _("Beslut om Snabb slant")
    FOLLOW_UP = "uppfoljning", _("Uppföljning")


# --- 2. The permission map: state → role → actions. -----------------------
ALL = frozenset(Action)
READ = frozenset({Action.VIEW})
WORK = frozenset({Action.VIEW, Action.ADD_NOTE})
NOTHING: frozenset = frozenset()
CODENAMES = {  # the guardian codename that carries each action on a Case
    Action.VIEW: "view_case",
    Action.CHANGE: "change_case",
    Action.ADD_NOTE: "note_case",
    Action.TRANSITION: "transition_case",
}
ACTIVE_STATES = (State.CONTACTED, State.COACHING, State.APPLICATION, State.DECIDED, State.REALISING)
ENDED_STATES = (State.CLOSED, State.REFERRED, State.DECLINED, State.WITHDRAWN)
# The outcomes that count as the idea realised (publicly "genomförd", and in the reports).
REALISED_OUTCOMES = (Outcome.REALISED, Outcome.ASSOCIATION, Outcome.MUNICIPALITY)
BEFORE_DECISION = (State.RECEIVED, State.CONTACTED, State.COACHING, State.APPLICATION)


def _map(*, assigned, coach, lead, moderator) -> dict:
    return {
        Role.ASSIGNED: frozenset(assigned),
        Role.COACH: frozenset(coach),
        Role.LEAD: frozenset(lead),
        Role.MODERATOR: frozenset(moderator),
        Role.CITIZEN: NOTHING,
    }


# A new case may be picked up by any of the municipality's coaches (they assign
# themselves); once someone works on it, only its team changes and moves it; an
# ended case is read-only to coaches, but the lead may reopen, annotate and
# re-assign it. Only the citizen withdraws: nobody moves a withdrawn case.
PERMISSIONS: dict[str, dict[str, frozenset]] = {
    State.RECEIVED: _map(assigned=ALL, coach=ALL, lead=ALL, moderator=READ),
    **{state: _map(assigned=ALL, coach=WORK, lead=ALL, moderator=READ) for state in ACTIVE_STATES},
    **{
        state: _map(assigned=READ, coach=READ, lead=ALL, moderator=READ)
        for state in (State.CLOSED, State.REFERRED, State.DECLINED)
    },
    State.WITHDRAWN: _map(
        assigned=READ, coach=READ, lead=ALL - {Action.TRANSITION}, moderator=READ
    ),
}

# --- 3. Notes: who reads each visibility, and who changes a note. --------
# Moderators never read notes. The citizen reads theirs on the status page.
# Besides these roles, the note's author reads it, while they still work in the
# municipality (an active member of its coach or lead group: one who left, or
# was deactivated, keeps nothing; an administrator transfers their notes).
NOTE_READERS: dict[str, frozenset] = {
    NoteVisibility.PRIVATE: NOTHING,
    NoteVisibility.TEAM: frozenset({Role.ASSIGNED}),
    NoteVisibility.COACHES: frozenset({Role.ASSIGNED, Role.COACH, Role.LEAD}),
    NoteVisibility.CITIZEN: frozenset({Role.ASSIGNED, Role.COACH, Role.LEAD, Role.CITIZEN}),
}
NOTE_AUTHOR_READS = True
# A visibility no role reads is the author's alone: nobody else opens, changes
# or finds such a note, superusers included (the permission policy and the
# catalog both ask this).
AUTHOR_ONLY: frozenset = frozenset(v for v, readers in NOTE_READERS.items() if not readers)
# The author changes their note while their roles on the case hold this action
# in its state: an ended case is read-only to its coaches, so are their notes.
# Nobody else changes a note.
NOTE_CHANGE_NEEDS = Action.ADD_NOTE


def note_is_authors_alone(visibility: str) -> bool:
    """Whether a note of ``visibility`` is its author's alone (not even a superuser's)."""
    return visibility in AUTHOR_ONLY


# --- 4. Side effects, named as data; ``services.cases`` executes them. -----
@dataclass(frozen=True)
class SetPublicStatus:
    status: str
    # For a closing transition: the status per outcome, where it differs.
    by_outcome: tuple[tuple[str, str], ...] = ()

    def for_outcome(self, outcome: str) -> str:
        return dict(self.by_outcome).get(outcome, self.status)


@dataclass(frozen=True)
class SendEmail:
    kind: str  # an ``OutgoingEmail.Kind`` value (checked by a system check)


@dataclass(frozen=True)
class StopDeadlines:
    kinds: tuple[str, ...] = tuple(DeadlineKind.values)


@dataclass(frozen=True)
class RecordReferral:
    """The referral to the chosen organisation (if one was chosen)."""


@dataclass(frozen=True)
class RecordGrant:
    """The grant's outcome on the case: granted with an amount, or declined with a reason."""


@dataclass(frozen=True)
class Transition:
    """One move of a case. Its guard: the ``transition`` action in the source
    state's permission map, the form fields it requires, and an optional
    condition on the case that returns why it cannot be taken now."""

    name: str
    label: object
    sources: tuple[str, ...]
    target: str
    effects: tuple = ()
    requires: tuple[str, ...] = ()  # "reason", "outcome", "grant"
    optional: tuple[str, ...] = ()  # "organisation"
    condition: Callable | None = None
    by_citizen: bool = False  # taken through the status link, never from the admin

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


ENDS = StopDeadlines()
TRANSITIONS: tuple[Transition, ...] = (
    Transition(
        "kontakta",
        _("Första kontakt tagen"),
        (State.RECEIVED,),
        State.CONTACTED,
        effects=(StopDeadlines((DeadlineKind.FIRST_CONTACT,)),),
    ),
    Transition(
        "coacha",
        _("Börja coachning"),
        (State.CONTACTED,),
        State.COACHING,
        effects=(SetPublicStatus(PublicStatus.COACHING),),
    ),
    Transition("ansokan", _("Till projektplan/ansökan"), (State.COACHING,), State.APPLICATION),
    Transition(
        "besluta",
        _("Beslut fattat"),
        (State.APPLICATION,),
        State.DECIDED,
        requires=("grant",),
        condition=_snabb_slant_complete,
        effects=(
            RecordGrant(),
            StopDeadlines((DeadlineKind.DECISION,)),
            SendEmail("beslut"),
        ),
    ),
    Transition(
        "genomfor",
        _("Genomförs"),
        (State.DECIDED,),
        State.REALISING,
        effects=(SetPublicStatus(PublicStatus.REALISING),),
    ),
    Transition(
        "avsluta",
        _("Avsluta med utfall"),
        ACTIVE_STATES,
        State.CLOSED,
        requires=("outcome",),
        effects=(
            ENDS,
            SetPublicStatus(
                PublicStatus.CLOSED,
                by_outcome=tuple((o, PublicStatus.REALISED) for o in REALISED_OUTCOMES),
            ),
        ),
    ),
    Transition(
        "hanvisa",
        _("Hänvisa till en organisation"),
        BEFORE_DECISION,
        State.REFERRED,
        optional=("organisation",),
        effects=(ENDS, RecordReferral(), SetPublicStatus(PublicStatus.CLOSED)),
    ),
    Transition(
        "avboj",
        _("Avböj med skäl till idébäraren"),
        BEFORE_DECISION,
        State.DECLINED,
        requires=("reason",),
        effects=(ENDS, SendEmail("avbojt"), SetPublicStatus(PublicStatus.CLOSED)),
    ),
    Transition(
        "aterkalla",
        _("Återkallad av idébäraren"),
        (State.RECEIVED, *ACTIVE_STATES),
        State.WITHDRAWN,
        by_citizen=True,
        effects=(ENDS, SetPublicStatus(PublicStatus.CLOSED)),
    ),
    Transition(
        "ateroppna",
        _("Öppna igen"),
        (State.CLOSED, State.REFERRED, State.DECLINED),
        State.COACHING,
        effects=(SetPublicStatus(PublicStatus.COACHING),),
    ),
)
TRANSITIONS_BY_NAME = {t.name: t for t in TRANSITIONS}


def transitions_from(state: str) -> list[Transition]:
    """The transitions a coach may take from ``state`` (not the citizen's own)."""
    return [t for t in TRANSITIONS if state in t.sources and not t.by_citizen]


def public_status_after(path: list[str], outcome: str = "") -> str:
    """The public status after taking the named transitions in order from a new case."""
    status = PublicStatus.RECEIVED
    for name in path:
        for effect in TRANSITIONS_BY_NAME[name].effects:
            if isinstance(effect, SetPublicStatus):
                status = effect.for_outcome(outcome)
    return status


# --- 5. Deadlines: what starts each; the transitions above stop them. -------
# First contact: ``index.first_contact_days`` after submission, when the case opens.
# Decision: three weeks after a coach marks the Snabb slant application complete
# (the guarantee; not from when it was first sent), while the case is before decision.
# Follow-up: a date a coach sets by hand, with a reason.
DECISION_WITHIN = timedelta(weeks=3)
DECISION_STARTS_IN = BEFORE_DECISION
