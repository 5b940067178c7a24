"""Demo files: the autumn 2019 forum's minutes as a real PDF, a project plan as a real DOCX.

Both are generated here (fpdf2, python-docx), so their text is what the
catalog's extraction reads: a visitor to Jönköping's site who searches for
"Munksjöstråket" finds the minutes' PDF; coach.anna and coach.omar, who coach the
sewing studio, find its project plan by searching "Träkvista". Idempotent:
each file is made once, found again by its title or file name.
"""

import io

import docx
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from fpdf import FPDF
from wagtail.documents import get_document_model
from wagtail.models import Collection, Site

from forum.models import MeetingPage
from idelabbet.models import Case, NoteAttachment
from idelabbet.services.notes import note_add

MINUTES_TITLE = "Protokoll Forum Civilsamhälle hösten 2019"
MINUTES_FILE = "protokoll-forum-hosten-2019.pdf"
MINUTES = [
    (
        "Protokoll",
        [
            "Forum Civilsamhälle Jönköping, 14 november 2019, Kulturhuset Spira.",
            "Tema: Ingen ska behöva vara ensam - vad kan vi göra tillsammans?",
            "Närvarande: 104 från civilsamhället, 16 politiker och 30 tjänstepersoner.",
        ],
    ),
    (
        "1. Inledning",
        [
            "Kommunalrådet hälsade välkommen och beskrev forumet som en plats där "
            "civilsamhället, politiken och förvaltningarna möts på lika villkor.",
            "Socialförvaltningen redovisade folkhälsoenkätens siffror om ofrivillig "
            "ensamhet bland äldre, unga och nyanlända.",
        ],
    ),
    (
        "2. Gruppdiskussioner",
        [
            "Tolv grupper, indelade efter verksamhetsområde, arbetade med en SWOT-analys. "
            "Varje grupp hade en sekreterare som förde anteckningar.",
            "Grupp 2 (äldre) föreslog promenadgrupper längs Munksjöstråket med start vid "
            "biblioteket varje onsdag, och en gemensam kalender för öppna aktiviteter.",
            "Grupp 9 (integration) lyfte språkcaféerna som första kontakt och bad om "
            "information på fler språk genom föreningarna.",
        ],
    ),
    (
        "3. Beslut och uppföljning",
        [
            "Forumet enades om tio konkreta förslag på samverkan. Samordningsgruppen "
            "följer upp förslagen och redovisar dem öppet på forumets webbplats.",
            "Alla deltagare får återkoppling inom en vecka. Nästa forum hålls våren 2020.",
        ],
    ),
]

PLAN_FILE = "projektplan-syatelje.docx"
PLAN_CASE = "Syateljé i Ekerö centrum"
PLAN = [
    ("Projektplan: Syateljé i Ekerö centrum", "Title"),
    ("Syfte", "Heading 1"),
    (
        "En öppen syateljé där unga och äldre lagar, syr om och lär av varandra. "
        "Ateljén drivs av tre privatpersoner tillsammans med Idélabbet.",
        None,
    ),
    ("Genomförande", "Heading 1"),
    (
        "Drop-in tisdagar i lokalen i Ekebyhov. Tyger och trådar hämtas som "
        "gåvor från återbruket i Träkvista en gång i månaden.",
        None,
    ),
    ("Budget", "Heading 1"),
    ("Symaskiner (begagnade): 4 000 kr. Försäkring: 1 500 kr. Fika: 1 000 kr.", None),
    ("Tidplan", "Heading 1"),
    ("Start i september, utvärdering efter tio träffar.", None),
]


def minutes_pdf() -> bytes:
    """The autumn 2019 minutes as a PDF with a real text layer (Latin-1 core font)."""
    pdf = FPDF()
    pdf.set_title(MINUTES_TITLE)
    pdf.set_author("Samordningsgruppen, Forum Civilsamhälle Jönköping")
    pdf.add_page()
    for heading, paragraphs in MINUTES:
        pdf.set_font("Helvetica", style="B", size=14)
        pdf.multi_cell(0, 9, heading, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", size=11)
        for text in paragraphs:
            pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
        pdf.ln(3)
    return bytes(pdf.output())


def project_plan_docx() -> bytes:
    document = docx.Document()
    for text, style in PLAN:
        document.add_paragraph(text, style=style) if style else document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _minutes(sites: dict[str, Site]) -> str:
    meeting = (
        MeetingPage.objects.descendant_of(sites["jonkoping"].root_page)
        .filter(slug="hosten-2019")
        .first()
    )
    if meeting is None:
        return "inget höstmöte 2019"
    Document = get_document_model()
    document = Document.objects.filter(title=MINUTES_TITLE).first()
    if document is None:
        document = Document.objects.create(
            title=MINUTES_TITLE,
            file=ContentFile(minutes_pdf(), name=MINUTES_FILE),
            collection=Collection.objects.get(name="Jönköpings kommun"),
        )
    linked = any(
        block.block_type == "document" and block.value["document"].pk == document.pk
        for block in meeting.documentation
    )
    if not linked:
        meeting.documentation.append(
            ("document", {"document": document, "title": "Protokoll (PDF)"})
        )
        meeting.save_revision().publish()
    return f"protokollet {MINUTES_FILE}"


def _project_plan() -> str:
    case = Case.objects.filter(submission__idea__title=PLAN_CASE).first()
    if case is None or NoteAttachment.objects.filter(original_name=PLAN_FILE).exists():
        return f"projektplanen {PLAN_FILE}"
    author = get_user_model().objects.get(username="coach.omar")
    note_add(
        case=case,
        author=author,
        body="<p>Projektplanen som vi skrev ihop på tisdagens träff.</p>",
        visibility="team",
        attachments=[
            SimpleUploadedFile(
                PLAN_FILE,
                project_plan_docx(),
                content_type=(
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                ),
            )
        ],
    )
    return f"projektplanen {PLAN_FILE}"


def load(sites: dict[str, Site]) -> str:
    return f"{_minutes(sites)}, {_project_plan()}"
