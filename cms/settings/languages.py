"""The languages of the install: interface, content and URLs (imported by base.py).

Swedish is the default and the source of all content. The install ships
Swedish, English and Arabic; an operator offers any other language by
configuration alone, with ``EXTRA_LANGUAGES``, a comma-separated list of
``code:name`` (the name as its speakers write it), ``:rtl`` appended for a
language written right to left::

    EXTRA_LANGUAGES=so:Soomaali,fa:فارسی:rtl,ti:ትግርኛ,uk:Українська

Its content is translatable at once (Wagtail locales, wagtail-localize), its
URLs are ``/<code>/…``, and each municipality chooses whether to offer it
(Inställningar → Språk, ``cms.languages``).
"""

from django.core.exceptions import ImproperlyConfigured

# Written right to left, whether Django knows the language or not.
_KNOWN_BIDI = ["ar", "ar-dz", "ckb", "fa", "he", "ps", "ur", "yi", "dv", "sd", "ug"]
_CODE_CHARS = set("abcdefghijklmnopqrstuvwxyz-")


def parse_extra_languages(value: str) -> list[tuple[str, str, bool]]:
    """``code:name[:rtl]`` items, comma-separated, as (code, name, rtl)."""
    found = []
    for item in filter(None, (part.strip() for part in value.split(","))):
        parts = [part.strip() for part in item.split(":")]
        code = parts[0].lower()
        if len(parts) < 2 or not parts[1] or not code or not set(code) <= _CODE_CHARS:
            raise ImproperlyConfigured(
                f"EXTRA_LANGUAGES: {item!r} ska vara kod:namn, t.ex. so:Soomaali "
                "(each item is code:name, optionally :rtl)."
            )
        rtl = code in _KNOWN_BIDI or (len(parts) > 2 and parts[2].lower() == "rtl")
        found.append((code, parts[1], rtl))
    return found


def language_settings(extra: str) -> dict:
    """LANGUAGES and what follows from them, for ``EXTRA_LANGUAGES=extra``.

    Each language is named as its speakers write it, in every interface
    language: that is the name a reader of it looks for in the switch.
    """
    shipped = [("sv", "Svenska"), ("en", "English"), ("ar", "العربية")]
    known = {code for code, _name in shipped}
    extras = [item for item in parse_extra_languages(extra) if item[0] not in known]
    languages = shipped + [(code, name) for code, name, _rtl in extras]
    return {
        "LANGUAGES": languages,
        "LANGUAGES_BIDI": sorted(set(_KNOWN_BIDI) | {code for code, _n, rtl in extras if rtl}),
        # Every language's content is translatable at once.
        "WAGTAIL_CONTENT_LANGUAGES": list(languages),
    }


LANGUAGE_CODE = "sv"
USE_I18N = True
WAGTAIL_I18N_ENABLED = True
# The language is in the URL only (cms.languages.middleware): no cookie, no
# Accept-Language. The cookie name stays for Django's own set_language.
LANGUAGE_COOKIE_NAME = "sprak"
# The admin's own interface stays in the two complete catalogues.
WAGTAILADMIN_PERMITTED_LANGUAGES = [("sv", "Svenska"), ("en", "English")]
# Languages every new municipality offers until it chooses (Inställningar → Språk).
DEFAULT_SITE_LANGUAGES = ["sv", "en"]
