"""Reading what a person typed into a search box, whatever they typed.

The query language is small and the same for every engine: words, "quoted
phrases" and ``-word`` to exclude. Everything else (operators of SQL, FTS5,
tsquery or Elasticsearch, control characters, stray quotes) is treated as
punctuation, so no engine ever sees user syntax it could misread. Swedish
stemming for the SQLite engine and the snippet highlighter lives here too, so
index time and query time stem the same way.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

import snowballstemmer

MAX_QUERY_LENGTH = 200
MAX_TERMS = 20
WORD_RE = re.compile(r"\w+", re.UNICODE)


def _marks() -> str:
    ranges: list[str] = []
    start = prev = None
    for code in range(0x300, 0x20000):
        if unicodedata.category(chr(code)) in ("Mn", "Mc", "Me"):
            if prev is not None and code == prev + 1:
                prev = code
                continue
            if start is not None:
                ranges.append(f"{re.escape(chr(start))}-{re.escape(chr(prev))}")
            start = prev = code
    if start is not None:
        ranges.append(f"{re.escape(chr(start))}-{re.escape(chr(prev))}")
    return "".join(ranges)


COMBINING = _marks()
# A word: letters and digits with their combining marks (Arabic vowel signs,
# Devanagari matras stay inside the word instead of splitting it).
TOKEN_RE = re.compile(rf"[^\W_](?:[^\W_]|[{COMBINING}])*")
_PHRASE_RE = re.compile(r'"([^"]*)"')


class QueryError(ValueError):
    """The query cannot be searched; ``message`` says why in words for the asker."""

    def __init__(self, message: str):
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class ParsedQuery:
    terms: tuple[str, ...] = ()
    phrases: tuple[tuple[str, ...], ...] = ()
    excluded: tuple[str, ...] = ()
    raw: str = field(default="", compare=False)

    @property
    def is_empty(self) -> bool:
        return not (self.terms or self.phrases or self.excluded)

    @property
    def has_positive(self) -> bool:
        return bool(self.terms or self.phrases)

    def words(self) -> list[str]:
        """Every positive word (terms and phrase words), for highlighting."""
        return [*self.terms, *(w for phrase in self.phrases for w in phrase)]

    def as_websearch(self) -> str:
        """A normalised websearch string: only words, quoted phrases and ``-word``."""
        parts = [*self.terms]
        parts += ['"' + " ".join(p) + '"' for p in self.phrases]
        parts += ["-" + w for w in self.excluded]
        return " ".join(parts)


def clean(text: str) -> str:
    """Drop control and format characters, normalise to NFC, squeeze spaces."""
    text = unicodedata.normalize("NFC", text or "")
    text = "".join(" " if unicodedata.category(ch)[0] in "CZ" else ch for ch in text)
    return " ".join(text.split())


def _words(text: str) -> list[str]:
    return TOKEN_RE.findall(text.lower())


def parse_query(text: str) -> ParsedQuery:
    """Parse a query string; raises ``QueryError`` only for overlong input."""
    from django.utils.translation import gettext as _

    text = clean(text)
    if len(text) > MAX_QUERY_LENGTH:
        raise QueryError(
            _("Sökfrågan är för lång. Använd högst %(max)d tecken.") % {"max": MAX_QUERY_LENGTH}
        )
    phrases: list[tuple[str, ...]] = []
    for match in _PHRASE_RE.findall(text):
        words = tuple(_words(match))
        if len(words) == 1:
            text += " " + words[0]
        elif words:
            phrases.append(words)
    rest = _PHRASE_RE.sub(" ", text).replace('"', " ")
    terms: list[str] = []
    excluded: list[str] = []
    for token in rest.split():
        target = excluded if token.startswith("-") and len(token) > 1 else terms
        for word in _words(token):
            if word not in target:
                target.append(word)
    terms = [t for t in terms if t not in excluded]
    if len(terms) + sum(len(p) for p in phrases) + len(excluded) > MAX_TERMS:
        raise QueryError(
            _("Sökfrågan har för många ord. Använd högst %(max)d.") % {"max": MAX_TERMS}
        )
    return ParsedQuery(tuple(terms), tuple(phrases), tuple(excluded), raw=text)


@lru_cache(maxsize=1)
def _stemmer():
    return snowballstemmer.stemmer("swedish")


@lru_cache(maxsize=20_000)
def stem(word: str) -> str:
    return _stemmer().stemWord(word.lower())


def stem_text(text: str) -> str:
    """The text as space-separated Swedish stems (what the SQLite FTS table holds)."""
    return " ".join(stem(w) for w in _words(text))
