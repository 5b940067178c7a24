import pytest

from cms.services import municipalities_setup


def _wagtail_initial_data():
    """Put back what Wagtail's migrations create, if a flush removed it.

    Transactional tests (the browser tests, the worker tests) end with a flush of
    every table; a transactional test that runs after one starts with no root
    page, root collection or locale unless it restores them.
    """
    from wagtail.models import Collection, Locale, Page

    Locale.objects.get_or_create(language_code="sv")
    if not Page.get_first_root_node():
        Page.add_root(title="Root", slug="root")
    if not Collection.get_first_root_node():
        Collection.add_root(name="Root")


@pytest.fixture
def sites(db):
    """Both municipalities' Wagtail Sites, home pages, collections and groups."""
    _wagtail_initial_data()
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
