"""Signals the catalog sends, for hosts that keep something derived from it.

``catalog_delivered`` is sent after the commit of each outbox batch the engine
accepted, with ``indexed`` (the ``CatalogEntry`` objects as stored now) and
``deleted`` (the keys removed); after a full rebuild it is sent once with
``rebuilt=True``. A host's public page cache, say, uses it to
drop the search result pages that showed a changed entry: the search app
itself knows nothing of who listens.
"""

from django.dispatch import Signal

catalog_delivered = Signal()

# A host's page cache sends ``search_page_replayed`` when it serves a stored
# public search page without running the view, with ``log``: what the view
# recorded for it (``response.catalog_search_log``: site, query, hits). The
# search-terms log counts the search from it, so cached searches count too.
search_page_replayed = Signal()
