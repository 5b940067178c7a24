"""Engine selection: ``SEARCH_ENGINE`` = ``database`` (default) or ``elasticsearch``."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from .base import Engine, EngineUnavailable, Hit, SearchRequest, SearchResults

__all__ = ["Engine", "EngineUnavailable", "Hit", "SearchRequest", "SearchResults", "get_engine"]


def get_engine(name: str | None = None) -> Engine:
    """The configured engine (or the one named), built from settings."""
    name = name or getattr(settings, "SEARCH_ENGINE", "database")
    if name == "database":
        from .database import DatabaseEngine

        return DatabaseEngine()
    if name == "elasticsearch":
        from .elasticsearch import ElasticsearchEngine

        url = getattr(settings, "ELASTICSEARCH_URL", "")
        if not url:
            raise ImproperlyConfigured("SEARCH_ENGINE=elasticsearch needs ELASTICSEARCH_URL.")
        return ElasticsearchEngine(
            url=url,
            alias=getattr(settings, "SEARCH_ELASTICSEARCH_ALIAS", "catalog"),
            timeout=getattr(settings, "SEARCH_ELASTICSEARCH_TIMEOUT", 5.0),
        )
    raise ImproperlyConfigured(f"Unknown SEARCH_ENGINE {name!r}: use database or elasticsearch.")
