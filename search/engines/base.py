"""What every engine offers, and the request/result shapes they share."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from ..analysis import ANALYZERS, language_group, word_tokens
from ..query import TOKEN_RE, ParsedQuery
from ..registry import CatalogEntry

SORTS = ("relevance", "date")
# Facets every entry has (from its columns) beside the ones sources add.
BUILTIN_FACETS = ("kind", "site", "year")
MARK_START, MARK_END = "\x02", "\x03"


class EngineUnavailable(Exception):
    """The engine could not be reached or refused the request; try again later."""


@dataclass(frozen=True)
class SearchRequest:
    query: ParsedQuery
    principals: frozenset[str] | None  # None: unrestricted (superusers)
    site_id: int | None = None
    filters: dict[str, str] = field(default_factory=dict)
    sort: str = "relevance"
    page: int = 1
    per_page: int = 10
    # The visitor's language: its entries rank first, then Swedish ones.
    language: str = ""
    # Synonym groups the query may use (``search.synonyms.groups_for_site``).
    synonyms: tuple[frozenset, ...] = ()

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


@dataclass
class Hit:
    key: str
    kind: str
    url: str
    title: SafeString
    snippet: SafeString
    site_id: int | None
    date: datetime | None
    score: float = 0.0
    meta: dict = field(default_factory=dict)


@dataclass
class SearchResults:
    hits: list[Hit]
    total: int
    facets: dict[str, list[tuple[str, int]]]
    page: int = 1
    per_page: int = 10
    engine: str = ""
    notice: str = ""
    message: str = ""
    # False when the engine stopped counting: ``total`` and every facet count
    # are then lower bounds ("more than"), counted over trimmed entries only.
    exact: bool = True
    # True when no entry matched every word and these hits match only some of
    # them (the page says "Inga träffar på alla ord – visar träffar på några av dem").
    partial: bool = False

    @property
    def num_pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page)) if self.per_page else 1

    @property
    def keys(self) -> list[str]:
        return [hit.key for hit in self.hits]


class Engine:
    name = ""

    def setup(self) -> str:
        raise NotImplementedError

    def index(self, entries: Sequence[CatalogEntry]) -> None:
        raise NotImplementedError

    def delete(self, keys: Sequence[str]) -> None:
        raise NotImplementedError

    def search(self, request: SearchRequest) -> SearchResults:
        raise NotImplementedError

    def rebuild(self, batches: Iterable[Sequence[CatalogEntry]]) -> int:
        raise NotImplementedError

    def counts_by_kind(self) -> dict[str, int]:
        raise NotImplementedError


def marked_to_html(text: str) -> SafeString:
    """Escape engine output whose matches are wrapped in MARK_START/MARK_END."""
    escaped = escape(text)
    return mark_safe(escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))


def highlight(text: str, words: Sequence[str], *, length: int | None = 240) -> SafeString:
    """Mark the words of ``text`` sharing a Swedish stem with ``words``, escaped."""
    tokens = {t for w in words for t in word_tokens(w.lower())}
    return highlight_tokens(text, tokens, "sv", length=length)


def highlight_tokens(
    text: str, tokens: set[str], language: str = "sv", *, length: int | None = 240
) -> SafeString:
    """Mark the words of ``text`` whose analysis (``search.analysis``) meets ``tokens``.

    So a folded, decompounded or synonym match is marked like an exact one.
    With ``length`` the result is a window of about that many characters around
    the first match (or the start), with an ellipsis where text was cut.
    """
    analyzer = ANALYZERS[language_group(language)]
    matches = []
    if tokens:
        for m in TOKEN_RE.finditer(text):
            exact, extras = analyzer(m.group().lower()[:60])
            if exact in tokens or (extras and not tokens.isdisjoint(extras)):
                matches.append(m)
    start, end = 0, len(text)
    if length is not None and len(text) > length:
        first = matches[0].start() if matches else 0
        start = max(0, first - length // 4)
        if start:
            space = text.find(" ", start)
            start = space + 1 if 0 <= space < first else start
        end = min(len(text), start + length)
        if end < len(text):
            space = text.rfind(" ", start, end)
            end = space if space > start else end
    out: list[str] = ["…" if start else ""]
    pos = start
    for m in matches:
        if m.start() < start or m.end() > end:
            continue
        out.append(escape(text[pos : m.start()]))
        out.append(f"<mark>{escape(text[m.start() : m.end()])}</mark>")
        pos = m.end()
    out.append(escape(text[pos:end]))
    if end < len(text):
        out.append("…")
    return mark_safe("".join(out))
