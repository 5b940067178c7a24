"""The language switch, hreflang alternates and the home page in the visitor's language."""

from django import template
from wagtail.models import Page, Site

from cms.languages.codes import default_language
from cms.languages.links import language_links, page_translation, source_page
from cms.languages.selectors import site_texts as site_texts_for

register = template.Library()


def _page(context) -> Page | None:
    page = context.get("page")
    return page if isinstance(page, Page) and page.pk else None


def _links(context):
    request = context["request"]
    if not hasattr(request, "_cms_language_links"):
        request._cms_language_links = language_links(request, _page(context))
    return request._cms_language_links


@register.inclusion_tag("cms/includes/language_switch.html", takes_context=True)
def language_switch(context):
    """Every other language the site offers: the page's translation, or why there is none."""
    request = context["request"]
    current = getattr(request, "LANGUAGE_CODE", default_language())
    return {
        "links": [link for link in _links(context) if link.code != current],
        "request": request,
    }


@register.inclusion_tag("cms/includes/hreflang.html", takes_context=True)
def hreflang_links(context):
    """``<link rel="alternate" hreflang>`` for every language the page is really in."""
    request = context["request"]
    base = f"{request.scheme}://{request.get_host()}"
    links = [link for link in _links(context) if link.translated]
    swedish = next((link for link in links if link.code == default_language()), None)
    return {"links": links, "base": base, "default": swedish}


@register.simple_tag(takes_context=True)
def localized_home(context):
    """The site's home page in the visitor's language (the Swedish one if not translated)."""
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    return site.root_page.localized if site else None


@register.simple_tag(takes_context=True)
def page_untranslated(context):
    """For an alias (a page shown in Swedish under another language): the Swedish page."""
    page = _page(context)
    if page is None or page.alias_of_id is None:
        return None
    source = source_page(page)
    return None if page_translation(page, page.locale.language_code) else source


@register.simple_tag(takes_context=True)
def site_texts(context):
    """The site's header and footer texts in the URL's language (Swedish where untranslated)."""
    request = context.get("request")
    if request is None:
        return site_texts_for(None)
    if not hasattr(request, "_cms_site_texts"):
        request._cms_site_texts = site_texts_for(Site.find_for_request(request))
    return request._cms_site_texts
