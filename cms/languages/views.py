"""The page the language switch leads to when a page is not translated."""

from django.http import Http404
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_GET
from wagtail.models import Page, Site

from .codes import language_name
from .links import page_translation


@require_GET
def not_translated(request, page_id: int):
    """Says, in the visitor's language, that the page is not translated, and links to it in Swedish.

    Only for a published page without view restriction on this site; a page
    that is translated after all sends the visitor there.
    """
    site = Site.find_for_request(request)
    page = Page.objects.live().public().filter(pk=page_id).first()
    if site is None or page is None or not page.path.startswith(site.root_page.path):
        raise Http404
    translated = page_translation(page, translation.get_language())
    home = site.root_page.localized
    return render(
        request,
        "cms/not_translated.html",
        {
            "source": page.specific,
            "translated": translated,
            "home": home,
            "language_name": language_name(translation.get_language()),
            "robots_noindex": True,
        },
    )
