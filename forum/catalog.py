"""Forum Civilsamhälle's content in the search catalog.

Meetings and proposals are pages: a published one is a public entry, a draft
none (``PageSource``). Facets let a citizen narrow to a meeting, a status or a
guiding principle; a meeting's year is the year it was held, not published.
Registrations and feedback records hold personal data and are never entries.
"""

from dataclasses import replace

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from search.pages import PageSource
from search.registry import CatalogEntry, register

from .models import ForumIndexPage, MeetingPage, ProposalPage


class MeetingSource(PageSource):
    facet_names = ("status", "meeting")

    def __init__(self):
        super().__init__(MeetingPage, kind="meeting", kind_label=_("Forummöte"))

    def to_entry(self, obj: MeetingPage) -> CatalogEntry | None:
        entry = super().to_entry(obj)
        if entry is None:
            return None
        with translation.override("sv"):
            facets = {
                "status": str(obj.get_status_display()),
                "meeting": str(obj.season_label),
                "theme": obj.theme,
            }
        return replace(entry, date=obj.start, facets=facets)


class ProposalSource(PageSource):
    facet_names = ("status", "meeting", "principle")
    facet_titles = {"principle": _("Vägledande princip")}

    def __init__(self):
        super().__init__(ProposalPage, kind="proposal", kind_label=_("Förslag"))

    def get_queryset(self):
        return super().get_queryset().prefetch_related("principles")

    def prepare(self, objs: list[ProposalPage]) -> None:
        """Also load the meetings the batch's proposals sit under, in one query.

        Asking each proposal for its parent took two queries per proposal, so a
        rebuild's cost grew with the number of forums, i.e. of municipalities.
        """
        super().prepare(objs)
        pages = [p for p in objs if p is not None]
        parents = {p.path[: -ProposalPage.steplen] for p in pages}
        meetings = {m.path: m for m in MeetingPage.objects.filter(path__in=parents)}
        for page in pages:
            page._catalog_meeting = meetings.get(page.path[: -ProposalPage.steplen])

    def to_entry(self, obj: ProposalPage) -> CatalogEntry | None:
        entry = super().to_entry(obj)
        if entry is None:
            return None
        meeting = getattr(obj, "_catalog_meeting", _UNPREPARED)
        if meeting is _UNPREPARED:
            meeting = obj.get_parent().specific
        with translation.override("sv"):
            facets = {
                "status": str(obj.get_status_display()),
                "principle": [p.name for p in obj.principles.all()],
            }
            if isinstance(meeting, MeetingPage):
                facets["meeting"] = str(meeting.season_label)
        return replace(entry, facets=facets)


_UNPREPARED = object()


def register_sources() -> None:
    register(MeetingSource())
    register(ProposalSource())
    register(PageSource(ForumIndexPage))
