"""An Atom feed of the forum's proposals, newest change first (live pages only)."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from .selectors import proposals_for_index


class ProposalFeed(Feed):
    feed_type = Atom1Feed

    def __init__(self, *, index):
        super().__init__()
        self.index = index
        self.request = None

    def __call__(self, request, *args, **kwargs):
        # Relative page URLs need the request to know which site is asking.
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return _("Förslag från %(title)s") % {"title": self.index.title}

    def link(self):
        return self.index.get_url(self.request)

    def subtitle(self):
        return _("Förslagen från forumets möten och vad som har hänt med dem.")

    def items(self):
        return sorted(
            proposals_for_index(index=self.index),
            key=lambda p: p.last_published_at or p.first_published_at,
            reverse=True,
        )[:50]

    def item_title(self, item):
        return f"{item.title} – {item.get_status_display()}"

    def item_description(self, item):
        return item.description

    def item_link(self, item):
        return item.get_url(self.request)

    def item_updateddate(self, item):
        return item.last_published_at
