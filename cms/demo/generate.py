"""Bulk data for load tests and benchmarks: many ideas, cases, notes, coaches and meetings.

Why bulk, and why it is safe: ``add_child`` and the services cost tens of
queries per object, so 100,000 ideas that way take hours. Here pages are
inserted in batches with their treebeard ``path``/``depth``/``numchild``,
``url_path``, locale and translation key computed up front (as ``add_child``
would); the django-guardian rows of each batch's cases and notes are written by
the service every case goes through (``permissions_insert``), from the
workflow's maps.
``tests/cms/test_generate.py`` proves the rows equal what the service writes,
that the tree passes treebeard's checks and that the ideas render.

A small share of ideas ("pending") goes through the real ``idea_submit``
service, so the moderation queue holds real workflow states.

Runs after the demo steps (pages, users, ideas, cases, forum), which it reuses:
the ideas index and its role groups, the forum index, and the demo's Swedish
texts as vocabulary.
"""

from __future__ import annotations

import random
import re
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Page, Site

from forum.models import ForumIndexPage, GuidingPrinciple, MeetingPage, ProposalPage
from forum.models.proposals import ProposalStatusUpdate
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

from . import cases as demo_cases
from . import forum as demo_forum
from . import ideas as demo_ideas
from . import pages as demo_pages
from . import users as demo_users

BATCH = 1000
Progress = Callable[[str, int, int], None]

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
PLACES = [
    "i Stenhamra",
    "på Adelsö",
    "på Munsö",
    "i Ekerö centrum",
    "i Träkvista",
    "i Färentuna",
    "på Skå",
    "vid Ekebyhov",
    "på Helgö",
    "i Älvnäs",
    "på Lovö",
    "vid Drottningholm",
]
ACTIVITIES = [
    "Språkcafé",
    "Syateljé",
    "Odlingslott",
    "Läxhjälp",
    "Prova-på-dag",
    "Cykelverkstad",
    "Bytesdag för kläder",
    "Seniordans",
    "Skräpplockardag",
    "Filmkväll för unga",
    "Grannfika",
    "Stickcafé",
    "Naturvandring",
    "Bokcirkel",
    "Samåkning till fritids",
    "Lovaktiviteter",
]


@dataclass
class Vocabulary:
    """Swedish sentences and words taken from the demo content."""

    sentences: list[str]
    note_sentences: list[str]

    @classmethod
    def from_demo(cls) -> Vocabulary:
        texts = [summary for _, summary, *_ in demo_ideas.IDEAS]
        texts += [description for _, description, *_ in demo_forum.PROPOSALS]
        texts += [definition for _, definition in demo_forum.PRINCIPLES]
        texts += [re.sub(r"<[^>]+>", " ", html) for _, html in demo_pages.PRIVACY_BODY]
        notes = [text for _, _, notes in demo_cases.PLAN.values() for _, _, text in notes]
        split = re.compile(r"(?<=[.!?])\s+")
        sentences = [s.strip() for t in texts for s in split.split(t) if len(s.strip()) > 20]
        note_sentences = [s.strip() for t in notes for s in split.split(t) if s.strip()]
        return cls(sentences=sentences, note_sentences=note_sentences + sentences[:20])

    def title(self, rng: random.Random) -> str:
        return f"{rng.choice(ACTIVITIES)} {rng.choice(PLACES)}"

    def paragraph(self, rng: random.Random, count: int) -> str:
        return " ".join(rng.sample(self.sentences, count))

    def note(self, rng: random.Random) -> str:
        return " ".join(rng.sample(self.note_sentences, 2))


@dataclass
class Summary:
    ideas: int = 0
    pending: int = 0
    cases: int = 0
    notes: int = 0
    coaches: int = 0
    meetings: int = 0
    proposals: int = 0

    def __str__(self) -> str:
        return (
            f"{self.ideas} idéer ({self.pending} väntar på granskning), {self.cases} ärenden, "
            f"{self.notes} anteckningar, {self.coaches} coacher, {self.meetings} möten, "
            f"{self.proposals} förslag"
        )


def _chunks(items: list, size: int = BATCH) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _insert_pages(parent: Page, pages: list[Page]) -> None:
    """Insert ``pages`` as the last children of ``parent``, in batches.

    What ``add_child`` does per page, done per batch: the treebeard path after
    the parent's last child, depth, ``url_path``, locale, translation key and
    content type; the base ``wagtailcore_page`` rows first (their ids come
    back), then the specific table's rows, then the parent's ``numchild``.
    """
    if not pages:
        return
    parent = Page.objects.get(pk=parent.pk)
    last = parent.get_last_child()
    position = last._get_lastpos_in_path() if last else 0
    model = type(pages[0])
    content_type = ContentType.objects.get_for_model(model)
    for page in pages:
        position += 1
        page.path = Page._get_path(parent.path, parent.depth + 1, position)
        page.depth = parent.depth + 1
        page.numchild = 0
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.locale_id = parent.locale_id
        page.translation_key = uuid.uuid4()
        page.content_type = content_type
        page.draft_title = page.title
        page.has_unpublished_changes = not page.live
    base_fields = [f for f in Page._meta.concrete_fields if not f.primary_key]
    own_fields = model._meta.local_concrete_fields
    for batch in _chunks(pages):
        bases = Page.objects.bulk_create(
            [Page(**{f.attname: getattr(p, f.attname) for f in base_fields}) for p in batch]
        )
        for page, base in zip(batch, bases, strict=True):
            page.pk = page.id = page.page_ptr_id = base.pk
        # Multi-table inheritance has no bulk_create: insert the child rows
        # the way Model.save does, for a whole batch at once.
        model._base_manager._insert(batch, fields=own_fields, raw=True)
    Page.objects.filter(pk=parent.pk).update(numchild=parent.numchild + len(pages))


def _coaches(count: int, group: Group, progress: Progress) -> list:
    User = get_user_model()
    existing = list(User.objects.filter(username__startswith="coach.gen.").order_by("pk"))
    password = make_password(demo_users.DEMO_PASSWORD)
    new = [
        User(
            username=f"coach.gen.{n}",
            first_name="Coach",
            last_name=f"{n}",
            email=f"coach.gen.{n}@example.se",
            password=password,
        )
        for n in range(len(existing), count)
    ]
    User.objects.bulk_create(new)
    coaches = list(User.objects.filter(username__startswith="coach.gen.").order_by("pk"))[:count]
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


demo_forum_table = str.maketrans("åäöéÅÄÖÉ", "aaoeaaoe")


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


def _forum(
    *,
    index: ForumIndexPage,
    meetings: int,
    proposals_per_meeting: int,
    rng: random.Random,
    words: Vocabulary,
    progress: Progress,
    summary: Summary,
) -> None:
    existing = MeetingPage.objects.child_of(index).filter(slug__startswith="forum-gen-").count()
    first_day = date(2010, 3, 18)
    pages = []
    for n in range(existing, existing + meetings):
        day = first_day + timedelta(days=182 * n)
        start = timezone.make_aware(datetime.combine(day, time(13)))
        held = start < timezone.now()
        pages.append(
            MeetingPage(
                title=f"Forum Civilsamhälle {'våren' if day.month <= 6 else 'hösten'} {day.year}"
                f" ({n + 1})",
                slug=f"forum-gen-{n}",
                start=start,
                end_time=time(17),
                theme=words.title(rng),
                status="held" if held else "planned",
                place="Kulturhuset Spira, Jönköping",
                invitation=f"<p>{words.paragraph(rng, 2)}</p>",
                summary=words.paragraph(rng, 3) if held else "",
                documentation=demo_forum.AUTUMN_2019_DOCS if held else [],
                live=True,
                first_published_at=start - timedelta(days=60),
                last_published_at=start - timedelta(days=60),
            )
        )
    with transaction.atomic():
        _insert_pages(index, pages)
    summary.meetings += len(pages)
    principles = list(GuidingPrinciple.objects.all())
    for number, meeting in enumerate(pages, start=1):
        proposals = []
        for k in range(proposals_per_meeting):
            title, description, responsible, _names, _updates = demo_forum.PROPOSALS[
                k % len(demo_forum.PROPOSALS)
            ]
            proposals.append(
                ProposalPage(
                    title=title,
                    slug=f"{slugify(title.translate(demo_forum_table))}-{k}",
                    description=f"{description} {words.paragraph(rng, 1)}",
                    responsible=responsible,
                    status=rng.choice(["new", "preparing", "decided", "in_progress", "done"]),
                    live=True,
                    first_published_at=meeting.start + timedelta(days=7),
                    last_published_at=meeting.start + timedelta(days=7),
                )
            )
        with transaction.atomic():
            _insert_pages(meeting, proposals)
            ProposalStatusUpdate.objects.bulk_create(
                ProposalStatusUpdate(
                    page_id=p.pk,
                    sort_order=0,
                    date=timezone.localtime(meeting.start).date() + timedelta(days=30),
                    status=p.status,
                    note=words.paragraph(rng, 1),
                )
                for p in proposals
                if p.status != "new"
            )
            if principles:
                ProposalPage.principles.through.objects.bulk_create(
                    ProposalPage.principles.through(
                        proposalpage_id=p.pk, guidingprinciple_id=rng.choice(principles).pk
                    )
                    for p in proposals
                )
        summary.proposals += len(proposals)
        progress("forummöten med förslag", number, len(pages))


def data_generate(
    *,
    sites: dict[str, Site],
    ideas: int,
    notes_per_case: int = 5,
    coaches: int | None = None,
    pending: int | None = None,
    meetings: int | None = None,
    proposals_per_meeting: int = 10,
    seed: int = 1,
    progress: Progress | None = None,
) -> Summary:
    """Add ``ideas`` published ideas with cases and notes, coaches and forum meetings.

    Needs the demo content (``load_demo``'s steps) in place. ``coaches``
    defaults to one per 500 ideas (each case gets one, round robin), so with
    10,000 ideas and 20 coaches each coach holds 500 cases. ``pending`` ideas
    (default 1 %, at most 300) go through ``idea_submit`` and wait for
    moderation. Nothing is sent to the search catalog: rebuild it afterwards.
    """
    progress = progress or (lambda label, done, total: None)
    rng = random.Random(seed)
    words = Vocabulary.from_demo()
    summary = Summary()
    index = IdeaIndexPage.objects.descendant_of(sites["ekero"].root_page).get()
    coach_count = coaches if coaches is not None else max(2, ideas // 500)
    coach_users = _coaches(coach_count, index.coach_group, progress)
    summary.coaches = len(coach_users)
    _ideas(
        index=index,
        count=ideas,
        notes_per_case=notes_per_case,
        coaches=coach_users,
        rng=rng,
        words=words,
        progress=progress,
        summary=summary,
    )
    pending = pending if pending is not None else min(300, ideas // 100)
    summary.pending = _pending(index=index, count=pending, rng=rng, words=words, progress=progress)
    forum_index = ForumIndexPage.objects.descendant_of(sites["jonkoping"].root_page).get()
    _forum(
        index=forum_index,
        meetings=meetings if meetings is not None else max(2, ideas // 1000),
        proposals_per_meeting=proposals_per_meeting,
        rng=rng,
        words=words,
        progress=progress,
        summary=summary,
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return summary
