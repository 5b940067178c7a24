"""The install's languages and the language a URL carries (no database)."""

from django.conf import settings


def default_language() -> str:
    """Swedish: the source of every translation, served without a prefix."""
    return settings.LANGUAGE_CODE


def install_languages() -> list[str]:
    """Every language the install offers, Swedish first (settings.LANGUAGES)."""
    codes = [code for code, _name in settings.LANGUAGES]
    default = default_language()
    return [default] + [code for code in codes if code != default]


def language_name(code: str) -> str:
    """The language's name as its speakers write it (settings.LANGUAGES)."""
    return str(dict(settings.LANGUAGES).get(code, code))


def language_from_path(path: str) -> str | None:
    """The language whose prefix starts ``path`` (``/en/…``), or None.

    Only a language of the install counts, and never Swedish: Swedish URLs
    have no prefix. Read from the settings alone, so a language an operator
    added without a catalogue has its URLs too.
    """
    first = path.lstrip("/").split("/", 1)[0]
    if first and first != default_language() and first in dict(settings.LANGUAGES):
        return first
    return None


def path_language(path: str) -> str:
    """The language a visitor of ``path`` reads: the prefix's, else Swedish."""
    return language_from_path(path) or default_language()
