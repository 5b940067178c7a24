"""Admin widgets the forum's editors need beyond Wagtail's own."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from wagtail.admin.rich_text import DraftailRichTextArea


class LabelledRichTextArea(DraftailRichTextArea):
    """Draftail whose editable box is named by the field's label.

    The field's ``<label for>`` points at Draftail's hidden input, so the box a
    person types in had no accessible name (axe: aria-input-field-name,
    serious). Wagtail's field templates give that label the id
    ``<input id>-label``; the box is labelled by it.
    """

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        input_id = context["widget"]["attrs"].get("id")
        if input_id:
            options = {**self.options, "ariaLabelledBy": f"{input_id}-label"}
            context["widget"]["attrs"]["data-w-init-detail-value"] = json.dumps(
                options, cls=DjangoJSONEncoder
            )
        return context


def label_rich_text_fields(form) -> None:
    """Give every Draftail field of an admin form the labelled widget."""
    for field in form.fields.values():
        if type(field.widget) is DraftailRichTextArea:
            field.widget = LabelledRichTextArea(features=field.widget.features)
