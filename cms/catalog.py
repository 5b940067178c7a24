"""The host site's own pages in the search catalog."""

from search.documents import DocumentSource
from search.pages import PageSource
from search.registry import register

from .models import HomePage, StandardPage


def register_sources() -> None:
    register(PageSource(HomePage))
    register(PageSource(StandardPage))
    # Wagtail documents belong to the host: any page (a forum meeting's
    # documentation, a standard page's link) may link to them.
    register(DocumentSource())
