"""Public and admin forms of the forum."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Registration


class RegistrationForm(forms.ModelForm):
    class Meta:
        model = Registration
        fields = ["name", "organisation", "sector", "email", "needs"]
        labels = {"needs": _("Behov (till exempel kost, tillgänglighet, tolk)")}
        widgets = {
            "sector": forms.RadioSelect,
            "needs": forms.Textarea(attrs={"rows": 3}),
            # Latin-script data reads left to right in an Arabic form too.
            "email": forms.EmailInput(attrs={"dir": "ltr", "autocomplete": "email"}),
        }
        help_texts = {
            "email": _("Hit skickar vi återkopplingen efter mötet."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].choices = [
            c for c in self.fields["sector"].choices if c[0]
        ]  # no empty radio choice

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def validate_unique(self):
        # The same address twice is one registration: the service handles it.
        pass


class FeedbackForm(forms.Form):
    summary = forms.CharField(
        label=_("Sammanfattning"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Skickas till alla anmälda tillsammans med en länk till dokumentationen."),
    )


class ProposalFilterForm(forms.Form):
    meeting = forms.TypedChoiceField(label=_("Möte"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(label=_("Status"), required=False)
    principle = forms.ChoiceField(label=_("Princip"), required=False)

    def __init__(self, *args, meetings, statuses, principles, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("Alla"))]
        self.fields["meeting"].choices = everything + [(m.pk, m.title) for m in meetings]
        self.fields["status"].choices = everything + list(statuses)
        self.fields["principle"].choices = everything + [(p.slug, p.name) for p in principles]
