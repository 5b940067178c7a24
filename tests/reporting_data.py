"""Hand-counted data for the follow-up statistics (year 2025), shared by the
idelabbet, forum and cms reporting tests.

Every expected number in those tests is counted by hand from what is built
here; the comments say which rows make each number.
"""

import datetime
import uuid
from zoneinfo import ZoneInfo

from django.contrib.auth.models import Group

from forum.models import (
    FeedbackDispatch,
    ForumIndexPage,
    MeetingPage,
    MeetingStatus,
    ProposalPage,
    ProposalStatusUpdate,
    Registration,
    Sector,
)
from forum.services import forum_workflow_ensure
from idelabbet.models import (
    Case,
    CaseTransition,
    IdeaIndexPage,
    Organisation,
    Referral,
    SnabbSlantApplication,
    SnabbSlantBudgetLine,
    SnabbSlantPerson,
)
from idelabbet.services.moderation import ideas_workflow_setup
from idelabbet.services.submissions import idea_submit
from idelabbet.workflow import State
from tests.factories import practice_index

STOCKHOLM = ZoneInfo("Europe/Stockholm")
YEAR_START = datetime.datetime(2025, 1, 1, tzinfo=STOCKHOLM)
YEAR_END = datetime.datetime(2026, 1, 1, tzinfo=STOCKHOLM)

# Planted personal data: none of it may reach a public output.
PLANTED_NAME = "Gunvor Planterad-Persson"
PLANTED_EMAIL = "gunvor.planterad@example.se"
PLANTED_PHONE = "070-999 88 77"
PLANTED_NOTE = "Hemlig anteckning om Gunvors hälsa"


def at(y, m, d, h=10) -> datetime.datetime:
    return datetime.datetime(y, m, d, h, tzinfo=STOCKHOLM)


def ideas_index_create(site, *, slug="ideer") -> IdeaIndexPage:
    if IdeaIndexPage.objects.child_of(site.root_page).exists():
        index = practice_index(site.root_page, IdeaIndexPage, intro="Idéer från invånarna.")
    else:
        index = site.root_page.add_child(
            instance=IdeaIndexPage(title="Idéer", slug=slug, intro="Idéer från invånarna.")
        )
    index.coach_group = Group.objects.get(name="Ekerö coacher")
    index.lead_group = Group.objects.get(name="Ekerö processledare")
    index.moderator_group = Group.objects.get(name="Ekerö moderatorer")
    index.save_revision().publish()
    index.refresh_from_db()
    ideas_workflow_setup(index=index, groups=[Group.objects.get(name="Ekerö moderatorer")])
    return index


def case_build(
    index, *, title, theme, young, opened, steps=(), state=None, closed=None, outcome=""
):
    submission, _ = idea_submit(
        index=index,
        form_key=uuid.uuid4(),
        title=title,
        summary=f"Sammanfattning av {title}.",
        theme=theme,
        help_wanted=[],
        for_young_people=young,
        name=PLANTED_NAME,
        email=PLANTED_EMAIL,
        phone=PLANTED_PHONE,
    )
    case = submission.case
    submission.submitted_at = opened
    submission.save(update_fields=["submitted_at"])
    Case.objects.filter(pk=case.pk).update(
        opened_at=opened,
        state=state or (steps[-1][0] if steps else State.RECEIVED),
        closed_at=closed,
        outcome=outcome,
    )
    CaseTransition.objects.filter(case=case).update(at=opened)
    previous = State.RECEIVED
    for to_state, when in steps:
        CaseTransition.objects.create(
            case=case, name="t", from_state=previous, to_state=to_state, at=when
        )
        previous = to_state
    case.refresh_from_db()
    return case


def _application(case, *, sent, completed=None, amounts=()):
    application = SnabbSlantApplication.objects.create(
        submission=case.submission,
        activity_what="Loppis på bryggan",
        activity_when="I maj",
        activity_where="Ekerö",
        activity_for_whom="Alla",
        contacted_idelabbet=True,
        submitted_at=sent,
        completed_at=completed,
    )
    for amount in amounts:
        SnabbSlantBudgetLine.objects.create(
            application=application, description="Hyra", amount_sek=amount
        )
    SnabbSlantPerson.objects.create(
        application=application, name=PLANTED_NAME, contact=PLANTED_PHONE
    )
    return application


def ideas_2025(index) -> dict:
    """Five cases around 2025 in Ekerö (A–E) and one in 2026 (F).

    Received in 2025: A, B (January, Kultur), C, D (March, Naturvård) = 4.
    Young: A, C = 2 of 4. E came in December 2024, F in January 2026.
    """
    hembygd = Organisation.objects.create(
        index=index, name="Ekerö hembygdsförening", kind="forening"
    )
    studie = Organisation.objects.create(index=index, name="Studiefrämjandet", kind="studieforbund")
    a = case_build(
        index,
        title="Bryggdans",
        theme="kultur",
        young=True,
        opened=at(2025, 1, 10),
        steps=[
            (State.CONTACTED, at(2025, 1, 12)),  # 2 days
            (State.COACHING, at(2025, 1, 20)),  # 8 days
            (State.APPLICATION, at(2025, 2, 1)),  # 12 days
            (State.DECIDED, at(2025, 2, 10)),  # 9 days
            (State.REALISING, at(2025, 2, 15)),  # 5 days
            (State.CLOSED, at(2025, 6, 1)),  # 106 days
        ],
        closed=at(2025, 6, 1),
        outcome="genomford",
    )
    b = case_build(
        index,
        title="Hembygdsarkivet",
        theme="kultur",
        young=False,
        opened=at(2025, 1, 20),
        steps=[
            (State.CONTACTED, at(2025, 1, 30)),  # 10 days
            (State.COACHING, at(2025, 2, 3)),  # 4 days
            (State.REFERRED, at(2025, 2, 10)),
        ],
        closed=at(2025, 2, 10),
    )
    Referral.objects.create(case=b, organisation=hembygd, at=at(2025, 2, 10))
    c = case_build(
        index,
        title="Strandstädning",
        theme="naturvard",
        young=True,
        opened=at(2025, 3, 5),
        steps=[(State.CONTACTED, at(2025, 3, 9)), (State.DECLINED, at(2025, 3, 20))],  # 4 days
        closed=at(2025, 3, 20),
    )
    d = case_build(
        index, title="Fågelholkar", theme="naturvard", young=False, opened=at(2025, 3, 15)
    )
    e = case_build(
        index,
        title="Julmarknad",
        theme="kultur",
        young=False,
        opened=at(2024, 12, 20),
        steps=[(State.CONTACTED, at(2024, 12, 22)), (State.WITHDRAWN, at(2025, 4, 1))],
        closed=at(2025, 4, 1),
    )
    Referral.objects.create(case=e, organisation=hembygd, at=at(2025, 3, 1))
    Referral.objects.create(case=e, organisation=studie, at=at(2024, 12, 23))
    f = case_build(index, title="Nyårsbad", theme="folkhalsa", young=True, opened=at(2026, 1, 2))
    # Snabb slant: A complete 28 Jan, decided 10 Feb (13 days: within), 3 000 + 2 000 kr;
    # C complete 12 Mar, never decided (three weeks long gone: due, not within);
    # D sent 16 Mar, not complete. Applications 3, complete 2, decided 1, share 1/2.
    _application(a, sent=at(2025, 1, 25), completed=at(2025, 1, 28), amounts=(3000, 2000))
    _application(c, sent=at(2025, 3, 10), completed=at(2025, 3, 12), amounts=(4000,))
    _application(d, sent=at(2025, 3, 16), amounts=(1500,))
    return {"A": a, "B": b, "C": c, "D": d, "E": e, "F": f}


def forum_index_create(site) -> ForumIndexPage:
    index = practice_index(site.root_page, ForumIndexPage, title="Forum Civilsamhälle")
    forum_workflow_ensure(index=index, groups=[Group.objects.get(name="Jönköping forumarrangörer")])
    return index


def _meeting(index, title, start, status=MeetingStatus.HELD, **fields):
    meeting = index.add_child(
        instance=MeetingPage(
            title=title, start=start, status=status, theme="Ingen ska vara ensam", **fields
        )
    )
    meeting.save_revision().publish()
    return meeting


def _proposal(meeting, title, updates=()):
    proposal = ProposalPage(title=title, description=f"Beskrivning av {title}.")
    for on, status in updates:
        proposal.status_updates.add(ProposalStatusUpdate(date=on, status=status, note=""))
    meeting.add_child(instance=proposal)
    proposal.save_revision().publish()
    return proposal


def _register(meeting, n, sector, prefix):
    for i in range(n):
        Registration.objects.create(
            meeting=meeting,
            name=f"{PLANTED_NAME} {prefix}{i}",
            email=f"{prefix}{i}.{PLANTED_EMAIL}",
            sector=sector,
        )


def forum_2025(index) -> dict:
    """Jönköping's forum in 2025.

    M1 held 10 Mar: 3 civil society, 1 politician, 2 officials; feedback sent
    14 Mar (within seven days). M2 held 5 Oct: 1 civil society; feedback 20
    Oct (late: due 12 Oct). M3 held 20 Nov: no feedback (missing). M4
    cancelled (not counted). M0 held in 2024 (outside the year).
    Proposals: P1 (M1) preparing 15 Apr, decided 1 Sep; P2 (M1) no update
    (new); P3 (M2) in progress 10 Nov.
    """
    m0 = _meeting(index, "Forum hösten 2024", at(2024, 10, 1, 18))
    m1 = _meeting(index, "Forum våren 2025", at(2025, 3, 10, 18))
    m2 = _meeting(index, "Forum hösten 2025", at(2025, 10, 5, 18))
    m3 = _meeting(index, "Extra forum 2025", at(2025, 11, 20, 18))
    m4 = _meeting(index, "Inställt forum", at(2025, 5, 1, 18), status=MeetingStatus.CANCELLED)
    _register(m0, 5, Sector.CIVIL_SOCIETY, "m0c")
    _register(m1, 3, Sector.CIVIL_SOCIETY, "m1c")
    _register(m1, 1, Sector.POLITICIAN, "m1p")
    _register(m1, 2, Sector.OFFICIAL, "m1o")
    _register(m2, 1, Sector.CIVIL_SOCIETY, "m2c")
    _register(m4, 4, Sector.OFFICIAL, "m4o")
    for meeting, done in ((m1, at(2025, 3, 14, 9)), (m2, at(2025, 10, 20, 9))):
        FeedbackDispatch.objects.create(
            meeting=meeting,
            summary="Tack för i kväll.",
            documentation_url="https://example.se/dok",
            completed_at=done,
        )
    p1 = _proposal(
        m1,
        "Mötesplats för äldre",
        [(datetime.date(2025, 4, 15), "preparing"), (datetime.date(2025, 9, 1), "decided")],
    )
    p2 = _proposal(m1, "Gemensam kalender")
    p3 = _proposal(m2, "Fritidsbank", [(datetime.date(2025, 11, 10), "in_progress")])
    return {"M0": m0, "M1": m1, "M2": m2, "M3": m3, "M4": m4, "P1": p1, "P2": p2, "P3": p3}


BUSY_TITLES = (
    "Språkcafé i Stenhamra",
    "Bygdens loppis",
    "Läxhjälp på biblioteket",
    "Sygruppen Ekerö",
    "Odlingslotter vid skolan",
    "Öppen scen för unga",
    "Skärgårdsstädning",
    "Boule för alla",
    "Kvällsfika för nyanlända",
    "Cykelverkstad",
    "Fågelskådning",
    "Teaterverkstad",
)


def ideas_busy_year(index, *, year=2025) -> list:
    """Forty ideas through the year, for a report that looks like a real one.

    Deterministic: idea i comes in in month i % 12 + 1, theme by turn, every
    third by or for young people; contact after 1–7 days; two in three go on
    to coaching, half of those realised (their pages published).
    """
    themes = ("kultur", "fritid", "integration", "naturvard", "gemenskap", "utbildning")
    cases = []
    for i in range(40):
        opened = at(year, i % 12 + 1, 3 + i % 20)
        contact = opened + datetime.timedelta(days=1 + i % 7)
        steps = [(State.CONTACTED, contact)]
        closed = outcome = None
        if i % 3:
            steps.append((State.COACHING, contact + datetime.timedelta(days=5 + i % 9)))
            if i % 2:
                steps += [
                    (State.APPLICATION, contact + datetime.timedelta(days=20)),
                    (State.DECIDED, contact + datetime.timedelta(days=30)),
                    (State.REALISING, contact + datetime.timedelta(days=35)),
                    (State.CLOSED, contact + datetime.timedelta(days=60 + i)),
                ]
                closed, outcome = steps[-1][1], "genomford"
        case = case_build(
            index,
            title=f"{BUSY_TITLES[i % len(BUSY_TITLES)]} {i + 1}",
            theme=themes[i % len(themes)],
            young=i % 3 == 0,
            opened=opened,
            steps=steps,
            closed=closed if closed and closed.year == year else None,
            outcome=outcome or "",
        )
        if outcome:
            case.submission.idea.get_latest_revision().publish()
        cases.append(case)
    return cases
