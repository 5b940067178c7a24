"""Links between languages: the language switch, hreflang, and absolute URLs for emails."""

from dataclasses import dataclass

from django.urls import reverse, translate_url
from django.utils import translation
from wagtail.models import Locale, Page, Site

from .codes import default_language, language_name
from .selectors import site_languages


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str
    url: str
    # False: the page has no translation in this language; the link explains
    # that and leads to the Swedish page.
    translated: bool


def page_translation(page: Page, code: str) -> Page | None:
    """``page`` in language ``code`` if it is published and really translated (not an alias)."""
    locale = Locale.objects.filter(language_code=code).first()
    if locale is None:
        return None
    if page.locale_id == locale.pk:
        found = page
    else:
        found = page.get_translation_or_none(locale)
    if found is None or not found.live or found.alias_of_id is not None:
        return None
    return found


def source_page(page: Page) -> Page:
    """The Swedish page ``page`` is a translation or alias of (or ``page``)."""
    if page.alias_of_id is not None:
        return page.alias_of
    default = Locale.objects.filter(language_code=default_language()).first()
    found = page.get_translation_or_none(default) if default else None
    return found or page


def language_links(request, page: Page | None) -> list[LanguageLink]:
    """One link per language the site offers, the current one included.

    For a Wagtail page: its translation, or the "not translated" page in that
    language (which links to the Swedish page). For every other view (forms,
    search): the same address in that language.
    """
    site = Site.find_for_request(request)
    links = []
    for code in site_languages(site):
        if page is not None:
            target = page_translation(page, code)
            if target is not None:
                url = target.get_url(request)
            else:
                with translation.override(code):
                    url = reverse("not_translated", args=[source_page(page).pk])
            links.append(LanguageLink(code, language_name(code), url, target is not None))
        else:
            url = translate_url(request.get_full_path(), code)
            links.append(LanguageLink(code, language_name(code), url, True))
    return links


def absolute_url(*, site: Site, language: str, viewname: str, args=None, kwargs=None) -> str:
    """The absolute address of a named view on ``site`` in ``language`` (``/en/…``).

    For links in emails: a citizen who wrote in Arabic gets ``/ar/…`` links
    (only to a language the site offers; otherwise the Swedish address).
    """
    if language not in site_languages(site):
        language = default_language()
    with translation.override(language):
        path = reverse(viewname, args=args, kwargs=kwargs)
    return site.root_url.rstrip("/") + path


def page_absolute_url(page: Page, language: str) -> str:
    """The absolute address of ``page`` in ``language``, else of the Swedish page."""
    target = page_translation(page, language) or source_page(page)
    return target.get_full_url()
