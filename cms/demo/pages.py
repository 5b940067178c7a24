"""The host site's own demo pages: home, about, contact, privacy notice."""

import datetime

from wagtail.models import Page, Site

from cms.models import AccessibilityStatementPage, HomePage, SiteContact, StandardPage


def _paragraphs(*texts: str) -> list[tuple[str, str]]:
    return [("paragraph", f"<p>{text}</p>") for text in texts]


EKERO_HOME_INTRO = (
    "Har du en idé som gör Ekerö bättre att leva i? Idélabbet hjälper dig att "
    "förverkliga den – tillsammans med andra."
)


def _target(path: str) -> dict:
    return {"page": None, "path": path}


EKERO_HOME_BODY = [
    (
        "start_button",
        {
            "text": "Du behöver inget konto. Berätta om idén, så hör en coach av sig.",
            "link_text": "Skicka in en idé",
            "target": _target("/idelabbet/skicka-in/"),
        },
    ),
    (
        "service_links",
        {
            "heading": "Det här kan Idélabbet hjälpa dig med",
            "links": [
                {
                    "title": "Snabb slant – upp till 10\u00a0000 kronor",
                    "text": "För minst tre privatpersoner som ordnar en öppen aktivitet. "
                    "Beslut inom tre veckor från fullständig ansökan.",
                    "target": _target("/snabb-slant/"),
                },
                {
                    "title": "Idéerna",
                    "text": "Se vad andra på Mälaröarna vill göra – och var med.",
                    "target": _target("/ideer/"),
                },
                {
                    "title": "Om Idélabbet",
                    "text": "Två coacher hjälper dig med projektplan, lokaler och kontakter.",
                    "target": _target("/om/"),
                },
            ],
        },
    ),
    *_paragraphs(
        "Idélabbet öppnade hösten 2018 för att ta tillvara, möjliggöra och inspirera "
        "till engagemang på Mälaröarna. Hit kan du vända dig med idéer som kommer "
        "kommunen eller kommunmedborgarna till gagn: aktiviteter, organisering eller "
        "socialt ansvarstagande.",
        "Du som kommer med idén är själv med och driver den. Våra två coacher hjälper "
        "dig med projektplan eller ansökan om medel, lokaler, workshoppar och kontakter "
        "med föreningar och kommunens verksamheter.",
    ),
]
JONKOPING_HOME_INTRO = (
    "Forum Civilsamhälle Jönköping samlar civilsamhället, politiken och kommunens "
    "tjänstepersoner två gånger om året kring konkreta frågor."
)
JONKOPING_HOME_BODY = [
    ("next_meeting", {"heading": ""}),
    *_paragraphs(
        "Varje forum har ett tema som bestäms gemensamt. Det första forumet hösten 2019 "
        "samlade 150 deltagare under temat ”Ingen ska behöva vara ensam – vad kan vi göra "
        "tillsammans?” och gav tio konkreta förslag på samverkan.",
        "Här publicerar samordningsgruppen dokumentationen från varje forum och visar vad "
        "som har hänt med förslagen.",
    ),
]
SNABB_SLANT = (
    "Snabb slant",
    "Upp till 10\u00a0000 kronor för en öppen aktivitet som gör Ekerö bättre – "
    "beslut inom tre veckor.",
    [
        *_paragraphs(
            "Snabb slant är ett bidrag på upp till 10\u00a0000 kronor. Ni ska vara minst tre "
            "privatpersoner som går ihop för att ordna en öppen aktivitet som kommer "
            "kommuninvånarna till nytta.",
            "Villkoret är att ni har kontakt med Idélabbet, som coachar er om ni vill. Beslutet "
            "kommer inom tre veckor från att ansökan är fullständig, oftast inom en vecka.",
        ),
        ("heading", {"text": "Så ansöker ni", "level": "h2"}),
        (
            "paragraph",
            "<ol><li>Skicka in er idé. Ni får en privat länk med e-post.</li>"
            "<li>Öppna länken och välj ”Ansök om Snabb slant”.</li>"
            "<li>Beskriv aktiviteten, personerna i gruppen och budgeten.</li></ol>",
        ),
        (
            "start_button",
            {
                "text": "",
                "link_text": "Skicka in en idé",
                "target": _target("/idelabbet/skicka-in/"),
            },
        ),
    ],
)
ACCESSIBILITY = {
    "intro": "{site} står bakom den här webbplatsen. Vi vill att så många som möjligt ska "
    "kunna använda den. Här beskriver vi hur webbplatsen uppfyller lagen om "
    "tillgänglighet till digital offentlig service, kända brister och hur du kan "
    "rapportera problem så att vi kan åtgärda dem.",
    "shortcomings": "<ul><li>Äldre dokument (PDF) är inte alltid "
    "tillgänglighetsanpassade. Be oss om dokumentet i ett annat format.</li>"
    "<li>Bilder som medborgare skickar in kan sakna bra alternativtext.</li></ul>",
    "method": "<p>Vi har granskat webbplatsen själva: automatiska tester med axe i varje "
    "version, tangentbordstester och kontroll i 320 pixlars bredd.</p>",
}
ABOUT = {
    "ekero": (
        "Om Idélabbet",
        "Idélabbet är Ekerö kommuns väg in för den som vill göra något för andra.",
        _paragraphs(
            "Ekerö är en landsbygdskommun med omkring 27 000 invånare på öarna i "
            "Mälaren. Idélabbet är en kontaktyta mellan kommunen och civilsamhället.",
            "Vi prioriterar unga och möter dem i skolor, på fritidsgårdar och i "
            "föreningslivet. Idélabbet ska ge engagemang, nätverkande, delaktighet och "
            "coachning.",
        ),
    ),
    "jonkoping": (
        "Om Forum Civilsamhälle",
        "Stormöten för civilsamhälle, politik och tjänstepersoner i Jönköpings kommun.",
        _paragraphs(
            "Forumet arrangeras av samordningsgruppen: två politiska representanter och "
            "två ersättare utsedda av kommunstyrelsen, tre tjänstepersoner och fyra "
            "representanter för civilsamhället utsedda av Csam.",
            "Arbetet vilar på sex vägledande principer: självständighet och oberoende, "
            "dialog, kvalitet, långsiktighet, öppenhet och insyn samt mångfald.",
        ),
    ),
}
CONTACT = {
    "ekero": {
        "organisation": "Idélabbet, Ekerö kommun",
        "email": "idelabbet@ekero.example.se",
        "phone": "08-124 570 00",
        "address": "Ekerö kommunhus\nTappströmsvägen 2\n178 32 Ekerö",
        "opening_hours": "Drop-in tisdagar 15–19, annars efter överenskommelse",
    },
    "jonkoping": {
        "organisation": "Samordningsgruppen för Forum Civilsamhälle, Jönköpings kommun",
        "email": "forumcivilsamhalle@jonkoping.example.se",
        "phone": "036-10 50 00",
        "address": "Jönköpings kommun\nJuneporten, Västra Storgatan 18\n551 89 Jönköping",
        "opening_hours": "Vardagar 8–17",
    },
}
PRIVACY_BODY = _paragraphs(
    "Vi behandlar de personuppgifter du lämnar (namn, e-post och telefonnummer) för "
    "att kunna kontakta dig om ditt ärende. Rättslig grund är ditt samtycke och "
    "kommunens uppgift av allmänt intresse.",
    "Personuppgifter visas aldrig på webbplatsen. De raderas på begäran och "
    "anonymiseras automatiskt när ärendet har varit avslutat i 24 månader.",
    "Du har rätt att få veta vilka uppgifter vi har om dig, få dem rättade eller "
    "raderade. Kontakta oss via uppgifterna i sidfoten.",
)


def _child(parent: Page, model, slug: str, **fields) -> Page:
    existing = parent.get_children().filter(slug=slug).first()
    if existing:
        return existing.specific
    page = parent.add_child(instance=model(slug=slug, **fields))
    page.save_revision().publish()
    return page


def load(sites: dict[str, Site]) -> str:
    created = 0
    for key, site in sites.items():
        home = site.root_page.specific
        if isinstance(home, HomePage) and not any(
            block.block_type in ("start_button", "next_meeting") for block in home.body
        ):
            home.intro = EKERO_HOME_INTRO if key == "ekero" else JONKOPING_HOME_INTRO
            home.body = EKERO_HOME_BODY if key == "ekero" else JONKOPING_HOME_BODY
            home.save_revision().publish()
            created += 1
        title, intro, body = ABOUT[key]
        _child(home, StandardPage, "om", title=title, intro=intro, body=body, show_in_menus=True)
        contact = CONTACT[key]
        _child(
            home,
            StandardPage,
            "kontakt",
            title="Kontakt",
            intro=f"{contact['organisation']} – en väg in för alla frågor.",
            body=_paragraphs(
                f"E-post: {contact['email']}. Telefon: {contact['phone']}.",
                f"Öppettider: {contact['opening_hours']}.",
            ),
            show_in_menus=True,
        )
        privacy = _child(
            home,
            StandardPage,
            "personuppgifter",
            title="Personuppgifter",
            intro="Så hanterar vi dina personuppgifter.",
            body=PRIVACY_BODY,
        )
        if key == "ekero":
            title, intro, body = SNABB_SLANT
            _child(home, StandardPage, "snabb-slant", title=title, intro=intro, body=body)
        _child(
            home,
            AccessibilityStatementPage,
            "tillganglighet",
            title="Tillgänglighetsredogörelse",
            intro=ACCESSIBILITY["intro"].format(site=site.site_name),
            compliance="partial",
            shortcomings=ACCESSIBILITY["shortcomings"],
            method=ACCESSIBILITY["method"],
            last_reviewed=datetime.date(2026, 10, 15),
        )
        settings = SiteContact.for_site(site)
        if not settings.email:
            for field, value in contact.items():
                setattr(settings, field, value)
            settings.privacy_page = privacy
            settings.footer_text = (
                "<p>Webbplatsen följer lagen om tillgänglighet till digital offentlig service.</p>"
            )
            settings.save()
    return f"{StandardPage.objects.count()} standardsidor"
