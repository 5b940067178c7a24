"""The host site's own pages in the search catalog."""

from search.pages import PageSource
from search.registry import register

from .models import HomePage, StandardPage


def register_sources() -> None:
    register(PageSource(HomePage))
    register(PageSource(StandardPage))
