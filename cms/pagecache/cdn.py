"""Headers and purges for a CDN or Varnish in front of the site.

A page the page cache may store is just as shareable by a CDN: it gets
``Cache-Control: public, max-age=0, s-maxage=<PAGE_CACHE_CDN_SECONDS>`` (browsers
revalidate, shared caches keep it), ``Surrogate-Control`` (Varnish, Fastly)
and its cache tags as ``Surrogate-Key`` (Fastly, Varnish xkey) and
``Cache-Tag`` (Cloudflare). Every other Wagtail page or search page gets
``Cache-Control: private, no-cache``, so no shared cache keeps a signed-in
visitor's page or one with a form token.

Purges go through ``wagtail.contrib.frontend_cache`` (configured from the
environment in settings: Varnish by ``FRONTEND_CACHE_VARNISH_URL``,
Cloudflare by ``FRONTEND_CACHE_CLOUDFLARE_ZONEID`` and
``FRONTEND_CACHE_CLOUDFLARE_BEARER_TOKEN``), as a task on the worker: the
addresses of the pages whose ``page:`` or ``children:`` tag a write bumped.
Site-wide changes (``all``, ``root:``, ``contact:``) are not purged page by
page; a CDN shows them within ``s-maxage`` (``PAGE_CACHE_CDN_SECONDS``, 300 s
by default, while the page cache itself keeps pages for days).
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db.models import Q
from django.utils.cache import patch_cache_control
from wagtail.contrib.frontend_cache.utils import PurgeBatch, purge_urls_from_cache
from wagtail.models import Page

logger = logging.getLogger(__name__)


def configured() -> bool:
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def shared_headers(response, *, seconds: int, tags: set[str]) -> None:
    """Mark a response any shared cache may keep for ``seconds``."""
    patch_cache_control(response, public=True, max_age=0, s_maxage=seconds)
    response["Surrogate-Control"] = f"max-age={seconds}"
    names = sorted(tags)
    response["Surrogate-Key"] = " ".join(names)
    response["Cache-Tag"] = ",".join(names)


def private_headers(response) -> None:
    """Mark a response no shared cache may keep (unless the view said otherwise)."""
    if not response.has_header("Cache-Control"):
        patch_cache_control(response, private=True, no_cache=True)


def page_urls(page) -> list[str]:
    try:
        batch = PurgeBatch()
        batch.add_page(page)
        return sorted(batch.urls)
    except Exception:  # noqa: BLE001 - a page without a routable URL has nothing to purge
        return []


def purge_pages(*, page_ids=(), paths=(), urls=()) -> None:
    """Ask the CDN to drop these pages (by id or path) and addresses."""
    if not configured() or not (page_ids or paths or urls):
        return
    try:
        batch = PurgeBatch(urls)
        pages = Page.objects.filter(Q(pk__in=list(page_ids)) | Q(path__in=list(paths))).live()
        batch.add_pages(pages.specific())
        purge_urls_from_cache(sorted(batch.urls))
    except Exception:  # noqa: BLE001 - the write is committed; the CDN expires it
        logger.exception("CDN-rensningen misslyckades (the CDN purge failed)")
