"""Elasticsearch's synonyms set follows the editors' ``SearchSynonym`` rows.

After the commit that saves or deletes a row, the whole set is replaced
(``ElasticsearchEngine.sync_synonyms``); Elasticsearch reloads its search
analyzers itself. For the database engines the processes' kept groups are
dropped (``search.synonyms.changed``: at once, and again after the commit, so
no process keeps what it read in between). A failed push is logged;
``manage.py search_setup`` pushes again.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from .engines import EngineUnavailable, get_engine
from .models import SearchSynonym
from .synonyms import changed

logger = logging.getLogger(__name__)


def push_synonyms() -> None:
    engine = get_engine()
    sync = getattr(engine, "sync_synonyms", None)
    if sync is None:
        return
    try:
        sync()
    except EngineUnavailable:
        logger.warning("Could not send the synonyms to the search engine; run search_setup.")


def _changed(sender, **kwargs) -> None:
    changed()
    transaction.on_commit(changed, robust=True)
    transaction.on_commit(push_synonyms, robust=True)


def connect() -> None:
    post_save.connect(_changed, sender=SearchSynonym, dispatch_uid="search-synonyms-saved")
    post_delete.connect(_changed, sender=SearchSynonym, dispatch_uid="search-synonyms-deleted")
