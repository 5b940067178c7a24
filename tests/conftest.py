import pytest

from cms.services import municipalities_setup


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    # Browser tests last: Playwright's event loop, once started, gives the test
    # thread new database connection objects, which would break serialized
    # rollback for any transactional test after it. (Stable sort: pytest-django's
    # own order stays as it is within each part.)
    items.sort(key=lambda item: item.nodeid.startswith("tests/browser/"))
    # Every transactional test restores what migrations created (Wagtail's root
    # page, locale, collection) and flushes without re-running post_migrate, so
    # the tests after it, transactional or not, find the database as migrated.
    # (The browser tests do this through their own live_sites fixture.)
    for item in items:
        if item.nodeid.startswith("tests/browser/"):
            continue
        marker = item.get_closest_marker("django_db")
        transactional = (marker is not None and marker.kwargs.get("transaction")) or bool(
            {"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ()))
        )
        if transactional:
            kwargs = dict(marker.kwargs) if marker is not None else {}
            kwargs.update(transaction=True, serialized_rollback=True)
            # In front: pytest-django reads the closest django_db marker, which
            # would otherwise be the test's own, without serialized_rollback.
            item.add_marker(pytest.mark.django_db(**kwargs), append=False)


IMMEDIATE_TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "QUEUES": ["default", "email", "search"],
    }
}


@pytest.fixture
def immediate_tasks(settings):
    """Run enqueued tasks at once (the drain runs in the on_commit hook)."""
    # django-tasks resets its backends on setting_changed.
    settings.TASKS = IMMEDIATE_TASKS


def search_results_text(html: str) -> str:
    """The text of a search page's facets and hits, without the echoed query."""
    from django.utils.html import strip_tags

    start = html.find('class="search-layout"')
    return strip_tags(html[start:]) if start != -1 else ""


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


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the site's default language (Swedish).

    A request made in English (the language cookie) leaves English active in
    the test's thread, since LocaleMiddleware does not switch back.
    """
    from django.conf import settings
    from django.utils import translation

    yield
    translation.activate(settings.LANGUAGE_CODE)
