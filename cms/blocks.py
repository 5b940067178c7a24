"""Content blocks shared by the host site's pages."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Rubrik"))
    level = blocks.ChoiceBlock(choices=[("h2", "H2"), ("h3", "H3")], default="h2", label=_("Nivå"))

    class Meta:
        icon = "title"
        label = _("Rubrik")
        template = "cms/blocks/heading_block.html"


class CallToActionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Rubrik"))
    text = blocks.TextBlock(required=False, label=_("Text"))
    page = blocks.PageChooserBlock(required=False, label=_("Sida"))
    url = blocks.URLBlock(required=False, label=_("Eller en adress"))
    link_text = blocks.CharBlock(label=_("Länktext"))

    class Meta:
        icon = "link"
        label = _("Uppmaning")
        template = "cms/blocks/call_to_action_block.html"


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=["bold", "italic", "link", "ol", "ul", "h3"], label=_("Stycke")
    )
    image = ImageBlock(label=_("Bild"))
    call_to_action = CallToActionBlock()

    class Meta:
        label = _("Innehåll")
