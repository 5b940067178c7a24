"""Idélabbet demo: cases in several states, notes of every visibility, referrals.

Runs after the ideas step. The ideas index names Ekerö's groups as the case
roles; coach.anna and coach.omar are assigned, processledare.ekero leads.
Idempotent: a case is walked through the workflow only while it is untouched
(still received, no notes), and organisations are created by name.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import Site

from idelabbet.models import Case, IdeaIndexPage, Organisation, OutgoingEmail
from idelabbet.services.cases import case_coaches_set, case_transition, cases_permissions_resync
from idelabbet.services.grants import snabb_slant_mark_complete
from idelabbet.services.notes import note_add

ORGANISATIONS = [
    ("Mälaröarnas odlarförening", "forening", ["naturvard", "gemenskap"], True),
    ("Studiecirkelhuset på öarna", "studieforbund", ["utbildning", "kultur"], True),
    ("Nätverket Öar utan gränser", "natverk", ["fritid", "integration"], True),
    ("Kommunens fritidsenhet", "forvaltning", ["fritid"], False),
    ("Stenhamra församling", "trossamfund", ["gemenskap", "integration"], True),
]

# title → (coaches, transitions with their fields, notes (author, visibility, text))
PLAN = {
    "Dragkroksklubben": (
        ["coach.anna"],
        [
            ("kontakta", {}),
            ("coacha", {}),
            ("ansokan", {}),
            ("besluta", {"grant_decision": "beviljad", "grant_amount": 8000}),
            ("genomfor", {}),
        ],
        [
            ("coach.anna", "team", "Gustav har tolv förare med dragkrok. Vi behöver ett lager."),
            ("coach.anna", "idebarare", "Hej Gustav! Kommunen kan låna ut ett förråd i Träkvista."),
        ],
    ),
    "Syateljé i Ekerö centrum": (
        ["coach.omar", "coach.anna"],
        [("kontakta", {}), ("coacha", {}), ("ansokan", {})],
        [
            ("coach.omar", "privat", "Kom ihåg: fråga om symaskinerna är försäkrade."),
            ("coach.omar", "coacher", "Lokalen i Ekebyhov är ledig tisdagar; bra för fler idéer."),
            (
                "coach.omar",
                "idebarare",
                "Hej! Vi har hittat en lokal i Ekebyhov. Kom gärna på drop-in på tisdag.",
            ),
        ],
    ),
    "Språkcafé på biblioteket": (
        ["coach.omar"],
        [
            ("kontakta", {}),
            ("coacha", {}),
            ("ansokan", {}),
            ("besluta", {"grant_decision": "beviljad", "grant_amount": 4500}),
            ("genomfor", {}),
            ("avsluta", {"outcome": "forening"}),
        ],
        [("coach.omar", "team", "Språkcaféet drivs nu av Studiecirkelhuset.")],
    ),
    "Öar utan gränser": (
        ["coach.anna"],
        [("kontakta", {}), ("hanvisa", {"organisation": "Nätverket Öar utan gränser"})],
        [("processledare.ekero", "coacher", "Hänvisad: nätverket gör redan detta för unga.")],
    ),
}


def _index(site: Site) -> IdeaIndexPage:
    index = IdeaIndexPage.objects.descendant_of(site.root_page).get()
    index.coach_group = Group.objects.get(name="Ekerö coacher")
    index.lead_group = Group.objects.get(name="Ekerö processledare")
    index.moderator_group = Group.objects.get(name="Ekerö moderatorer")
    index.save(update_fields=["coach_group", "lead_group", "moderator_group"])
    cases_permissions_resync(index=index)
    return index


def load(sites: dict[str, Site]) -> str:
    index = _index(sites["ekero"])
    for name, kind, themes, public in ORGANISATIONS:
        Organisation.objects.get_or_create(
            index=index,
            name=name,
            defaults={
                "kind": kind,
                "themes": themes,
                "is_public": public,
                "contact": "info@example.se",
            },
        )
    users = {u.username: u for u in get_user_model().objects.all()}
    lead = users["processledare.ekero"]
    for case in Case.objects.filter(index=index).select_related("submission__idea"):
        plan = PLAN.get(case.submission.idea.title if case.submission.idea_id else "")
        if plan is None or case.state != "inkommen" or case.notes.exists():
            continue
        coaches, steps, notes = plan
        case = case_coaches_set(
            case=case, user=lead, coaches=[users[c] for c in coaches], version=None
        )
        # Notes are written while the case is open; an ended case is read-only.
        for author, visibility, text in notes:
            note_add(case=case, author=users[author], body=f"<p>{text}</p>", visibility=visibility)
        for application in case.submission.snabb_slant_applications.all():
            snabb_slant_mark_complete(application=application, user=users[coaches[0]])
        for step, fields in steps:
            if "organisation" in fields:
                fields = {
                    **fields,
                    "organisation": Organisation.objects.get(
                        index=index, name=fields["organisation"]
                    ),
                }
            case = case_transition(case=case, user=lead, name=step, version=None, **fields)
    # Invented people get no email from the demo.
    OutgoingEmail.objects.filter(sent_at__isnull=True).update(sent_at=timezone.now())
    states = ", ".join(
        f"{case.get_state_display()}" for case in Case.objects.filter(index=index).order_by("pk")
    )
    return f"ärenden: {states}; {Organisation.objects.filter(index=index).count()} organisationer"
