"""Idélabbet's content in the search catalog.

Published idea pages are public entries, with the theme and the public status
as facets. Nothing from the private submission record (name, email, phone,
attachments) is ever part of an entry: ``page_text`` reads only the page's own
search fields, which hold public fields alone.
"""

from dataclasses import replace

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from search.pages import PageSource
from search.registry import CatalogEntry, register

from .models import IdeaIndexPage, IdeaPage


class IdeaSource(PageSource):
    facet_names = ("theme", "status")

    def __init__(self):
        super().__init__(IdeaPage, kind="idea", kind_label=_("Idé"))

    def to_entry(self, obj: IdeaPage) -> CatalogEntry | None:
        entry = super().to_entry(obj)
        if entry is None:
            return None
        # Facet values are shown to searchers; store them in the site's language.
        with translation.override("sv"):
            facets = {
                "theme": str(obj.get_theme_display()),
                "status": str(obj.get_public_status_display()),
            }
        return replace(entry, facets=facets)


def register_sources() -> None:
    register(IdeaSource())
    register(PageSource(IdeaIndexPage))
