"""The sitemap lists every page in every language the municipality offers."""

from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

from .selectors import site_languages


class LanguageSitemap(Sitemap):
    """Wagtail's sitemap over the Swedish tree and each translation tree the site offers.

    An alias (a page not yet translated, shown in Swedish) is left out: its
    Swedish page is listed once, under its own address.
    """

    def items(self):
        return sitemap_items(self.get_wagtail_site())


def sitemap_items(site):
    """The pages a site's sitemap lists (also what ``page_cache_warm`` asks for)."""
    roots = site.root_page.get_translations(inclusive=True).filter(
        locale__language_code__in=site_languages(site)
    )
    in_trees = Q()
    for root in roots:
        in_trees |= Q(path__startswith=root.path)
    return (
        Page.objects.filter(in_trees)
        .filter(alias_of__isnull=True)
        .live()
        .public()
        .order_by("path")
        .defer_streamfields()
        .specific()
    )
