"""An Atom feed of published ideas: public fields only."""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import linebreaks
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site

from .selectors import idea_index_for_site, ideas_published

FEED_SIZE = 30


class IdeasFeed(Feed):
    feed_type = Atom1Feed
    description = _("Nya idéer i Idélabbet")

    def get_object(self, request, *args, **kwargs):
        site = Site.find_for_request(request)
        if idea_index_for_site(site=site) is None:
            raise Http404
        return site

    def title(self, site):
        return _("Idéer – %(site)s") % {"site": site.site_name}

    def link(self, site):
        return idea_index_for_site(site=site).url

    def items(self, site):
        return ideas_published(site=site)[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # The description is HTML to feed readers: escape what the citizen typed.
        return linebreaks(item.summary, autoescape=True)

    def item_link(self, item):
        return item.url

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [item.get_theme_display()]
