import pytest

from cms.services import municipalities_setup


@pytest.fixture
def sites(db):
    """Both municipalities' Wagtail Sites, home pages, collections and groups."""
    return municipalities_setup()


@pytest.fixture
def ekero(sites):
    return sites["ekero"]


@pytest.fixture
def jonkoping(sites):
    return sites["jonkoping"]


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
