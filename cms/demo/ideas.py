"""Idélabbet demo: Ekerö's ideas index, a few published ideas and one in moderation.

Ideas come from the examples in the source report (004:608–990); the people
are invented. Each idea has a fixed form key, so submitting again is a no-op
(the same idempotency that protects a double click).
"""

import uuid

from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import Site

from idelabbet.models import (
    IdeaIndexPage,
    IdeaPage,
    OutgoingEmail,
    ParticipationOffer,
    PublicStatus,
)
from idelabbet.services.grants import BudgetLine, GroupMember, snabb_slant_apply
from idelabbet.services.moderation import ideas_workflow_setup
from idelabbet.services.submissions import Person, idea_submit, shared_message_add

NAMESPACE = uuid.UUID("5b0f2d36-8f0e-4c5e-9a0c-1d3e5f7a9b11")

# title, summary, theme, help wanted, young, public status (None = waiting), submitter
IDEAS = [
    (
        "Dragkroksklubben",
        "Frivilliga som har bil med dragkrok hämtar möbler som annars skulle slängas och "
        "kör dem till familjer som behöver dem. Det minskar avfallet och hjälper nyanlända "
        "att möblera sina hem.",
        "naturvard",
        ["kontakter", "lokaler"],
        False,
        PublicStatus.REALISING,
        ("Gustav Lindahl", "gustav.lindahl@example.se", "070-111 22 33"),
    ),
    (
        "Syateljé i Ekerö centrum",
        "En öppen syateljé två kvällar i veckan där vi lagar, syr om och lär varandra. "
        "Symaskiner finns på plats. För alla som vill sy, oavsett vana eller språk.",
        "gemenskap",
        ["lokaler", "ansokan"],
        False,
        PublicStatus.COACHING,
        ("Mirjam Aho", "mirjam.aho@example.se", ""),
    ),
    (
        "Gemensam odlingslott i Stenhamra",
        "Vi vill ordna en odlingslott där grannar, skolbarn och nyanlända odlar tillsammans. "
        "Skörden delas och vi bjuder in till skördefest på hösten.",
        "folkhalsa",
        ["coachning", "projektplan", "kontakter"],
        True,
        PublicStatus.RECEIVED,
        ("Elsa Törnqvist", "elsa.tornqvist@example.se", "073-444 55 66"),
    ),
    (
        "Språkcafé på biblioteket",
        "Varje torsdag träffas vi på biblioteket och pratar svenska över en kopp kaffe. "
        "Nyanlända övar språket och alla får nya bekantskaper på Mälaröarna.",
        "integration",
        ["workshop"],
        False,
        PublicStatus.REALISED,
        ("Yusuf Karimi", "yusuf.karimi@example.se", ""),
    ),
    (
        "Öar utan gränser",
        "Ett nätverk som kopplar ihop föreningar på öarna kring aktiviteter för unga: "
        "gemensamma prova-på-dagar, skjuts mellan öarna och en gemensam kalender.",
        "fritid",
        ["coachning", "kontakter", "ansokan"],
        True,
        None,
        ("Saga Wester", "saga.wester@example.se", "076-777 88 99"),
    ),
]


def _index(site: Site) -> IdeaIndexPage:
    home = site.root_page
    index = IdeaIndexPage.objects.child_of(home).first()
    if index is None:
        privacy = home.get_children().filter(slug="personuppgifter").first()
        index = home.add_child(
            instance=IdeaIndexPage(
                title="Idéer",
                slug="ideer",
                intro="Här är idéer som invånare har skickat in till Idélabbet. "
                "Vill du vara med? Öppna en idé och hör av dig.",
                privacy_page=privacy,
                show_in_menus=True,
            )
        )
        index.save_revision().publish()
    ideas_workflow_setup(index=index, groups=[Group.objects.get(name="Ekerö moderatorer")])
    return index


def load(sites: dict[str, Site]) -> str:
    index = _index(sites["ekero"])
    submissions = []
    for number, (title, summary, theme, wanted, young, status, person) in enumerate(IDEAS):
        name, email, phone = person
        submission, created = idea_submit(
            index=index,
            form_key=uuid.uuid5(NAMESPACE, title),
            title=title,
            summary=summary,
            theme=theme,
            help_wanted=wanted,
            for_young_people=young,
            name=name,
            email=email,
            phone=phone,
            co_initiators=[Person(name="Britt Carlsson", email="britt.carlsson@example.se")]
            if number == 0
            else [],
        )
        submissions.append(submission)
        if created and status is not None:
            idea = submission.idea.specific
            idea.public_status = status
            idea.save_revision().publish()
        if created and number == 1:
            shared_message_add(
                submission=submission,
                author=None,
                body="Hej! Vi har hittat en lokal i Ekebyhov. Kom gärna på drop-in på tisdag.",
            )
            snabb_slant_apply(
                submission=submission,
                activity_what="Öppen lagningskväll med symaskiner",
                activity_when="Tisdagar kl 18–21 i oktober",
                activity_where="Ekebyhovs föreningslokal",
                activity_for_whom="Alla invånare, särskilt unga och nyanlända",
                contacted_idelabbet=True,
                persons=[
                    GroupMember(name="Mirjam Aho", contact="mirjam.aho@example.se"),
                    GroupMember(name="Linnea Dahl", contact="070-222 33 44"),
                    GroupMember(name="Rasmus Ek", contact="rasmus.ek@example.se"),
                ],
                budget=[
                    BudgetLine(description="Tyg och tråd", amount_sek=3500),
                    BudgetLine(description="Service av symaskiner", amount_sek=2500),
                ],
            )
        if created and number == 0:
            ParticipationOffer.objects.create(
                idea=submission.idea,
                name="Olle Sandberg",
                email="olle.sandberg@example.se",
                contribution="Jag har en släpvagn och kan köra på helger.",
            )
    # Invented people get no email from the demo.
    OutgoingEmail.objects.filter(submission__in=submissions, sent_at__isnull=True).update(
        sent_at=timezone.now()
    )
    live = IdeaPage.objects.child_of(index).live().count()
    return f"{len(submissions)} idéer ({live} publicerade, övriga väntar på granskning)"
