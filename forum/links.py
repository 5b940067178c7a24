"""Addresses of the forum's pages in the language the reader reads."""

from django.urls import translate_url
from django.utils import translation


def url_in_active_language(page, path: str = "", *, request=None) -> str:
    """The address of ``page`` (and ``path`` below it) for a reader of the active language.

    Its translation's when there is one (``Page.localized``); else the page
    under the language's prefix (``/ar/forum/…``), served from the source
    page with the interface in that language. Swedish: the page's own address.
    Absolute without ``request`` (for emails); with it, as ``Page.get_url``
    gives it for that request (a path on the page's own site).
    """
    localized = page.localized
    base = (localized.get_full_url() if request is None else localized.get_url(request)) or ""
    url = base.rstrip("/") + "/" + path
    language = translation.get_language()
    if localized.locale.language_code == language:
        return url
    # translate_url resolves the address in the active language: resolve it as
    # the page's own (unprefixed Swedish) address, then reverse it in ``language``.
    with translation.override(localized.locale.language_code):
        return translate_url(url, language)
