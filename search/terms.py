"""What visitors search for: a per-site, per-day count of each query, without identity.

Editors read it in the admin report *Söktermer* (the most searched queries and
those that found nothing over the last 30 days). Nothing that identifies the
searcher is kept: no user, session, address or time of day, only the site, the
day, the query, how often it was searched and how many hits it got. Before a
query is stored, whatever looks like an e-mail address, a phone number
(Google's libphonenumber, ``phonenumbers``, Swedish numbers and international
ones) or another run of six or more digits (a personal identity number, a case
number) is removed; a query with nothing left is not stored at all.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date, timedelta

import phonenumbers
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Max, Sum
from django.utils import timezone

from .models import SearchTerm

logger = logging.getLogger(__name__)

REPORT_DAYS = 30
MAX_STORED_LENGTH = 200
# Anything with an @ between word characters: stricter patterns let "anna@ekero"
# or "anna @ ekero.se" through, and no real search needs an address.
_EMAIL_RE = re.compile(r"\S*\w\s*@\s*\w\S*|\S+@\S*|\S*@\S+")
# Six or more digits, possibly broken up by spaces, dashes, dots, slashes or
# brackets (personal identity numbers, phone numbers the parser did not take).
_DIGITS_RE = re.compile(r"\+?\(?\d(?:[\s\-./()]*\d){5,}\)?")
_SPACES_RE = re.compile(r"\s+")


def keep_days() -> int:
    return max(REPORT_DAYS, int(getattr(settings, "SEARCH_TERMS_KEEP_DAYS", REPORT_DAYS)))


def strip_personal_data(query: str) -> str:
    """``query`` without e-mail addresses, phone numbers and long digit runs, normalised.

    Lower case, whitespace collapsed, at most 200 characters. An empty result
    means nothing of the query may be stored.
    """
    text = _EMAIL_RE.sub(" ", query or "")
    for match in reversed(list(phonenumbers.PhoneNumberMatcher(text, "SE"))):
        text = text[: match.start] + " " + text[match.end :]
    text = _DIGITS_RE.sub(" ", text)
    text = _SPACES_RE.sub(" ", text).strip().lower()
    return text[:MAX_STORED_LENGTH].strip()


def search_term_record(
    *, site_id: int | None, query: str, hits: int, day: date | None = None
) -> bool:
    """Count one search for ``query`` on ``site_id`` today; returns whether anything was stored.

    Never raises: a failure to log must not cost the visitor the result page.
    """
    stored = strip_personal_data(query)
    if not stored or site_id is None:
        return False
    day = day or timezone.localdate()
    hits = max(0, int(hits))
    try:
        rows = SearchTerm.objects.filter(site_id=site_id, day=day, query=stored)
        if rows.update(searches=F("searches") + 1, hits=hits):
            return True
        try:
            with transaction.atomic():
                SearchTerm.objects.create(
                    site_id=site_id, day=day, query=stored, searches=1, hits=hits
                )
        except IntegrityError:  # another request created the row meanwhile
            rows.update(searches=F("searches") + 1, hits=hits)
        return True
    except Exception:  # noqa: BLE001 - logging a search is never worth an error page
        logger.exception("Could not record a search term")
        return False


def search_terms_purge() -> int:
    """Delete the counts older than ``SEARCH_TERMS_KEEP_DAYS`` (30); for the clock."""
    oldest = timezone.localdate() - timedelta(days=keep_days())
    deleted, _by_model = SearchTerm.objects.filter(day__lt=oldest).delete()
    return deleted


@dataclass(frozen=True)
class TermRow:
    query: str
    searches: int
    hits: int


def search_terms_report(
    *, site_id: int, days: int = REPORT_DAYS, limit: int = 50
) -> dict[str, list[TermRow]]:
    """The most searched queries, and those that found nothing, on one site lately.

    ``top``: the queries searched most often in the last ``days`` days, with the
    hits of their latest day. ``zero``: the queries whose searches found nothing,
    with how often they were searched that way.
    """
    since = timezone.localdate() - timedelta(days=days - 1)
    rows = SearchTerm.objects.filter(site_id=site_id, day__gte=since)
    top = (
        rows.values("query")
        .annotate(total=Sum("searches"), last_day=Max("day"))
        .order_by("-total", "query")[:limit]
    )
    latest = {
        (r.query, r.day): r.hits
        for r in rows.filter(query__in=[t["query"] for t in top]).only("query", "day", "hits")
    }
    zero = (
        rows.filter(hits=0)
        .values("query")
        .annotate(total=Sum("searches"))
        .order_by("-total", "query")[:limit]
    )
    return {
        "top": [
            TermRow(t["query"], t["total"], latest.get((t["query"], t["last_day"]), 0)) for t in top
        ],
        "zero": [TermRow(z["query"], z["total"], 0) for z in zero],
    }


def search_term_replayed(sender, *, log: dict, **kwargs) -> None:
    """Receiver of ``search_page_replayed``: a cached search page counts as a search."""
    if isinstance(log, dict):
        search_term_record(
            site_id=log.get("site_id"), query=str(log.get("query", "")), hits=log.get("hits", 0)
        )
