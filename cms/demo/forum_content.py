"""The demo forum's texts: the programme's principles, Csam, the coordination group,
the autumn 2019 forum's documentation, its proposals and registrations.

Invented people, the real programme (004:3070–3099). Read by ``cms.demo.forum``
and the bulk generator's vocabulary.
"""

import datetime

from django.utils import timezone

PRINCIPLES = [
    (
        "Självständighet och oberoende",
        "Civilsamhället ska verka självständigt i förhållande till kommunen och kunna vara "
        "kritiskt granskande.",
    ),
    (
        "Dialog",
        "En kontinuerlig dialog är en förutsättning för samverkan mellan kommunen och "
        "civilsamhället.",
    ),
    ("Kvalitet", "Civilsamhällets aktörer avgör själva kvaliteten i den egna verksamheten."),
    (
        "Långsiktighet",
        "Kommunen underlättar civilsamhällets planering genom att ha långsiktighet som grund.",
    ),
    (
        "Öppenhet och insyn",
        "Det ska vara enkelt för föreningar och organisationer att få kontakt med kommunens "
        "verksamheter.",
    ),
    (
        "Mångfald",
        "Civilsamhället bidrar till mångfald genom att ge individen fler möjligheter att utöva "
        "sitt engagemang och sina intressen.",
    ),
]

CSAM = [
    ("Jönköpings Stadsmission", "Sociala insatser, mötesplatser och second hand."),
    ("Röda Korset Jönköpingskretsen", "Språkcaféer, besöksverksamhet och krisberedskap."),
    ("PRO Jönköping", "Pensionärsföreningar i kommunens alla delar."),
    ("Studieförbundet Vuxenskolan Jönköping", "Studiecirklar och kultur."),
    ("Föreningen Grannstöd Huskvarna", "Grannar som hjälper grannar."),
    ("Internationella kvinnoföreningen", "Mötesplats för kvinnor från hela världen."),
    ("Jönköpings Föreningsråd", "Samarbete mellan idrotts- och fritidsföreningar."),
]

TERM = (datetime.date(2023, 1, 1), datetime.date(2026, 12, 31))
COORDINATION = [
    ("Birgitta Lundmark", "politician", "kommunstyrelsen", "Kommunalråd", True),
    ("Hassan Karimi", "politician", "kommunstyrelsen", "Oppositionsråd", False),
    ("Ingrid Svanberg", "substitute", "kommunstyrelsen", "Kommunstyrelsen", False),
    ("Per-Olof Ek", "substitute", "kommunstyrelsen", "Kommunstyrelsen", False),
    ("Malin Törnqvist", "official", "", "Stadskontoret", False),
    ("Jonas Bergkvist", "official", "", "Socialförvaltningen", False),
    ("Amira Haddad", "official", "", "Kultur- och fritidsförvaltningen", False),
    ("Göran Friberg", "civil_society", "csam", "PRO Jönköping", False),
    ("Leila Yousef", "civil_society", "csam", "Internationella kvinnoföreningen", False),
    ("Kristina Alm", "civil_society", "csam", "Jönköpings Stadsmission", False),
    ("Tobias Wennerström", "civil_society", "csam", "Jönköpings Föreningsråd", False),
]


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _p(*texts: str) -> str:
    return "".join(f"<p>{t}</p>" for t in texts)


AUTUMN_2019_DAY = datetime.date(2019, 11, 14)
AUTUMN_2019_DOCS = [
    (
        "attendance",
        {"civil_society": 104, "politicians": 16, "officials": 30},
    ),
    (
        "agenda",
        {
            "items": [
                {
                    "time": datetime.time(13, 0),
                    "title": "Välkommen till Forum Civilsamhälle",
                    "speaker": "Birgitta Lundmark, kommunalråd",
                    "description": "Varför kommunen och civilsamhället behöver varandra.",
                },
                {
                    "time": datetime.time(13, 20),
                    "title": "Ensamhet i Jönköping – vad vet vi?",
                    "speaker": "Jonas Bergkvist, socialförvaltningen",
                    "description": "Siffror från folkhälsoenkäten och röster från fältet.",
                },
                {
                    "time": datetime.time(14, 0),
                    "title": "Gruppdiskussioner",
                    "speaker": "",
                    "description": "Tolv grupper efter verksamhetsområde, en sekreterare i varje.",
                },
                {
                    "time": datetime.time(15, 30),
                    "title": "Förslagen presenteras",
                    "speaker": "Grupperna",
                    "description": "Varje grupp lyfter sitt viktigaste förslag.",
                },
                {
                    "time": datetime.time(16, 30),
                    "title": "Hur går vi vidare?",
                    "speaker": "Samordningsgruppen",
                    "description": "Återkoppling inom en vecka, uppföljning på nästa forum.",
                },
            ]
        },
    ),
    (
        "minutes",
        {
            "heading": "Minnesanteckningar",
            "text": _p(
                "Omkring 150 deltagare från föreningar, politiken och kommunens förvaltningar "
                "möttes kring temat ensamhet. Många vittnade om att ofrivillig ensamhet "
                "finns i alla åldrar – bland äldre, unga och nyanlända.",
                "Grupperna var indelade i förväg efter verksamhetsområde. Diskussionerna "
                "resulterade i tio konkreta förslag på samverkan som samordningsgruppen nu "
                "följer upp öppet på den här webbplatsen.",
            ),
        },
    ),
    (
        "group_discussion",
        {
            "group": "Grupp 2",
            "field": "Äldre",
            "secretary": "Kristina Alm",
            "notes": "Mötesplatserna finns men är okända för dem som behöver dem mest. "
            "Förslag: en gemensam kalender och personligt uppsökande via hemtjänsten.",
        },
    ),
    (
        "group_discussion",
        {
            "group": "Grupp 5",
            "field": "Unga",
            "secretary": "Tobias Wennerström",
            "notes": "Unga söker gemenskap kring en aktivitet snarare än en ”träff”. "
            "Lokaler kvällstid och på helger är en bristvara.",
        },
    ),
    (
        "group_discussion",
        {
            "group": "Grupp 9",
            "field": "Integration",
            "secretary": "Leila Yousef",
            "notes": "Språkcaféer fungerar bra som första kontakt. Informationen når inte "
            "nyanlända – den måste finnas på fler språk och via föreningarna.",
        },
    ),
    (
        "swot",
        {
            "heading": "SWOT-analys: samverkan mot ensamhet",
            "strengths": [
                "Stort engagemang i föreningslivet",
                "Kommunen och civilsamhället känner varandra",
                "Många mötesplatser finns redan",
            ],
            "weaknesses": [
                "Svårt att hitta rätt kontaktperson i kommunen",
                "Information når inte nya invånare",
                "Kortsiktig projektfinansiering",
            ],
            "opportunities": [
                "Gemensam kalender för öppna aktiviteter",
                "Biblioteken som neutrala mötesplatser",
                "IOP för långsiktiga åtaganden",
            ],
            "threats": [
                "Ideella krafter som slits ut",
                "Lokaler som försvinner",
                "Möten på kontorstid utestänger många",
            ],
        },
    ),
    (
        "poll",
        {
            "question": "Hur ofta möter din verksamhet människor som är ofrivilligt ensamma?",
            "options": [
                {"label": "Varje vecka", "count": 71},
                {"label": "Någon gång i månaden", "count": 38},
                {"label": "Sällan", "count": 14},
                {"label": "Vet inte", "count": 9},
            ],
        },
    ),
    (
        "poll",
        {
            "question": "Vad är viktigast för att samverkan ska fungera?",
            "options": [
                {"label": "En väg in till kommunen", "count": 52},
                {"label": "Långsiktig finansiering", "count": 44},
                {"label": "Tillgång till lokaler", "count": 27},
                {"label": "Gemensam information", "count": 19},
            ],
        },
    ),
]

# title, description, responsible, principles, [(date, status, note)]
PROPOSALS = [
    (
        "En väg in för föreningar som vill starta mötesplatser",
        "En namngiven kontaktperson i kommunen som lotsar föreningar rätt när de vill "
        "starta eller utveckla en mötesplats mot ensamhet.",
        "Stadskontoret",
        ["Öppenhet och insyn", "Dialog"],
        [
            ("2019-12-05", "preparing", "Stadskontoret tar fram ett uppdrag."),
            ("2020-02-12", "decided", "Kommunstyrelsen beslutade att inrätta funktionen."),
            ("2020-05-04", "done", "Kontaktpersonen är på plats och nås via kontaktcenter."),
        ],
    ),
    (
        "Gemensam kalender för öppna aktiviteter",
        "En kalender där föreningar och kommunen själva lägger in öppna aktiviteter, så att "
        "den som är ensam hittar något att gå till i sin kommundel.",
        "Kultur- och fritidsförvaltningen tillsammans med Jönköpings Föreningsråd",
        ["Öppenhet och insyn", "Mångfald"],
        [
            ("2019-12-10", "preparing", "Förstudie om befintliga kalendrar."),
            ("2020-10-01", "decided", "Kalendern byggs in i kommunens evenemangswebb."),
            ("2021-03-15", "in_progress", "Trettio föreningar har fått inloggning."),
        ],
    ),
    (
        "Telefonvänner för äldre som sitter ensamma",
        "Frivilliga ringer regelbundet upp äldre som vill ha någon att prata med. "
        "Hemtjänsten tipsar om tjänsten.",
        "PRO Jönköping och Röda Korset, med äldreomsorgen",
        ["Dialog", "Kvalitet"],
        [
            ("2020-01-20", "preparing", "Föreningarna tar fram rutiner för frivilliga."),
            ("2020-03-25", "in_progress", "Startade i förtid när pandemin kom."),
            ("2021-06-30", "done", "Permanent verksamhet i föreningarnas regi."),
        ],
    ),
    (
        "Språkcaféer på alla bibliotek",
        "Biblioteken blir värdar för språkcaféer som föreningar driver, varje vecka, "
        "även kvällstid.",
        "Biblioteken och Röda Korset Jönköpingskretsen",
        ["Mångfald", "Långsiktighet"],
        [
            ("2019-12-18", "decided", "Biblioteken upplåter lokaler utan kostnad."),
            ("2020-02-03", "in_progress", "Fyra bibliotek i gång."),
            ("2022-09-01", "done", "Alla bibliotek har språkcafé varje vecka."),
        ],
    ),
    (
        "Lokaler för ideella mötesplatser kvällar och helger",
        "Kommunala lokaler som står tomma kvällar och helger ska kunna lånas avgiftsfritt "
        "av föreningar som ordnar öppna mötesplatser.",
        "Fastighetsförvaltningen",
        ["Långsiktighet"],
        [
            ("2020-01-15", "preparing", "Inventering av lokaler."),
            (
                "2020-11-20",
                "not_pursued",
                "Avgiftsfritt lån strider mot gällande taxa. I stället sänks avgiften för "
                "öppna ideella aktiviteter i den nya lokaltaxan.",
            ),
        ],
    ),
    (
        "Utbildning i att möta ofrivillig ensamhet",
        "En gemensam kort utbildning för föreningsledare och kommunens personal om hur man "
        "upptäcker och bemöter ofrivillig ensamhet.",
        "Socialförvaltningen och Studieförbundet Vuxenskolan",
        ["Kvalitet", "Dialog"],
        [("2021-02-10", "preparing", "Upplägget tas fram tillsammans med studieförbunden.")],
    ),
    (
        "Promenadgrupper i varje kommundel",
        "Öppna promenadgrupper med fasta tider, där någon alltid väntar vid starten.",
        "Friskvården och Föreningen Grannstöd Huskvarna",
        ["Mångfald"],
        [],
    ),
    (
        "Långsiktiga avtal i stället för projektbidrag",
        "Verksamheter som visat sig fungera mot ensamhet ska kunna få fleråriga avtal, "
        "till exempel idéburet offentligt partnerskap (IOP).",
        "Kommunstyrelsen",
        ["Långsiktighet", "Självständighet och oberoende"],
        [
            ("2020-03-02", "preparing", "Riktlinjer för IOP tas fram."),
            ("2021-01-27", "decided", "Kommunfullmäktige antog riktlinjer för IOP."),
            ("2022-01-01", "in_progress", "Två IOP-avtal tecknade, fler förbereds."),
        ],
    ),
    (
        "Information på fler språk via föreningarna",
        "Kommunens information om mötesplatser översätts och sprids genom föreningar som "
        "redan har förtroende i olika grupper.",
        "Kommunikationsavdelningen och Internationella kvinnoföreningen",
        ["Mångfald", "Öppenhet och insyn"],
        [("2020-06-15", "decided", "Medel avsatta för översättning till sex språk.")],
    ),
    (
        "Uppföljning på varje forum",
        "Samordningsgruppen redovisar på varje forum vad som hänt med förslagen från det "
        "förra, och publicerar uppföljningen öppet.",
        "Samordningsgruppen",
        ["Öppenhet och insyn", "Dialog"],
        [
            ("2019-11-21", "decided", "Beslutat i samordningsgruppen."),
            ("2019-11-21", "done", "Uppföljningen publiceras på den här webbplatsen."),
        ],
    ),
]


# Invented people registered for the upcoming forum.
REGISTRATIONS = [
    ("Sofia Lind", "PRO Jönköping", "civil_society", "sofia.lind", "Vegetarisk kost"),
    ("Ahmad Rahimi", "Internationella kvinnoföreningen", "civil_society", "ahmad.rahimi", ""),
    ("Eva Sandström", "Kommunfullmäktige", "politician", "eva.sandstrom", ""),
    ("Nils Ekberg", "Kultur- och fritidsförvaltningen", "official", "nils.ekberg", ""),
    ("Maria Johansson", "Föreningen Grannstöd Huskvarna", "civil_society", "maria.j", "Rullstol"),
    ("Olle Dahl", "Jönköpings Föreningsråd", "civil_society", "olle.dahl", "Glutenfritt"),
]
