"""The visitor's language comes from the URL, and only from it.

Replaces Django's LocaleMiddleware, which would guess from the ``sprak``
cookie and the browser's Accept-Language wherever a URL has no prefix (the
admin, the API) and redirect unprefixed URLs: a first visit is Swedish unless
the URL says otherwise, and a shared link shows the same language to
everybody. A prefix for a language the municipality does not offer is a 404.
The Wagtail admin sets each editor's own language itself.
"""

from django.http import Http404
from django.utils import translation
from wagtail.models import Site

from .codes import default_language, language_from_path
from .selectors import site_languages


class UrlLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        prefixed = language_from_path(request.path_info)
        language = prefixed or default_language()
        translation.activate(language)
        request.LANGUAGE_CODE = language
        if prefixed is not None and prefixed not in site_languages(_site(request)):
            # The 404 page in Swedish, the language every municipality offers.
            translation.activate(default_language())
            request.LANGUAGE_CODE = default_language()
            response = _not_found(request)
        else:
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response


def _site(request):
    try:
        return Site.find_for_request(request)
    except Exception:  # noqa: BLE001 - a bad Host header is answered by the view as usual
        return None


def _not_found(request):
    from django.core.handlers.exception import response_for_exception

    return response_for_exception(request, Http404())
