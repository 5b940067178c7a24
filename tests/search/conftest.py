import os
import uuid

import pytest

from search.engines import get_engine

ENGINES = ["database", "elasticsearch"]


@pytest.fixture(params=ENGINES)
def engine(request, settings, db):
    """Every engine available here: the database engine always, Elasticsearch when set."""
    if request.param == "elasticsearch":
        url = os.environ.get("ELASTICSEARCH_URL", "")
        if not url:
            pytest.skip("ELASTICSEARCH_URL is not set: no Elasticsearch server to run against")
        settings.SEARCH_ENGINE = "elasticsearch"
        settings.ELASTICSEARCH_URL = url
        settings.SEARCH_ELASTICSEARCH_ALIAS = f"test-catalog-{uuid.uuid4().hex[:8]}"
        engine = get_engine()
        engine.setup()
        yield engine
        engine.client.indices.delete(index=f"{engine.alias}-*", ignore_unavailable=True)
        engine.client.indices.delete_index_template(name=f"{engine.alias}-template")
    else:
        settings.SEARCH_ENGINE = "database"
        yield get_engine()


def refresh(engine) -> None:
    """Make just-indexed documents searchable (Elasticsearch refreshes every second)."""
    if engine.name == "elasticsearch":
        engine.client.indices.refresh(index=engine.alias)


@pytest.fixture(autouse=True)
def _swedish():
    """Start every test in Swedish (a request in English leaves English active)."""
    from django.utils import translation

    with translation.override("sv"):
        yield
