"""Warming: every page of the sitemap asked for once, so the first visitors after a clear get hits.

After a deploy (``release`` clears the cache so new templates show) or a
``page_cache_clear``, every page would otherwise be rendered by its first
visitor, and on a site with many idea pages most of the long tail is met
first by a visitor. ``page_cache_warm`` asks for each page the sitemap lists
(``cms.languages.sitemap``: every public, live page in every language the
site offers) as an anonymous visitor would, through the whole middleware stack
(``refresh.render``), so a page is stored by exactly the rules of any other
visit: a restricted page, a page that sets a cookie or a per-visitor form is
not stored. A page already fresh in the cache is a hit and costs nothing.

The pages are rendered on the task worker in chunks (``CHUNK`` pages per
task), like the refresh after a write; ``manage.py page_cache_warm --now``
renders them in the command instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

from django.conf import settings
from django_tasks import task
from wagtail.models import Site

from ..languages.codes import path_language
from ..languages.sitemap import sitemap_items
from . import refresh

CHUNK = 200


def sitemap_pages(*, sites=None) -> Iterator[list[str]]:
    """Each page of the sitemap of ``sites`` (default all), as ``refresh.render`` takes it."""
    for site in sites if sites is not None else Site.objects.all():
        for page in sitemap_items(site).iterator(chunk_size=500):
            parts = page.get_url_parts()
            if parts is None:
                continue
            _site_id, root_url, path = parts
            address = urlsplit(root_url)
            language = path_language(path)
            yield ["page", address.scheme, address.netloc, path, "", language]


def enqueue(pages: list[list[str]]) -> int:
    """Queue the pages for the worker, ``CHUNK`` per task; returns how many tasks."""
    tasks = 0
    for start in range(0, len(pages), CHUNK):
        page_cache_warm.enqueue(pages=pages[start : start + CHUNK])
        tasks += 1
    return tasks


@task(queue_name="default")
def page_cache_warm(*, pages: list[list[str]]) -> int:
    """Ask for each page as an anonymous visitor, so it is in the cache before one comes."""
    if not getattr(settings, "PAGE_CACHE_SECONDS", 0):
        return 0
    return refresh.render(pages)
