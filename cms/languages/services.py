"""Writes: a municipality's choice of languages."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.signals import post_migrate
from django.utils.translation import gettext as _
from wagtail.models import Locale, Site

from ..models.languages import LanguageSettings
from .codes import default_language, install_languages


@transaction.atomic
def site_languages_set(*, site: Site, codes: list[str]) -> list[str]:
    """Offer ``codes`` on ``site`` (Swedish is always offered); returns what is offered.

    Every code must be one of the install's languages (settings.LANGUAGES,
    EXTRA_LANGUAGES). Used by the municipality commands and the demo; editors
    choose under Inställningar → Språk.
    """
    offered = install_languages()
    unknown = sorted(set(codes) - set(offered))
    if unknown:
        raise ValidationError(
            _("Installationen erbjuder inte språket %(codes)s.") % {"codes": ", ".join(unknown)}
        )
    chosen = [code for code in offered if code in codes and code != default_language()]
    row, _created = LanguageSettings.objects.get_or_create(site=site)
    row.codes = chosen
    row.save(update_fields=["codes"])
    site._cms_languages = None
    return [default_language(), *chosen]


def locales_ensure() -> list[Locale]:
    """A Wagtail Locale for every language of the install (idempotent).

    Run after every ``migrate`` (the release step): a language an operator
    adds to EXTRA_LANGUAGES is translatable once the release has run.
    """
    return [Locale.objects.get_or_create(language_code=code)[0] for code in install_languages()]


def _after_migrate(sender, **kwargs) -> None:
    locales_ensure()


def connect_locales(app_config) -> None:
    post_migrate.connect(_after_migrate, sender=app_config, dispatch_uid="cms.languages.locales")
