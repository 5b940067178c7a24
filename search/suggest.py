""" "Menade du …?": spelling suggestions from the catalog's own words.

The vocabulary (``SearchWord``) is every word of every entry's title and text,
whoever may see the entry. It is kept current where entries are written: the
drain adds the words of the entries it delivers (``vocabulary_add``), a full
rebuild adds what is new and then removes the words no entry has any more
(``VocabularyBuilder``). Adding a batch's words costs one tokenisation in
Python and one insert of the words the vocabulary did not have yet.

A query word that is not in the vocabulary is matched against it with
RapidFuzz's Levenshtein distance, on the words folded to plain letters (so
"lanstyrelsen" meets "länsstyrelsen" and "forening" meets "förening") and
then on the words as written. Because the vocabulary holds the words of
entries the asker may not see, a corrected query is only offered after a
search for it, trimmed to the asker exactly as the real search is, found more
than the query itself: a word only a private note has never reaches a
visitor, not even as a suggestion.
"""

from __future__ import annotations

import threading
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import product

from django.conf import settings
from django.db.models import Count, Max
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from .models import SearchWord
from .query import WORD_RE, QueryError, parse_query
from .registry import CatalogEntry

MIN_WORD, MAX_WORD = 3, 40
CHUNK = 1000
# Below this many hits a query is offered a suggestion.
DEFAULT_FEW_HITS = 3
# Tried corrected queries per search (each is one trimmed search).
MAX_TRIES = 3
CANDIDATES_PER_WORD = 3
# Small vocabularies are read at each suggestion (a few ms); larger ones are
# kept per process and topped up with the words added since.
CACHE_FROM = 5000


def few_hits() -> int:
    return int(getattr(settings, "SEARCH_SUGGEST_BELOW", DEFAULT_FEW_HITS))


def fold(word: str) -> str:
    """``word`` without diacritics, lower case: "Länsstyrelsen" → "lansstyrelsen"."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words_of(text: str) -> set[str]:
    """The words of ``text`` worth suggesting: letters only, 3–40 characters, lower case."""
    return {
        w
        for w in (m.lower() for m in WORD_RE.findall(text or ""))
        if MIN_WORD <= len(w) <= MAX_WORD and w.isalpha()
    }


def entry_words(entries: Iterable[CatalogEntry]) -> set[str]:
    words: set[str] = set()
    for entry in entries:
        words |= words_of(entry.title)
        words |= words_of(entry.body)
    return words


def _insert(words: Iterable[str]) -> None:
    rows = [SearchWord(word=w) for w in sorted(words)]
    for start in range(0, len(rows), CHUNK):
        SearchWord.objects.bulk_create(rows[start : start + CHUNK], ignore_conflicts=True)


def vocabulary_add(*, entries: Sequence[CatalogEntry]) -> None:
    """Add the words of delivered ``entries`` to the vocabulary (in the caller's transaction)."""
    words = entry_words(entries)
    if words:
        _insert(words)


class VocabularyBuilder:
    """The vocabulary during a rebuild: new words added per batch, stale ones removed at the end."""

    def __init__(self) -> None:
        self.known = set(SearchWord.objects.values_list("word", flat=True))
        self.seen: set[str] = set()

    def add(self, entries: Sequence[CatalogEntry]) -> None:
        words = entry_words(entries)
        self.seen |= words
        new = words - self.known
        if new:
            _insert(new)
            self.known |= new

    def collect(
        self, batches: Iterable[Sequence[CatalogEntry]]
    ) -> Iterator[Sequence[CatalogEntry]]:
        for batch in batches:
            self.add(batch)
            yield batch

    def finish(self) -> int:
        """Remove the words no rebuilt entry has; returns how many."""
        stale = sorted(self.known - self.seen)
        for start in range(0, len(stale), CHUNK):
            SearchWord.objects.filter(word__in=stale[start : start + CHUNK]).delete()
        return len(stale)


@dataclass
class _Vocabulary:
    count: int = 0
    max_id: int = 0
    words: set | None = None
    # length of the folded word → (folded words, words), for RapidFuzz.
    by_length: dict | None = None

    def add(self, words: Iterable[str]) -> None:
        for word in words:
            self.words.add(word)
            folded = fold(word)
            bucket = self.by_length.setdefault(len(folded), ([], []))
            bucket[0].append(folded)
            bucket[1].append(word)


_cache = _Vocabulary()
_cache_lock = threading.Lock()


def _load(rows) -> _Vocabulary:
    vocabulary = _Vocabulary(words=set(), by_length={})
    vocabulary.add(rows)
    return vocabulary


def vocabulary() -> _Vocabulary:
    """The vocabulary as it is now (cached per process when large, topped up with new words)."""
    global _cache
    state = SearchWord.objects.aggregate(count=Count("id"), max_id=Max("id"))
    count, max_id = state["count"], state["max_id"] or 0
    if count < CACHE_FROM:
        return _load(SearchWord.objects.values_list("word", flat=True))
    with _cache_lock:
        cached = _cache
        if cached.words is not None and (cached.count, cached.max_id) == (count, max_id):
            return cached
        if cached.words is not None and max_id > cached.max_id:
            new = list(
                SearchWord.objects.filter(id__gt=cached.max_id).values_list("word", flat=True)
            )
            if cached.count + len(new) == count:
                cached.add(new)
                cached.count, cached.max_id = count, max_id
                return cached
        fresh = _load(SearchWord.objects.values_list("word", flat=True).iterator(chunk_size=5000))
        fresh.count, fresh.max_id = count, max_id
        _cache = fresh
        return fresh


def _max_distance(word: str) -> int:
    return 1 if len(word) <= 5 else 2


def candidates(word: str, words: _Vocabulary, *, limit: int = CANDIDATES_PER_WORD) -> list[str]:
    """The vocabulary's words nearest to ``word``, best first (empty if none is near)."""
    folded = fold(word)
    distance = _max_distance(folded)
    found: list[tuple[int, int, str]] = []
    for length in range(len(folded) - distance, len(folded) + distance + 1):
        bucket = words.by_length.get(length)
        if not bucket:
            continue
        for _match, score, index in process.extract(
            folded, bucket[0], scorer=Levenshtein.distance, score_cutoff=distance, limit=20
        ):
            original = bucket[1][index]
            found.append((score, Levenshtein.distance(word, original), original))
    found.sort()
    return [w for _s, _d, w in dict.fromkeys(found)][:limit]


def spelling_suggestion(*, query: str, total: int, count: Callable[[str], int]) -> str | None:
    """A corrected ``query`` that finds more than ``total`` hits for the asker, or None.

    ``count(query)`` runs the search as the asker (same trimming, site and
    filters) and returns its number of hits. Only words missing from the
    vocabulary are corrected; phrases and excluded words are kept as typed.
    """
    if total >= few_hits():
        return None
    try:
        parsed = parse_query(query)
    except QueryError:
        return None
    if not parsed.terms:
        return None
    words = vocabulary()
    if not words.words:
        return None
    options: list[list[str]] = []
    changed = False
    for term in parsed.terms:
        if term in words.words or not term.isalpha() or len(term) > MAX_WORD:
            options.append([term])
            continue
        near = candidates(term, words)
        if not near:
            options.append([term])
            continue
        changed = True
        options.append(near)
    if not changed:
        return None
    best, best_total = None, total
    tail = ['"' + " ".join(p) + '"' for p in parsed.phrases] + ["-" + w for w in parsed.excluded]
    for combination in list(product(*options))[:MAX_TRIES]:
        corrected = " ".join([*combination, *tail])
        found = count(corrected)
        if found > best_total:
            best, best_total = corrected, found
    return best
