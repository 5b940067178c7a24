"""Blocks a host site can put on its home page to lead visitors into the forum."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.models import Site

from .selectors import changes_at, forum_index_for_site, meeting_next_or_latest


class NextMeetingBlock(blocks.StructBlock):
    """The next meeting (or the latest, when none is announced), and the way to the proposals."""

    heading = blocks.CharBlock(required=False, label=_("Rubrik"))

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        request = (parent_context or {}).get("request")
        site = Site.find_for_request(request) if request is not None else None
        index = forum_index_for_site(site=site)
        # In the page's language: its meetings are translations or aliases.
        index = index.localized.specific if index is not None else None
        meeting, upcoming = meeting_next_or_latest(index=index) if index else (None, False)
        context.update(forum_index=index, meeting=meeting, upcoming=upcoming)
        if upcoming and request is not None:
            changes_at(request, meeting.start)
        return context

    class Meta:
        icon = "date"
        label = _("Nästa forummöte")
        template = "forum/blocks/next_meeting.html"
