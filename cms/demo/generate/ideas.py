"""Generated ideas with their submissions, cases, transitions, notes and permission rows."""

from __future__ import annotations

import functools
import random
import uuid
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from idelabbet.models import (
    Case,
    CaseDeadline,
    CaseTransition,
    DeadlineKind,
    HelpWanted,
    IdeaIndexPage,
    IdeaPage,
    IdeaSubmission,
    ModerationState,
    Note,
    NoteRevision,
    NoteVisibility,
    OutgoingEmail,
    Theme,
)
from idelabbet.services.cases import permissions_insert
from idelabbet.services.submissions import idea_submit
from idelabbet.workflow import (
    ENDED_STATES,
    TRANSITIONS,
    Outcome,
    State,
    public_status_after,
)

from .. import users as demo_users
from .bulk import _insert_pages
from .vocabulary import BATCH, Progress, Summary, Vocabulary, demo_forum_table

# How a municipality's cases are spread over the workflow (weights).
STATE_WEIGHTS = {
    State.RECEIVED: 10,
    State.CONTACTED: 10,
    State.COACHING: 20,
    State.APPLICATION: 10,
    State.DECIDED: 5,
    State.REALISING: 10,
    State.CLOSED: 20,
    State.REFERRED: 5,
    State.DECLINED: 5,
    State.WITHDRAWN: 5,
}
# Every case gets every visibility once its notes are at least this many.
VISIBILITY_CYCLE = [
    NoteVisibility.TEAM,
    NoteVisibility.PRIVATE,
    NoteVisibility.COACHES,
    NoteVisibility.CITIZEN,
    NoteVisibility.TEAM,
]


@functools.cache
def demo_password_hash() -> str:
    """The demo password, hashed once per process (a hash costs ~0.5 s of CPU by design).

    Generated staff share one password (and so one salted hash), so the staff
    of 50 municipalities do not cost minutes of hashing.
    """
    return make_password(demo_users.DEMO_PASSWORD)


def _coaches(count: int, group: Group, progress: Progress, prefix: str = "coach.gen.") -> list:
    User = get_user_model()
    existing = list(User.objects.filter(username__startswith=prefix).order_by("pk"))
    password = demo_password_hash()
    new = [
        User(
            username=f"{prefix}{n}",
            first_name="Coach",
            last_name=f"{n}",
            email=f"{prefix}{n}@example.se",
            password=password,
        )
        for n in range(len(existing), count)
    ]
    User.objects.bulk_create(new)
    coaches = list(User.objects.filter(username__startswith=prefix).order_by("pk"))[:count]
    group.user_set.add(*coaches)
    progress("coacher", len(coaches), count)
    return coaches


def _states(rng: random.Random, count: int) -> list[str]:
    states = list(STATE_WEIGHTS)
    return rng.choices(states, weights=[STATE_WEIGHTS[s] for s in states], k=count)


def _path_to(state: str) -> list[str]:
    """The shortest walk of transitions from a new case to ``state`` (breadth first)."""
    paths = {State.RECEIVED: []}
    frontier = [State.RECEIVED]
    while frontier and state not in paths:
        current = frontier.pop(0)
        for transition in TRANSITIONS:
            if current in transition.sources and transition.target not in paths:
                paths[transition.target] = [*paths[current], transition.name]
                frontier.append(transition.target)
    return paths[state]


def _transition_to(state: str) -> str:
    path = _path_to(state)
    return path[-1] if path else "oppna"


def _ideas(
    *,
    index: IdeaIndexPage,
    count: int,
    notes_per_case: int,
    coaches: list,
    rng: random.Random,
    words: Vocabulary,
    progress: Progress,
    summary: Summary,
) -> None:
    now = timezone.now()
    help_values = list(HelpWanted.values)
    themes = list(Theme.values)
    done = 0
    for batch_start in range(0, count, BATCH):
        size = min(BATCH, count - batch_start)
        states = _states(rng, size)
        outcomes = [rng.choice(Outcome.values) if state == State.CLOSED else "" for state in states]
        # Oldest first, spread over the last five years, so the newest batch is newest.
        submitted = [now - timedelta(minutes=(count - batch_start - i) * 20) for i in range(size)]
        pages = []
        for i, state in enumerate(states):
            number = batch_start + i
            title = words.title(rng)
            live = state != State.WITHDRAWN
            pages.append(
                IdeaPage(
                    title=title,
                    slug=f"{slugify(title.translate(demo_forum_table))}-{number}",
                    summary=words.paragraph(rng, rng.randint(2, 4)),
                    theme=rng.choice(themes),
                    help_wanted=rng.sample(help_values, rng.randint(0, 3)),
                    for_young_people=rng.random() < 0.3,
                    public_status=public_status_after(_path_to(state), outcomes[i]),
                    live=live,
                    first_published_at=submitted[i] + timedelta(days=1) if live else None,
                    last_published_at=submitted[i] + timedelta(days=1) if live else None,
                )
            )
        with transaction.atomic():
            _insert_pages(index, pages)
            submissions = IdeaSubmission.objects.bulk_create(
                IdeaSubmission(
                    idea_id=page.pk,
                    form_key=uuid.uuid4(),
                    submitted_at=submitted[i],
                    moderation_state=ModerationState.WITHDRAWN
                    if states[i] == State.WITHDRAWN
                    else ModerationState.APPROVED,
                    withdrawn_at=submitted[i] + timedelta(days=3)
                    if states[i] == State.WITHDRAWN
                    else None,
                    name=f"Invånare {batch_start + i}",
                    email=f"invanare{batch_start + i}@example.se",
                    consent_at=submitted[i],
                    token_nonce=uuid.uuid4().hex,
                    token_hash=uuid.uuid4().hex + uuid.uuid4().hex,
                )
                for i, page in enumerate(pages)
            )
            cases = []
            for i, submission in enumerate(submissions):
                state = states[i]
                received = state == State.RECEIVED
                cases.append(
                    Case(
                        index_id=index.pk,
                        submission_id=submission.pk,
                        state=state,
                        outcome=outcomes[i],
                        opened_at=submitted[i],
                        closed_at=submitted[i] + timedelta(days=60)
                        if state in ENDED_STATES
                        else None,
                        deadline_at=submitted[i] + timedelta(days=index.first_contact_days)
                        if received
                        else None,
                        deadline_kind=DeadlineKind.FIRST_CONTACT if received else "",
                    )
                )
            cases = Case.objects.bulk_create(cases)
            team = {}
            through = []
            for i, case in enumerate(cases):
                # Round robin: with N coaches each holds every N-th case.
                coach = coaches[(batch_start + i) % len(coaches)]
                team[case.pk] = {coach.pk}
                through.append(Case.coaches.through(case_id=case.pk, user_id=coach.pk))
            Case.coaches.through.objects.bulk_create(through)
            transitions = []
            for i, case in enumerate(cases):
                transitions.append(
                    CaseTransition(
                        case_id=case.pk, name="oppna", to_state=State.RECEIVED, at=submitted[i]
                    )
                )
                if case.state != State.RECEIVED:
                    transitions.append(
                        CaseTransition(
                            case_id=case.pk,
                            name=_transition_to(case.state),
                            from_state=State.RECEIVED,
                            to_state=case.state,
                            user_id=next(iter(team[case.pk])),
                            at=submitted[i] + timedelta(days=2),
                        )
                    )
            CaseTransition.objects.bulk_create(transitions)
            notes = []
            for i, case in enumerate(cases):
                author = next(iter(team[case.pk]))
                for n in range(notes_per_case):
                    visibility = VISIBILITY_CYCLE[n % len(VISIBILITY_CYCLE)]
                    at = submitted[i] + timedelta(days=2, hours=n)
                    notes.append(
                        Note(
                            case_id=case.pk,
                            author_id=author,
                            body=f"<p>{words.note(rng)}</p>",
                            visibility=visibility,
                            created_at=at,
                            changed_at=at,
                            shared_at=at if visibility == NoteVisibility.CITIZEN else None,
                        )
                    )
            notes = Note.objects.bulk_create(notes)
            NoteRevision.objects.bulk_create(
                NoteRevision(
                    note_id=note.pk,
                    body=note.body,
                    visibility=note.visibility,
                    user_id=note.author_id,
                    at=note.created_at,
                )
                for note in notes
            )
            # The same service every case goes through writes the rows.
            permissions_insert(index=index, cases=cases, teams=team, notes=notes)
            CaseDeadline.objects.bulk_create(
                CaseDeadline(case_id=case.pk, kind=case.deadline_kind, due_at=case.deadline_at)
                for case in cases
                if case.deadline_at
            )
        done += size
        summary.ideas += size
        summary.cases += size
        summary.notes += len(notes)
        progress("idéer, ärenden och anteckningar", done, count)


def _pending(
    *, index: IdeaIndexPage, count: int, rng: random.Random, words: Vocabulary, progress: Progress
) -> int:
    """Ideas submitted through the real service: their moderation is in progress."""
    themes = list(Theme.values)
    submissions = []
    for number in range(count):
        submission, _created = idea_submit(
            index=index,
            form_key=uuid.uuid4(),
            title=words.title(rng),
            summary=words.paragraph(rng, 2),
            theme=rng.choice(themes),
            help_wanted=[],
            for_young_people=False,
            name=f"Ny invånare {number}",
            email=f"ny.invanare{number}@example.se",
        )
        submissions.append(submission.pk)
        if (number + 1) % 50 == 0 or number + 1 == count:
            progress("idéer som väntar på granskning", number + 1, count)
    # Invented people get no email.
    OutgoingEmail.objects.filter(submission_id__in=submissions, sent_at__isnull=True).update(
        sent_at=timezone.now()
    )
    return count
