"""Which of the install's languages a municipality offers (Inställningar → Språk)."""

from django import forms
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


def default_site_languages() -> list[str]:
    """What a municipality offers until it chooses: settings.DEFAULT_SITE_LANGUAGES."""
    return [code for code in settings.DEFAULT_SITE_LANGUAGES if code != settings.LANGUAGE_CODE]


class LanguageSettingsForm(WagtailAdminModelForm):
    codes = forms.MultipleChoiceField(
        label=_("Språk utöver svenska"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Svenska finns alltid. Ett språk som kryssas i får adresser under /<kod>/ och "
            "sidor som kan översättas; ett språk som inte erbjuds svarar 404."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The install's languages are read when the form is made: an operator
        # may add one (EXTRA_LANGUAGES) without a migration.
        self.fields["codes"].choices = [
            (code, name) for code, name in settings.LANGUAGES if code != settings.LANGUAGE_CODE
        ]


@register_setting(icon="globe")
class LanguageSettings(BaseSiteSetting):
    """The languages beyond Swedish that one municipality's site offers.

    Read through ``cms.languages.selectors.site_languages`` and written through
    ``cms.languages.services.site_languages_set``; Swedish is always offered
    and never stored.
    """

    codes = models.JSONField(_("språk"), default=default_site_languages, blank=True)

    base_form_class = LanguageSettingsForm
    panels = [FieldPanel("codes")]

    class Meta:
        verbose_name = _("språk")
