"""Content blocks shared by the host site's pages."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageBlock

from forum.home_blocks import NextMeetingBlock


def _site_path_or_url(value: str) -> None:
    # A path on this site (/idelabbet/skicka-in/) or a full address: a
    # plugin's form is a Django view, not a page the chooser can offer.
    if value and not value.startswith(("/", "https://", "http://")):
        raise ValidationError(_("Skriv en sökväg som börjar med / eller en hel adress."))


class LinkTargetBlock(blocks.StructBlock):
    """A page, or else a path or address: where a link goes."""

    page = blocks.PageChooserBlock(required=False, label=_("Sida"))
    path = blocks.CharBlock(
        required=False,
        label=_("Eller en sökväg eller adress"),
        validators=[_site_path_or_url],
        help_text=_("T.ex. /idelabbet/skicka-in/"),
        # An address is not text to find the page by.
        search_index=False,
    )

    def clean(self, value):
        value = super().clean(value)
        if not value.get("page") and not value.get("path"):
            raise blocks.StructBlockValidationError(
                {"path": ValidationError(_("Välj en sida eller skriv en sökväg."))}
            )
        return value


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


class StartButtonBlock(blocks.StructBlock):
    """The GOV.UK start button: the one main thing a visitor comes to do."""

    text = blocks.TextBlock(required=False, label=_("Text före knappen"))
    link_text = blocks.CharBlock(label=_("Knappens text"))
    target = LinkTargetBlock(label=_("Knappen leder till"))

    class Meta:
        icon = "arrow-right"
        label = _("Startknapp")
        template = "cms/blocks/start_button_block.html"


class ServiceLinkBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Rubrik (länktext)"))
    text = blocks.TextBlock(required=False, label=_("Text"))
    target = LinkTargetBlock(label=_("Leder till"))


class ServiceLinksBlock(blocks.StructBlock):
    """The ways in from the home page, each a card whose heading is the link."""

    heading = blocks.CharBlock(required=False, label=_("Rubrik"))
    links = blocks.ListBlock(ServiceLinkBlock(), min_num=1, label=_("Länkar"))

    class Meta:
        icon = "list-ul"
        label = _("Vägar in")
        template = "cms/blocks/service_links_block.html"


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=["bold", "italic", "link", "ol", "ul", "h3"], label=_("Stycke")
    )
    image = ImageBlock(label=_("Bild"))
    call_to_action = CallToActionBlock()
    start_button = StartButtonBlock()
    service_links = ServiceLinksBlock()
    next_meeting = NextMeetingBlock()

    class Meta:
        label = _("Innehåll")
