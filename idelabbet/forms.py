"""The citizen's forms: submit an idea, follow it up, apply for Snabb slant, join one.

Every message is Swedish and sits next to its field (the templates tie it to
the field with ``aria-describedby``); bound forms keep what was typed.
"""

from pathlib import Path

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image

from .models import HelpWanted, Theme
from .models.grants import (
    MAX_AMOUNT_SEK,
    snabb_slant_amount_error,
    snabb_slant_budget_error,
    snabb_slant_persons_error,
)
from .validators import no_personal_identity_number, phone_number

REQUIRED = _("Fyll i det här fältet.")
EMAIL_INVALID = _("Skriv en e-postadress, till exempel namn@exempel.se.")
ALLOWED_ATTACHMENTS = {".pdf": "PDF", ".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG"}
# Coaches also attach project plans and budgets as they were written; the
# search catalog reads the text of all of these (search.files).
ALLOWED_NOTE_ATTACHMENTS = {
    **ALLOWED_ATTACHMENTS,
    ".docx": "DOCX",
    ".odt": "ODT",
    ".rtf": "RTF",
    ".txt": "TXT",
}


def max_attachment_bytes() -> int:
    return getattr(settings, "IDELABBET_MAX_ATTACHMENT_BYTES", 10 * 1024 * 1024)


def max_attachments() -> int:
    return getattr(settings, "IDELABBET_MAX_ATTACHMENTS", 5)


class SwedishFormMixin:
    """Swedish messages for the generic errors Django would say in English."""

    # Fields whose own "required" message says more than the generic one.
    keep_required_message: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.EmailField):
                field.error_messages["invalid"] = EMAIL_INVALID
                # Latin-script data reads left to right in an Arabic form too.
                field.widget.attrs["dir"] = "ltr"
            if isinstance(field, forms.CharField) and field.max_length:
                field.error_messages["max_length"] = _(
                    "Högst %(limit_value)d tecken (du har skrivit %(show_value)d)."
                )
        for name, field in self.fields.items():
            if field.required and name not in self.keep_required_message:
                field.error_messages["required"] = REQUIRED


class HoneypotMixin(forms.Form):
    # A field people never see; bots fill in every field they find.
    webbplats = forms.CharField(
        required=False,
        label=_("Lämna det här fältet tomt"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def is_spam(self) -> bool:
        return bool(self.data.get(self.add_prefix("webbplats")))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Several optional files of the ``allowed`` kinds (PDF or images), each within the limit."""

    widget = MultipleFileInput

    def __init__(self, *args, allowed=None, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)
        self.allowed = allowed or ALLOWED_ATTACHMENTS

    def clean(self, data, initial=None):
        files = [f for f in (data or []) if f] if isinstance(data, list | tuple) else []
        if data and not isinstance(data, list | tuple):
            files = [data]
        if len(files) > max_attachments():
            raise forms.ValidationError(
                _("Du kan bifoga högst %(max)d filer.") % {"max": max_attachments()}
            )
        errors = []
        for upload in files:
            error = self._check(upload)
            if error:
                errors.append(error)
        if errors:
            raise forms.ValidationError(errors)
        return files

    def _check(self, upload):
        name = Path(upload.name).name
        suffix = Path(name).suffix.lower()
        if suffix not in self.allowed and self.allowed is ALLOWED_ATTACHMENTS:
            return _("”%(name)s” är varken en PDF eller en bild (JPG, PNG). Välj en annan fil.") % {
                "name": name
            }
        if suffix not in self.allowed:
            return _(
                "”%(name)s” är inte en filtyp som kan bifogas (%(kinds)s). Välj en annan fil."
            ) % {
                "name": name,
                "kinds": ", ".join(sorted({kind for kind in self.allowed.values()})),
            }
        if upload.size > max_attachment_bytes():
            return _("”%(name)s” är %(size)s. En fil får vara högst %(max)s.") % {
                "name": name,
                "size": filesizeformat(upload.size),
                "max": filesizeformat(max_attachment_bytes()),
            }
        if upload.size == 0:
            return _("”%(name)s” är tom. Välj en annan fil.") % {"name": name}
        if not _content_matches(upload, self.allowed[suffix]):
            return _(
                "”%(name)s” ser inte ut att vara en riktig %(kind)s-fil. Välj en annan fil."
            ) % {"name": name, "kind": self.allowed[suffix]}
        return None


def _content_matches(upload, kind: str) -> bool:
    # The extension alone proves nothing: look at the bytes.
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if kind == "PDF":
        return head.startswith(b"%PDF-")
    if kind in ("DOCX", "ODT"):
        return head.startswith(b"PK\x03\x04")  # a zip container
    if kind == "RTF":
        return head.startswith(b"{\\rtf")
    if kind == "TXT":
        return b"\x00" not in head
    try:
        with Image.open(upload) as image:
            image.verify()
            matches = image.format == kind
    except Exception:  # noqa: BLE001 - any decoding failure means "not an image"
        matches = False
    upload.seek(0)
    return matches


class IdeaSubmitForm(SwedishFormMixin, HoneypotMixin, forms.Form):
    form_key = forms.UUIDField(widget=forms.HiddenInput)
    title = forms.CharField(
        label=_("Idéns namn"),
        max_length=120,
        help_text=_("Ett kort namn, till exempel ”Språkcafé i Stenhamra”."),
        validators=[no_personal_identity_number],
    )
    summary = forms.CharField(
        label=_("Vad är idén och vem har nytta av den?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Texten visas på webbplatsen när idén har godkänts. Skriv inga personuppgifter."
        ),
        validators=[no_personal_identity_number],
    )
    theme = forms.ChoiceField(
        label=_("Tema"),
        choices=[("", _("Välj ett tema"))] + list(Theme.choices),
        error_messages={"required": _("Välj ett tema.")},
    )
    help_wanted = forms.MultipleChoiceField(
        label=_("Vilken hjälp vill du ha?"),
        choices=HelpWanted.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Välj så många du vill."),
    )
    for_young_people = forms.BooleanField(
        label=_("Idén drivs av unga eller riktar sig till unga"), required=False
    )
    name = forms.CharField(label=_("Ditt namn"), max_length=200)
    email = forms.EmailField(
        label=_("Din e-postadress"),
        help_text=_("Hit skickar vi en bekräftelse och en länk där du följer din idé."),
    )
    phone = forms.CharField(
        label=_("Telefonnummer (frivilligt)"),
        max_length=40,
        required=False,
        validators=[phone_number],
    )
    attachments = AttachmentsField(
        label=_("Bilagor (frivilligt)"),
        help_text=_("PDF eller bilder (JPG, PNG), högst 5 filer på högst 10 MB var."),
    )
    consent = forms.BooleanField(
        label=_("Jag samtycker till att Idélabbet behandlar mina personuppgifter"),
        error_messages={
            "required": _("Du behöver samtycka för att vi ska kunna kontakta dig om idén.")
        },
    )
    keep_required_message = ("theme", "consent")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["phone"].widget = forms.TextInput(
            attrs={"type": "tel", "autocomplete": "tel", "dir": "ltr"}
        )
        self.fields["attachments"].widget.attrs["accept"] = ".pdf,.jpg,.jpeg,.png"


class CoInitiatorForm(SwedishFormMixin, forms.Form):
    name = forms.CharField(label=_("Namn"), max_length=200, required=False)
    email = forms.EmailField(label=_("E-post"), required=False)

    def clean(self):
        data = super().clean()
        name, email = data.get("name"), data.get("email")
        if name and not email and "email" not in self.errors:
            self.add_error("email", _("Skriv e-postadressen till %(name)s.") % {"name": name})
        if email and not name:
            self.add_error("name", _("Skriv namnet på den som har den här e-postadressen."))
        return data

    @property
    def is_filled(self) -> bool:
        return bool(self.cleaned_data.get("name") and self.cleaned_data.get("email"))


CoInitiatorFormSet = forms.formset_factory(CoInitiatorForm, extra=3, max_num=10, absolute_max=10)


class StatusAdditionForm(SwedishFormMixin, forms.Form):
    body = forms.CharField(
        label=_("Vill du lägga till något?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Det du skriver här läses av Idélabbets coacher. Det visas inte publikt."),
        validators=[no_personal_identity_number],
    )


class WithdrawForm(SwedishFormMixin, forms.Form):
    confirm = forms.BooleanField(
        label=_("Ja, jag vill återkalla min idé"),
        error_messages={"required": _("Kryssa i rutan för att återkalla idén.")},
    )
    keep_required_message = ("confirm",)


class ParticipationForm(SwedishFormMixin, HoneypotMixin, forms.Form):
    name = forms.CharField(label=_("Ditt namn"), max_length=200)
    email = forms.EmailField(label=_("Din e-postadress"))
    contribution = forms.CharField(
        label=_("Vad kan du bidra med?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        validators=[no_personal_identity_number],
    )


class SnabbSlantForm(SwedishFormMixin, forms.Form):
    activity_what = forms.CharField(
        label=_("Vad ska ni göra?"), max_length=3000, widget=forms.Textarea(attrs={"rows": 4})
    )
    activity_when = forms.CharField(label=_("När?"), max_length=200)
    activity_where = forms.CharField(label=_("Var?"), max_length=200)
    activity_for_whom = forms.CharField(
        label=_("För vem? Aktiviteten ska vara öppen och komma invånarna till nytta."),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    contacted_idelabbet = forms.BooleanField(
        label=_("Vi har varit i kontakt med Idélabbet"),
        error_messages={
            "required": _("Kontakta Idélabbet först, och kryssa sedan i rutan. Det är ett villkor.")
        },
    )
    keep_required_message = ("contacted_idelabbet",)


class PersonForm(SwedishFormMixin, forms.Form):
    name = forms.CharField(label=_("Namn"), max_length=200, required=False)
    contact = forms.CharField(
        label=_("E-post eller telefon"),
        max_length=254,
        required=False,
        widget=forms.TextInput(attrs={"dir": "ltr"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("name") and not data.get("contact"):
            self.add_error("contact", _("Skriv hur vi når %(name)s.") % {"name": data["name"]})
        if data.get("contact") and not data.get("name"):
            self.add_error("name", _("Skriv namnet."))
        return data


class BasePersonFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        filled = [f for f in self.forms if f.cleaned_data.get("name")]
        error = snabb_slant_persons_error(len(filled))
        if error:
            raise forms.ValidationError(error)


class BudgetLineForm(SwedishFormMixin, forms.Form):
    description = forms.CharField(label=_("Kostnad"), max_length=200, required=False)
    amount_sek = forms.IntegerField(
        label=_("Belopp i kronor"),
        required=False,
        min_value=1,
        max_value=MAX_AMOUNT_SEK,
        error_messages={
            "invalid": _("Skriv beloppet i hela kronor, bara siffror."),
            "min_value": _("Beloppet måste vara minst 1 krona."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Built when the form is, so it speaks the request's language.
        self.fields["amount_sek"].error_messages["max_value"] = snabb_slant_amount_error()

    def clean(self):
        data = super().clean()
        if data.get("description") and data.get("amount_sek") is None:
            if "amount_sek" not in self.errors:
                self.add_error("amount_sek", _("Skriv vad det kostar."))
        if data.get("amount_sek") is not None and not data.get("description"):
            self.add_error("description", _("Skriv vad pengarna ska användas till."))
        return data


class BaseBudgetFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        lines = [f.cleaned_data for f in self.forms if f.cleaned_data.get("description")]
        error = snabb_slant_budget_error([line["amount_sek"] for line in lines])
        if error:
            raise forms.ValidationError(error)


PersonFormSet = forms.formset_factory(
    PersonForm, formset=BasePersonFormSet, extra=5, max_num=20, absolute_max=20
)
BudgetFormSet = forms.formset_factory(
    BudgetLineForm, formset=BaseBudgetFormSet, extra=5, max_num=20, absolute_max=20
)
