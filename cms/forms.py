"""Public forms of the host site."""

from django import forms
from django.utils.translation import gettext_lazy as _


class AccessibilityFeedbackForm(forms.Form):
    """Report inaccessible content: one question (what does not work), the rest optional."""

    description = forms.CharField(
        label=_("Vad fungerar inte?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Beskriv vad du försökte göra och vad som hindrade dig."),
        error_messages={"required": _("Beskriv vad som inte fungerar.")},
    )
    page_address = forms.CharField(
        label=_("Vilken sida gäller det? (frivilligt)"),
        max_length=500,
        required=False,
        help_text=_("Sidans adress eller rubrik."),
        # An address (left to right) or a heading in the page's script.
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )
    name = forms.CharField(label=_("Ditt namn (frivilligt)"), max_length=200, required=False)
    email = forms.EmailField(
        label=_("Din e-post (frivilligt)"),
        required=False,
        help_text=_("Om du vill ha svar. Visas aldrig på webbplatsen."),
        # Latin-script data reads left to right in an Arabic form too.
        widget=forms.EmailInput(attrs={"dir": "ltr", "autocomplete": "email"}),
        error_messages={"invalid": _("Skriv e-postadressen som namn@exempel.se.")},
    )
