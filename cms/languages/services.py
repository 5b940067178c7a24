"""Writes: a municipality's choice of languages."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.signals import post_migrate
from django.utils.translation import gettext as _
from wagtail.models import Locale, Site

from ..models import SiteContact, SiteIdentity, SiteTexts
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


@transaction.atomic
def site_texts_sync(*, site: Site) -> SiteTexts:
    """Copy ``site``'s Swedish header and footer texts from its settings to its SiteTexts.

    The settings (Kontaktuppgifter, Utseende) stay where Swedish is edited;
    the SiteTexts row is what wagtail-localize translates, so a change there
    shows as out of date in each translation once synced.
    """
    swedish = Locale.objects.get_or_create(language_code=default_language())[0]
    texts = SiteTexts.objects.filter(site=site, locale=swedish).first() or SiteTexts(
        site=site, locale=swedish
    )
    sources = {"SiteContact": SiteContact, "SiteIdentity": SiteIdentity}
    changed = texts.pk is None
    for model_name, fields in SiteTexts.COPIED.items():
        row = sources[model_name].objects.filter(site=site).first()
        for field in fields:
            value = getattr(row, field) if row is not None else ""
            if getattr(texts, field) != value:
                setattr(texts, field, value)
                changed = True
    # Saved only when a copied text changed: a save reaches every page of the
    # site in the page cache (cms/pagecache), a phone number edit must not.
    if changed:
        texts.save()
    return texts
