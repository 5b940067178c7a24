from django import forms
from django.utils.translation import gettext_lazy as _

SORT_CHOICES = [("relevance", _("Bäst träff först")), ("date", _("Nyast först"))]


class QueryField(forms.CharField):
    """The words typed: a NUL character is a space, as every control character is to the
    search (``search.query.clean``), never a form error that empties the page."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace("\x00", " ")
        return super().to_python(value)


class SearchForm(forms.Form):
    q = QueryField(
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
