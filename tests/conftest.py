import http.server
import threading

import pytest

from cms.demo.municipalities import municipalities_setup
from cms.models import StandardPage


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

    from cms.pagecache import middleware

    middleware._breaker["open_until"] = 0.0
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


class _PurgeRecorder(http.server.BaseHTTPRequestHandler):
    seen: list = []

    def do_PURGE(self):  # noqa: N802 - the HTTP method's name
        self.seen.append((self.headers["Host"], self.path))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def purge_server(settings):
    """A local HTTP cache that records the PURGE requests Wagtail's frontend cache sends."""
    _PurgeRecorder.seen = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _PurgeRecorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{server.server_address[1]}",
        }
    }
    yield _PurgeRecorder.seen
    server.shutdown()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what each setup step would run after its commit, so each test's write stands alone."""

    def run(fn, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(*args, **kwargs)

    return run


def make_page(parent, title, slug, intro=""):
    page = parent.add_child(instance=StandardPage(title=title, slug=slug, intro=intro))
    page.save_revision().publish()
    return page


def cache_status(client, url, headers=None):
    """The page cache's word on a visit: hit, miss or bypass."""
    return client.get(url, headers=headers or {"host": "localhost"})["X-Page-Cache"]


@pytest.fixture
def warm(client, committed):
    """Visit pages until they are in the cache (what a first visit writes is committed)."""

    def run(*urls, headers=None):
        for url in urls:
            # Twice: a first visit may create a site's settings row, which
            # makes what it stored stale, as it would in production.
            for _ in range(2):
                committed(client.get, url, headers=headers or {"host": "localhost"})
            assert cache_status(client, url, headers) == "hit", url

    return run


def in_language(path: str, language: str) -> str:
    """A Swedish (unprefixed) address as a reader of ``language`` has it: ``/ar/…``.

    Resolved as Swedish whatever language the test's thread was left in.
    """
    from django.conf import settings
    from django.urls import translate_url
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        return translate_url(path, language)
