"""Demo content for Forum Civilsamhälle Jönköping (invented people, the real programme).

The autumn 2019 forum (150 participants, ten proposals), the cancelled spring
2020 forum, an upcoming forum open for registration, the coordination group,
the six guiding principles and some of Csam's member organisations.
Idempotent: what exists (by slug or name) is left alone.
"""

import datetime

from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Site

from forum.models import (
    CoordinationMember,
    CsamOrganisation,
    FeedbackDispatch,
    ForumIndexPage,
    GuidingPrinciple,
    MeetingPage,
    ProposalPage,
    ProposalStatusUpdate,
    Registration,
)
from forum.services import forum_workflow_ensure

# The programme for collaboration (004:3070–3099).
from .forum_content import (
    AUTUMN_2019_DAY,
    AUTUMN_2019_DOCS,
    COORDINATION,
    CSAM,
    PRINCIPLES,
    PROPOSALS,
    REGISTRATIONS,
    TERM,
    _at,
    _p,
)

__all__ = [
    "PRINCIPLES",
    "CSAM",
    "TERM",
    "COORDINATION",
    "AUTUMN_2019_DAY",
    "AUTUMN_2019_DOCS",
    "PROPOSALS",
    "REGISTRATIONS",
    "load",
]


def _slug(title: str) -> str:
    # Plain ASCII slugs keep proposal URLs readable when copied and shared.
    table = str.maketrans("åäöéÅÄÖÉ", "aaoeaaoe")
    return slugify(title.translate(table))


def _meeting(index, slug: str, **fields) -> tuple[MeetingPage, bool]:
    existing = MeetingPage.objects.child_of(index).filter(slug=slug).first()
    if existing:
        return existing, False
    meeting = index.add_child(instance=MeetingPage(slug=slug, **fields))
    meeting.save_revision().publish()
    return meeting, True


def _proposals(meeting: MeetingPage) -> int:
    principles = {p.name: p for p in GuidingPrinciple.objects.all()}
    created = 0
    for title, description, responsible, names, updates in PROPOSALS:
        if ProposalPage.objects.child_of(meeting).filter(title=title).exists():
            continue
        proposal = ProposalPage(
            title=title, slug=_slug(title), description=description, responsible=responsible
        )
        proposal.status_updates = [
            ProposalStatusUpdate(date=datetime.date.fromisoformat(d), status=s, note=n)
            for d, s, n in updates
        ]
        proposal.principles = [principles[name] for name in names]
        meeting.add_child(instance=proposal)
        proposal.save_revision().publish()
        created += 1
    return created


def _upcoming_day(today: datetime.date) -> datetime.date:
    # The next forum: six weeks ahead, on a Thursday.
    day = today + datetime.timedelta(days=42)
    return day + datetime.timedelta(days=(3 - day.weekday()) % 7)


def load(sites: dict[str, Site]) -> str:
    for index_, (name, definition) in enumerate(PRINCIPLES, start=1):
        GuidingPrinciple.objects.get_or_create(
            name=name, defaults={"definition": definition, "sort_order": index_}
        )
    for name, description in CSAM:
        CsamOrganisation.objects.get_or_create(name=name, defaults={"description": description})
    if not CoordinationMember.objects.exists():
        for name, role, body, organisation, chair in COORDINATION:
            CoordinationMember.objects.create(
                name=name,
                role=role,
                appointed_by=body,
                organisation=organisation,
                is_chair=chair,
                term_start=TERM[0],
                term_end=TERM[1],
            )

    home = sites["jonkoping"].root_page.specific
    index = ForumIndexPage.objects.child_of(home).first()
    if index is None:
        index = home.add_child(
            instance=ForumIndexPage(
                title="Forum Civilsamhälle",
                slug="forum",
                show_in_menus=True,
                intro="Stormöten två gånger om året för civilsamhället, den politiska "
                "ledningen och kommunens tjänstepersoner – med ett gemensamt tema och fokus "
                "på konkreta frågor.",
                body=_p(
                    "Här finns inbjudan till nästa forum, dokumentationen från tidigare "
                    "forum och vad som har hänt med förslagen."
                ),
            )
        )
        index.save_revision().publish()
    forum_workflow_ensure(index=index, groups=[Group.objects.get(name="Jönköping forumarrangörer")])
    if index.lead_group_id is None:
        index.lead_group = Group.objects.get(name="Jönköping samordningsgrupp")
        index.save(update_fields=["lead_group"])

    autumn, _ = _meeting(
        index,
        "hosten-2019",
        title="Forum Civilsamhälle hösten 2019",
        start=_at(AUTUMN_2019_DAY, 13),
        end_time=datetime.time(17, 0),
        status="held",
        theme="Ingen ska behöva vara ensam – vad kan vi göra tillsammans?",
        place="Kulturhuset Spira, Jönköping",
        accessibility="Entré i markplan, hiss till alla våningar, hörslinga i stora salen.",
        invitation=_p(
            "Välkommen till det första Forum Civilsamhälle! Tillsammans söker vi konkreta "
            "vägar mot ofrivillig ensamhet."
        ),
        summary="150 deltagare från civilsamhället, politiken och förvaltningarna arbetade "
        "fram tio konkreta förslag på samverkan mot ofrivillig ensamhet. Alla förslag och "
        "hur de följs upp finns på forumets webbplats.",
        documentation=AUTUMN_2019_DOCS,
    )
    proposals = _proposals(autumn)
    if not FeedbackDispatch.objects.filter(meeting=autumn).exists():
        # Historical record: the feedback went out the week after the meeting.
        dispatch = FeedbackDispatch.objects.create(
            meeting=autumn,
            summary=autumn.summary,
            documentation_url=autumn.get_full_url() or "",
        )
        FeedbackDispatch.objects.filter(pk=dispatch.pk).update(
            requested_at=_at(AUTUMN_2019_DAY + datetime.timedelta(days=6), 10),
            completed_at=_at(AUTUMN_2019_DAY + datetime.timedelta(days=6), 10, 5),
            recipient_count=150,
        )

    _meeting(
        index,
        "varen-2020",
        title="Forum Civilsamhälle våren 2020",
        start=_at(datetime.date(2020, 4, 23), 13),
        end_time=datetime.time(17, 0),
        status="cancelled",
        theme="Trygghet i hela kommunen",
        place="Kulturhuset Spira, Jönköping",
        invitation=_p(
            "Forumet våren 2020 fick ställas in på grund av pandemin. Det genomförs senare."
        ),
    )

    today = timezone.localdate()
    if not MeetingPage.objects.child_of(index).filter(start__gte=timezone.now()).exists():
        day = _upcoming_day(today)
        season = "varen" if day.month <= 6 else "hosten"
        _meeting(
            index,
            f"{season}-{day.year}",
            title=f"Forum Civilsamhälle {'våren' if season == 'varen' else 'hösten'} {day.year}",
            start=_at(day, 13),
            end_time=datetime.time(17, 0),
            status="planned",
            theme="Unga och föreningslivet – hur når vi varandra?",
            place="Campus Jönköping, aulan",
            accessibility="Tillgänglig entré från Gjuterigatan. Hörslinga. Teckenspråkstolk "
            "om du anmäler behov senast en vecka innan.",
            invitation=_p(
                "Välkommen till Forum Civilsamhälle! Den här gången pratar vi om hur "
                "föreningslivet och kommunen tillsammans kan nå fler unga.",
                "Forumet är öppet för föreningar, politiker och tjänstepersoner. Fika ingår.",
            ),
            registration_closes=_at(day - datetime.timedelta(days=7), 23, 59),
            registration_cap=200,
        )
    upcoming = (
        MeetingPage.objects.child_of(index)
        .filter(status="planned", start__gte=timezone.now())
        .order_by("start")
        .first()
    )
    if upcoming is not None:
        for name, organisation, sector, user, needs in REGISTRATIONS:
            Registration.objects.get_or_create(
                meeting=upcoming,
                email=f"{user}@example.se",
                defaults={
                    "name": name,
                    "organisation": organisation,
                    "sector": sector,
                    "needs": needs,
                },
            )
    return (
        f"forum med {MeetingPage.objects.child_of(index).count()} möten, "
        f"{ProposalPage.objects.descendant_of(index).count()} förslag ({proposals} nya)"
    )
