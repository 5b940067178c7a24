"""Structured documentation of a forum meeting, written by organisers afterwards.

Each block renders itself (``Meta.template``) so a meeting page is a plain
``include_block``; every block keeps its text in plain fields so a search
engine can index the documentation without rendering it.
"""

from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock


class AgendaItemBlock(blocks.StructBlock):
    time = blocks.TimeBlock(label=_("Tid"))
    title = blocks.CharBlock(label=_("Punkt"))
    speaker = blocks.CharBlock(required=False, label=_("Talare"))
    description = blocks.TextBlock(required=False, label=_("Beskrivning"))


class AgendaBlock(blocks.StructBlock):
    items = blocks.ListBlock(AgendaItemBlock(), label=_("Punkter"))

    class Meta:
        icon = "list-ol"
        label = _("Program")
        template = "forum/blocks/agenda.html"


class LabelledRichTextBlock(blocks.RichTextBlock):
    """Rich text whose editor box is named by the block's label (see ``LabelledRichTextArea``)."""

    @cached_property
    def field(self):
        # Imported here: Wagtail's rich text admin needs the app registry ready.
        from wagtail.admin.rich_text import DraftailRichTextArea

        from .widgets import LabelledRichTextArea

        field = super().field
        if type(field.widget) is DraftailRichTextArea:
            field.widget = LabelledRichTextArea(features=self.features, aria_label=self.label)
        return field


class MinutesBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False, label=_("Rubrik"), default="Minnesanteckningar")
    text = LabelledRichTextBlock(features=["bold", "italic", "link", "ol", "ul"], label=_("Text"))

    class Meta:
        icon = "doc-full"
        label = _("Minnesanteckningar")
        template = "forum/blocks/minutes.html"


class GroupDiscussionBlock(blocks.StructBlock):
    group = blocks.CharBlock(label=_("Grupp"))
    field = blocks.CharBlock(required=False, label=_("Område"))
    secretary = blocks.CharBlock(required=False, label=_("Sekreterare"))
    notes = blocks.TextBlock(label=_("Det här kom fram"))

    class Meta:
        icon = "group"
        label = _("Gruppdiskussion")
        template = "forum/blocks/group_discussion.html"


class ListItemBlock(blocks.CharBlock):
    """One line of a list, whose input is named by the block's label.

    Wagtail renders no ``<label>`` for the field of a ``ListBlock`` item, so a
    screen reader would meet an unnamed text box (axe: "label", critical).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.field.widget.attrs.setdefault("aria-label", self.label)


class SwotBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False, label=_("Rubrik"), default="SWOT-analys")
    strengths = blocks.ListBlock(ListItemBlock(label=_("Styrka")), label=_("Styrkor"))
    weaknesses = blocks.ListBlock(ListItemBlock(label=_("Svaghet")), label=_("Svagheter"))
    opportunities = blocks.ListBlock(ListItemBlock(label=_("Möjlighet")), label=_("Möjligheter"))
    threats = blocks.ListBlock(
        ListItemBlock(label=pgettext_lazy("ett SWOT-hot", "Hot")), label=_("Hot")
    )

    class Meta:
        icon = "table"
        label = _("SWOT-analys")
        template = "forum/blocks/swot.html"


class PollOptionBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("Svarsalternativ"))
    count = blocks.IntegerBlock(min_value=0, label=_("Antal svar"))


class PollBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Fråga"))
    options = blocks.ListBlock(PollOptionBlock(), min_num=1, label=_("Alternativ"))

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["rows"] = poll_rows(value["options"])
        context["total"] = sum(row["count"] for row in context["rows"])
        return context

    class Meta:
        icon = "pick"
        label = _("Omröstning")
        template = "forum/blocks/poll.html"


def poll_rows(options) -> list[dict]:
    """Counts with their share of all answers (whole percent, and the bar's width).

    Every bar is on one scale, 0 to 100 % of all answers: 54 % fills half the
    track, never the whole of it because it was the most common answer.
    """
    counts = [int(option["count"] or 0) for option in options]
    total = sum(counts)
    return [
        {
            "label": option["label"],
            "count": count,
            "percent": round(100 * count / total) if total else 0,
            "width": round(100 * count / total, 1) if total else 0,
        }
        for option, count in zip(options, counts, strict=True)
    ]


class PhotoBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Bild"))
    alt_text = blocks.CharBlock(
        label=_("Alternativtext"), help_text=_("Beskriv bilden för den som inte ser den.")
    )
    caption = blocks.CharBlock(required=False, label=_("Bildtext"))

    class Meta:
        icon = "image"
        label = _("Foto")
        template = "forum/blocks/photo.html"


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Dokument"))
    title = blocks.CharBlock(required=False, label=_("Länktext"))

    class Meta:
        icon = "doc-full-inverse"
        label = _("Dokument")
        template = "forum/blocks/document.html"


class AttendanceBlock(blocks.StructBlock):
    civil_society = blocks.IntegerBlock(min_value=0, label=_("Civilsamhälle"))
    politicians = blocks.IntegerBlock(min_value=0, label=_("Politiker"))
    officials = blocks.IntegerBlock(min_value=0, label=_("Tjänstepersoner"))

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["total"] = sum(
            int(value[key] or 0) for key in ("civil_society", "politicians", "officials")
        )
        return context

    class Meta:
        icon = "user"
        label = _("Deltagare per sektor")
        template = "forum/blocks/attendance.html"


class DocumentationBlock(blocks.StreamBlock):
    agenda = AgendaBlock()
    minutes = MinutesBlock()
    group_discussion = GroupDiscussionBlock()
    swot = SwotBlock()
    poll = PollBlock()
    photo = PhotoBlock()
    document = DocumentBlock()
    attendance = AttendanceBlock()

    class Meta:
        label = _("Dokumentation")
