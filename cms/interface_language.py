"""Interface strings of an offered language without a catalogue fall back to English.

Swedish is the source language (``LANGUAGE_CODE = "sv"``) and Django falls back
to it for every string a catalogue lacks. A Somali or Tigrinya reader is better
served by English, the install's second complete catalogue; so an operator who
adds a language to ``LANGUAGES`` gets English interface text until the
language's own catalogue exists, and a partial catalogue (Arabic covers the
public pages and the citizen's emails) is completed by English, never by
Swedish.

Django offers no setting for the fallback chain, so two of its functions are
replaced once at start-up (``install``, from ``CmsConfig.ready``):

- ``DjangoTranslation._add_fallback``: for every language but the source and the
  fallback itself, the fallback is ``INTERFACE_FALLBACK_LANGUAGE`` (English),
  whose own missing strings still show the Swedish source;
- ``translation_catalog_exists``: Django only accepts a language (URL prefix,
  ``set_language``) when some catalogue for it exists; a language the operator
  offers in ``LANGUAGES`` is accepted by configuration alone.

Both keep Django's cache behaviour: the test signal that clears Django's caches
when ``LANGUAGES`` changes clears these too.
"""

import functools

from django.conf import settings
from django.conf.locale import LANG_INFO
from django.core.signals import setting_changed
from django.utils import translation
from django.utils.translation import trans_real

DEFAULT_FALLBACK = "en"


def fallback_language() -> str:
    return getattr(settings, "INTERFACE_FALLBACK_LANGUAGE", DEFAULT_FALLBACK)


def _generic(code: str) -> str:
    return code.lower().split("-")[0].split("_")[0]


class FallbackTranslation(trans_real.DjangoTranslation):
    """Django's translation object with English (not the source) as the fallback."""

    def _add_fallback(self, localedirs=None):
        language = self.language()
        fallback = fallback_language()
        if _generic(language) in {_generic(settings.LANGUAGE_CODE), _generic(fallback)}:
            # Swedish is the source; English falls back to it as Django does.
            return super()._add_fallback(localedirs)
        if self.domain == "django":
            self.add_fallback(trans_real.translation(fallback))
        else:
            self.add_fallback(
                FallbackTranslation(fallback, domain=self.domain, localedirs=localedirs)
            )


_catalogue_exists = trans_real.translation_catalog_exists.__wrapped__


@functools.lru_cache(maxsize=1000)
def offered_or_catalogued(lang_code: str) -> bool:
    """True for a language with a catalogue (Django's rule) or offered in ``LANGUAGES``."""
    return lang_code.lower() in trans_real.get_languages() or _catalogue_exists(lang_code)


def language_info_register() -> None:
    """Give an offered language Django does not know (Somali, Tigrinya) its name and direction.

    ``get_language_info`` (the language switch, Wagtail's locale names) raises
    ``KeyError`` for a code missing from Django's table.
    """
    for code, name in settings.LANGUAGES:
        if code in LANG_INFO or code.lower() in LANG_INFO:
            continue
        LANG_INFO[code] = {
            "bidi": _generic(code) in settings.LANGUAGES_BIDI,
            "code": code,
            "name": str(name),
            "name_local": str(name),
        }


def _languages_changed(*, setting, **kwargs) -> None:
    if setting == "LANGUAGES":
        language_info_register()
    setting_changed.connect(_languages_changed, dispatch_uid="cms.interface_language")


def install() -> None:
    """Put the fallback chain and the language check in place (idempotent)."""
    trans_real.DjangoTranslation = FallbackTranslation
    trans_real.translation_catalog_exists = offered_or_catalogued
    # django.utils.translation caches what it looked up on trans_real; forget it.
    for name in ("DjangoTranslation", "check_for_language", "translation"):
        translation._trans.__dict__.pop(name, None)
    trans_real._translations = {}
    trans_real._get_supported_language_variant.cache_clear()
    language_info_register()
    setting_changed.connect(_languages_changed, dispatch_uid="cms.interface_language")
