"""Admin widgets the forum's editors need beyond Wagtail's own."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from wagtail.admin.rich_text import DraftailRichTextArea
from wagtail.admin.rich_text.editors.draftail import DraftailRichTextAreaAdapter
from wagtail.admin.telepath import register


class LabelledRichTextArea(DraftailRichTextArea):
    """Draftail whose editable box has an accessible name.

    Wagtail names Draftail's hidden input, not the box a person types in, so
    the box had no accessible name (axe: aria-input-field-name, serious). In a
    form, Wagtail's field template gives the label the id ``<input id>-label``
    and the box is labelled by it; in a StreamField block, where the label has
    no id, the box gets ``aria_label`` (the block's label) instead.
    """

    def __init__(self, *args, aria_label=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.aria_label = aria_label

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        input_id = context["widget"]["attrs"].get("id")
        if input_id:
            options = {**self.options, "ariaLabelledBy": f"{input_id}-label"}
            context["widget"]["attrs"]["data-w-init-detail-value"] = json.dumps(
                options, cls=DjangoJSONEncoder
            )
        return context


class LabelledRichTextAreaAdapter(DraftailRichTextAreaAdapter):
    def js_args(self, widget):
        options = dict(widget.options)
        if widget.aria_label:
            options["ariaLabel"] = str(widget.aria_label)  # in the asker's language
        return [options]


register(LabelledRichTextAreaAdapter(), LabelledRichTextArea)


def label_rich_text_fields(form) -> None:
    """Give every Draftail field of an admin form the labelled widget."""
    for field in form.fields.values():
        if type(field.widget) is DraftailRichTextArea:
            field.widget = LabelledRichTextArea(features=field.widget.features)
