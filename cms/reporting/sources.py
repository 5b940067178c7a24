"""Which municipalities' numbers a viewer may read, and their figures for a period.

A municipality is a Wagtail Site: its figures are those of the ideas indexes
and forums below its home page that the plugins' own trimming rules
(``statistics_indexes_for_user``, ``statistics_forums_for_user``) let the
viewer read. A site with none of them does not exist for that viewer.
"""

from dataclasses import dataclass

from django.http import Http404
from wagtail.models import Page, Site

from forum.reporting.selectors import forum_statistics, statistics_forums_for_user
from idelabbet.reporting.selectors import idea_statistics, statistics_indexes_for_user

from .figures import Figure, forum_figures, idea_figures
from .periods import Period


@dataclass
class Section:
    id: str
    title: str
    figures: list[Figure]
    stats: object


@dataclass(frozen=True)
class Municipality:
    site: Site
    idea_indexes: list
    forums: list

    @property
    def name(self) -> str:
        return self.site.site_name or self.site.hostname


def _below(page, site: Site) -> bool:
    return page.path.startswith(site.root_page.path)


def municipalities_for_user(*, user) -> list[Municipality]:
    """The sites with at least one ideas index or forum whose numbers ``user`` may read."""
    indexes = list(statistics_indexes_for_user(user=user))
    forums = list(statistics_forums_for_user(user=user))
    if not indexes and not forums:
        return []
    # Only the sites above those pages: the admin menu asks this on every
    # screen, and there may be hundreds of sites.
    step = Page.steplen
    ancestors = {
        p.path[:end] for p in indexes + forums for end in range(step, len(p.path) + 1, step)
    }
    sites = Site.objects.filter(root_page__path__in=ancestors).select_related("root_page")
    result = []
    for site in sites.order_by("-is_default_site", "site_name"):
        own_indexes = [i for i in indexes if _below(i, site)]
        own_forums = [f for f in forums if _below(f, site)]
        if own_indexes or own_forums:
            result.append(Municipality(site=site, idea_indexes=own_indexes, forums=own_forums))
    return result


def municipality_for_user(*, user, site_id) -> Municipality:
    """One municipality the user may read, or 404 (another's does not exist for them)."""
    for municipality in municipalities_for_user(user=user):
        if str(municipality.site.pk) == str(site_id):
            return municipality
    raise Http404


def sections_for(
    *, user, municipality: Municipality, period: Period, public: bool = False
) -> list[Section]:
    """The municipality's figures for ``period``: one section per ideas index and forum."""
    sections = []
    for index in municipality.idea_indexes:
        stats = idea_statistics(user=user, index=index, start=period.start, end=period.end)
        sections.append(
            Section(f"idelabbet-{index.pk}", index.title, idea_figures(stats, public=public), stats)
        )
    for forum in municipality.forums:
        stats = forum_statistics(user=user, index=forum, start=period.start, end=period.end)
        sections.append(
            Section(f"forum-{forum.pk}", forum.title, forum_figures(stats, public=public), stats)
        )
    return sections
