"""Mutate one rule of the case workflow at a time and see which test fails.

Issue 15: "A mutation of any single rule fails a test." Each mutation below
replaces one exact piece of text (found exactly once) in ``idelabbet/workflow.py``
or the grant rules (``idelabbet/models/grants.py``), runs the workflow's tests
with ``-x``, records the first failing test, and restores the file, whatever
happens. A mutation no test kills is reported as SURVIVED (exit status 1).

    .venv/bin/python tests/benchmarks/workflow_mutations.py            # all
    .venv/bin/python tests/benchmarks/workflow_mutations.py guard-snabb-slant note-team-coach

Takes about a minute a mutation on the shared 2-core machine (a survivor runs
every listed test: about three). Never commit a mutated file: the script
restores it in ``finally`` and checks ``git diff`` is empty afterwards.
"""

import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = "idelabbet/workflow.py"
GRANTS = "idelabbet/models/grants.py"

# The tests that hold the workflow; the most specific first, so -x stops early.
TESTS = [
    "tests/idelabbet/test_workflow.py",
    "tests/idelabbet/test_case_permissions.py",
    "tests/idelabbet/test_notes.py",
    "tests/idelabbet/test_private_notes.py",
    "tests/idelabbet/test_deadlines.py",
    "tests/idelabbet/test_follow_ups.py",
    "tests/idelabbet/test_workbench_admin.py",
    "tests/idelabbet/test_status.py",
    "tests/idelabbet/test_cases.py",
]


@dataclass(frozen=True)
class Mutation:
    name: str
    rule: str
    path: str
    old: str
    new: str


MUTATIONS = [
    Mutation(
        "guard-snabb-slant",
        "guard: a Snabb slant case is decided only once its application is complete",
        WORKFLOW,
        "        condition=_snabb_slant_complete,\n",
        "",
    ),
    Mutation(
        "guard-grant-required",
        "guard: 'Beslut fattat' requires the grant's outcome",
        WORKFLOW,
        '        requires=("grant",),\n',
        "",
    ),
    Mutation(
        "guard-decline-reason",
        "guard: declining needs a reason for the citizen",
        WORKFLOW,
        '        requires=("reason",),\n',
        "",
    ),
    Mutation(
        "map-new-case-coach",
        "permission map: any coach may pick up a new case",
        WORKFLOW,
        "State.RECEIVED: _map(assigned=ALL, coach=ALL, lead=ALL, moderator=READ)",
        "State.RECEIVED: _map(assigned=ALL, coach=WORK, lead=ALL, moderator=READ)",
    ),
    Mutation(
        "map-active-moderator",
        "permission map: a moderator reads an active case",
        WORKFLOW,
        "_map(assigned=ALL, coach=WORK, lead=ALL, moderator=READ) for state in ACTIVE_STATES",
        "_map(assigned=ALL, coach=WORK, lead=ALL, moderator=NOTHING) for state in ACTIVE_STATES",
    ),
    Mutation(
        "map-withdrawn-lead-moves",
        "permission map: nobody moves a withdrawn case",
        WORKFLOW,
        "assigned=READ, coach=READ, lead=ALL - {Action.TRANSITION}, moderator=READ",
        "assigned=READ, coach=READ, lead=ALL, moderator=READ",
    ),
    Mutation(
        "note-team-coach",
        "note readers: a team note is the assigned coaches' only",
        WORKFLOW,
        "NoteVisibility.TEAM: frozenset({Role.ASSIGNED}),",
        "NoteVisibility.TEAM: frozenset({Role.ASSIGNED, Role.COACH}),",
    ),
    Mutation(
        "note-citizen-reads",
        "note readers: the citizen reads the notes shared with them",
        WORKFLOW,
        "frozenset({Role.ASSIGNED, Role.COACH, Role.LEAD, Role.CITIZEN}),",
        "frozenset({Role.ASSIGNED, Role.COACH, Role.LEAD}),",
    ),
    Mutation(
        "note-private-team",
        "note readers: a private note is its author's alone",
        WORKFLOW,
        "NoteVisibility.PRIVATE: NOTHING,",
        "NoteVisibility.PRIVATE: frozenset({Role.ASSIGNED}),",
    ),
    Mutation(
        "note-author-reads",
        "note readers: the author reads their own note",
        WORKFLOW,
        "NOTE_AUTHOR_READS = True",
        "NOTE_AUTHOR_READS = False",
    ),
    Mutation(
        "note-change-needs",
        "notes: the author changes a note only while they may write notes in the state",
        WORKFLOW,
        "NOTE_CHANGE_NEEDS = Action.ADD_NOTE",
        "NOTE_CHANGE_NEEDS = Action.VIEW",
    ),
    Mutation(
        "effect-coaching-status",
        "effect: starting coaching sets the public status 'I coachning'",
        WORKFLOW,
        "        effects=(SetPublicStatus(PublicStatus.COACHING),),\n    ),\n"
        '    Transition("ansokan"',
        "        effects=(SetPublicStatus(PublicStatus.RECEIVED),),\n    ),\n"
        '    Transition("ansokan"',
    ),
    Mutation(
        "effect-decline-email",
        "effect: declining emails the citizen",
        WORKFLOW,
        'effects=(ENDS, SendEmail("avbojt"), SetPublicStatus(PublicStatus.CLOSED)),',
        "effects=(ENDS, SetPublicStatus(PublicStatus.CLOSED)),",
    ),
    Mutation(
        "effect-first-contact-stops",
        "effect: first contact stops the first-contact deadline",
        WORKFLOW,
        "effects=(StopDeadlines((DeadlineKind.FIRST_CONTACT,)),),",
        "effects=(),",
    ),
    Mutation(
        "effect-referral",
        "effect: referring records the referral",
        WORKFLOW,
        "effects=(ENDS, RecordReferral(), SetPublicStatus(PublicStatus.CLOSED)),",
        "effects=(ENDS, SetPublicStatus(PublicStatus.CLOSED)),",
    ),
    Mutation(
        "effect-decision-status",
        "effect: 'beslut' keeps the public status (the decision reaches the citizen by email)",
        WORKFLOW,
        "            RecordGrant(),\n            StopDeadlines((DeadlineKind.DECISION,)),\n",
        "            RecordGrant(),\n            StopDeadlines((DeadlineKind.DECISION,)),\n"
        "            SetPublicStatus(PublicStatus.REALISING),\n",
    ),
    Mutation(
        "grant-outcome-recorded",
        "grant outcome: the decision is recorded on the case",
        WORKFLOW,
        "            RecordGrant(),\n",
        "",
    ),
    Mutation(
        "grant-decision-email",
        "grant outcome: the citizen is emailed the decision",
        WORKFLOW,
        '            SendEmail("beslut"),\n',
        "",
    ),
    Mutation(
        "realised-outcomes",
        "closing in an association counts as realised",
        WORKFLOW,
        "REALISED_OUTCOMES = (Outcome.REALISED, Outcome.ASSOCIATION, Outcome.MUNICIPALITY)",
        "REALISED_OUTCOMES = (Outcome.REALISED, Outcome.MUNICIPALITY)",
    ),
    Mutation(
        "decision-three-weeks",
        "the decision is due three weeks after the application is complete",
        WORKFLOW,
        "DECISION_WITHIN = timedelta(weeks=3)",
        "DECISION_WITHIN = timedelta(weeks=2)",
    ),
    Mutation(
        "snabb-slant-limit",
        "Snabb slant grants at most 10,000 SEK",
        GRANTS,
        "MAX_AMOUNT_SEK = 10_000",
        "MAX_AMOUNT_SEK = 12_000",
    ),
    Mutation(
        "snabb-slant-persons",
        "Snabb slant needs at least three private persons",
        GRANTS,
        "MIN_PERSONS = 3",
        "MIN_PERSONS = 2",
    ),
]


def run(mutation: Mutation) -> str:
    path = ROOT / mutation.path
    original = path.read_text()
    if original.count(mutation.old) != 1:
        return "NOT APPLIED (text not found exactly once)"
    try:
        path.write_text(original.replace(mutation.old, mutation.new))
        result = subprocess.run(
            [sys.executable, "-m", "pytest", *TESTS, "-x", "-q", "-p", "no:cacheprovider"],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
    finally:
        path.write_text(original)
    failed = re.search(r"^(?:FAILED|ERROR) (\S+)", result.stdout, re.MULTILINE)
    if failed:
        return f"killed by {failed.group(1)}"
    return "SURVIVED" if result.returncode == 0 else f"pytest exit {result.returncode}"


def main(names: list[str]) -> int:
    chosen = [m for m in MUTATIONS if not names or m.name in names]
    survived = 0
    for mutation in chosen:
        outcome = run(mutation)
        survived += outcome == "SURVIVED"
        sys.stdout.write(f"{mutation.name:28} {outcome}\n{'':28} ({mutation.rule})\n")
        sys.stdout.flush()
    dirty = subprocess.run(["git", "diff", "--quiet", "--", WORKFLOW, GRANTS], cwd=ROOT).returncode
    if dirty:
        sys.stdout.write("WARNING: a mutated file differs from HEAD\n")
    return 1 if survived or dirty else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
