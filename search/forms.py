from django import forms
from django.utils.translation import gettext_lazy as _

SORT_CHOICES = [("relevance", _("Bäst träff först")), ("date", _("Nyast först"))]


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Sökord"),
        required=False,
        # No max_length: an overlong query gets a clear message from the search,
        # never a form error that hides what was typed.
        strip=True,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
        help_text=_('Använd "citattecken" för en fras och -ord för att utesluta ett ord.'),
    )
    sort = forms.ChoiceField(
        label=_("Sortering"), choices=SORT_CHOICES, required=False, initial="relevance"
    )
