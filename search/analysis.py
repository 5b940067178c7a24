"""Text analysis shared by the database engines: one pipeline, index and query.

Index time, per entry language (``language_group``):

- **Swedish** (``sv``): Snowball Swedish stems, except names the dictionary
  knows only as names ("Mora", "Åre": kept whole, see ``search.lexicon``);
  compounds split with the Hunspell word list ("kulturföreningar" also gives
  "kultur" and "förening");
- **English** (``en``): Snowball English stems;
- **any other language** (Arabic, Tigrinya, …): the lowercased word.

Every word with diacritics also gets a *folded* token in its own namespace
(``FOLD_MARK`` + the folded stem: "skärgården" → "skärgård" and "ǂskargard"),
so a query typed without å/ä/ö ("skargarden") meets it, while a query typed
with them never matches a different word that merely folds the same way
("möten" does not find "mot"). An exact match hits two of the query's
alternatives (exact and folded) and so ranks above a folded-only one.

The exact tokens come first, in text order (phrases match on them); the
folded tokens and compound parts follow at the end of each field.

Query time (``compile_query``): each word becomes a clause of alternatives:
its Swedish and English stems and the word itself, their folded tokens, the
stems of every inflected form of its dictionary words ("kyrka" → "kyrkan"),
its compound parts all together, and its synonyms (``search.synonyms``).
Every clause must match; ``fallback`` says the engine may then look for
entries matching only some of them.

Everything is cached per word, so a rebuild pays the analysis once per
distinct word, not per occurrence.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

from .lexicon import forms, lexicon, split_compound
from .query import COMBINING, TOKEN_RE, ParsedQuery
from .query import stem as sv_stem

FOLD_MARK = "ǂ"
MAX_WORD = 60
MAX_POSITION = 16383
CROSS_FOLD_MIN_STEM = 4  # "städer" (städ) may meet "stad"; "möten" (möt) never "mot"
LANGUAGE_GROUPS = ("sv", "en")


_COMBINING_RE = re.compile(f"[{COMBINING}]")
_SPECIAL = str.maketrans(
    {"ø": "o", "æ": "ae", "ß": "ss", "đ": "d", "ł": "l", "þ": "th", "ð": "d", "œ": "oe"}
)


@lru_cache(maxsize=100_000)
def fold(word: str) -> str:
    """The word without diacritics: "skärgård" → "skargard", "كَتَبَ" → "كتب"."""
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word.translate(_SPECIAL))
    return unicodedata.normalize("NFC", _COMBINING_RE.sub("", decomposed))


def language_group(language: str | None) -> str:
    """``sv``, ``en`` or ``other``: which analysis a language code gets."""
    code = (language or "sv").split("-")[0].split("_")[0].lower()
    return code if code in LANGUAGE_GROUPS else "other"


@lru_cache(maxsize=1)
def _english():
    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=50_000)
def en_stem(word: str) -> str:
    return _english().stemWord(word)


def protected_name(word: str) -> str | None:
    """The name itself when ``word`` (or its genitive) is a protected name, else None."""
    names = lexicon().protected
    if word in names:
        return word
    if word.endswith("s") and word[:-1] in names:
        return word[:-1]
    return None


def sv_token(word: str) -> str:
    return protected_name(word) or sv_stem(word)


def _folded(token: str) -> str | None:
    folded = fold(token)
    return FOLD_MARK + folded if folded != token else None


@lru_cache(maxsize=200_000)
def _analyze_sv(word: str) -> tuple[str, tuple[str, ...]]:
    exact = sv_token(word)
    extras = []
    folded = _folded(exact)
    if folded:
        extras.append(folded)
    for part in split_compound(word):
        token = sv_token(part)
        extras.append(token)
        folded = _folded(token)
        if folded:
            extras.append(folded)
    return exact, tuple(extras)


@lru_cache(maxsize=100_000)
def _analyze_en(word: str) -> tuple[str, tuple[str, ...]]:
    exact = en_stem(word)
    folded = _folded(exact)
    return exact, ((folded,) if folded else ())


@lru_cache(maxsize=100_000)
def _analyze_other(word: str) -> tuple[str, tuple[str, ...]]:
    folded = _folded(word)
    return word, ((folded,) if folded else ())


ANALYZERS = {"sv": _analyze_sv, "en": _analyze_en, "other": _analyze_other}


def words(text: str) -> list[str]:
    """The lowercased words of ``text`` (NFC), cut to ``MAX_WORD`` characters."""
    if not text:
        return []
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    found = TOKEN_RE.findall(text.lower())
    if any(len(w) > MAX_WORD for w in found):
        found = [w[:MAX_WORD] for w in found]
    return found


def analyze(text: str, language: str = "sv") -> tuple[list[str], list[str]]:
    """(exact tokens in text order, extra tokens: folded forms and compound parts)."""
    analyzer = ANALYZERS[language_group(language)]
    exact: list[str] = []
    extras: list[str] = []
    append, extend = exact.append, extras.extend
    for word in words(text):
        token, more = analyzer(word)
        append(token)
        if more:
            extend(more)
    return exact, list(dict.fromkeys(extras))


def fts_text(text: str, language: str = "sv") -> str:
    """The analysed text as the SQLite FTS5 column holds it (space-separated tokens)."""
    exact, extras = analyze(text, language)
    return " ".join(exact + extras) if extras else " ".join(exact)


def tsvector_literal(fields: Sequence[tuple[str, str]], language: str = "sv") -> str:
    """A PostgreSQL ``tsvector`` literal of weighted fields: ``[(text, "A"), …]``.

    Tokens are written with their positions, so PostgreSQL stores exactly what
    Python analysed (the same tokens SQLite gets); phrases match on positions.
    """
    parts: list[str] = []
    position = 0
    for text, weight in fields:
        exact, extras = analyze(text, language)
        for token in exact:
            position += 1
            parts.append(f"'{token}':{min(position, MAX_POSITION)}{weight}")
        for token in extras:
            position += 1
            parts.append(f"'{token}':{min(position, MAX_POSITION)}{weight}")
        position += 1  # no phrase across fields
    return " ".join(parts)


# -- queries -----------------------------------------------------------------


@dataclass(frozen=True)
class Alternative:
    """Tokens that together stand for a query word: one, all of several, or a phrase."""

    tokens: tuple[str, ...]
    phrase: bool = False
    # The word as typed (or an inflection of it); False for folded forms,
    # compound parts and synonyms, which rank below exact matches.
    exact: bool = True


@dataclass(frozen=True)
class Clause:
    """One thing the asker typed (a word, a phrase, a synonym group); any alternative will do."""

    text: str
    alternatives: tuple[Alternative, ...]


@dataclass(frozen=True)
class CompiledQuery:
    clauses: tuple[Clause, ...]
    excluded: tuple[str, ...]  # tokens that must not occur

    def exact(self) -> CompiledQuery | None:
        """The clauses with their exact alternatives only (None if a clause has none)."""
        clauses = []
        for clause in self.clauses:
            exact = tuple(a for a in clause.alternatives if a.exact)
            if not exact:
                return None
            clauses.append(Clause(clause.text, exact))
        return CompiledQuery(tuple(clauses), ()) if clauses else None

    @property
    def fallback(self) -> bool:
        """Whether entries matching only some clauses may be shown when none match all."""
        return len(self.clauses) > 1


def _single(tokens: Iterable[str], *, exact: bool = True) -> list[Alternative]:
    return [Alternative((t,), exact=exact) for t in dict.fromkeys(t for t in tokens if t)]


@lru_cache(maxsize=5_000)
def exact_tokens(word: str) -> tuple[str, ...]:
    """The tokens of a query word as typed: its stems in every language, its inflections."""
    tokens = [sv_token(word), en_stem(word), word]
    tokens += [sv_token(form) for form in forms(word)]
    return tuple(dict.fromkeys(tokens))


@lru_cache(maxsize=5_000)
def folded_tokens(word: str) -> tuple[str, ...]:
    """The tokens a query word meets without its diacritics (or typed without them)."""
    exact = exact_tokens(word)
    tokens = [FOLD_MARK + fold(t) for t in exact]
    sv = exact[0]
    if fold(sv) != sv and len(sv) >= CROSS_FOLD_MIN_STEM:
        tokens.append(fold(sv))  # "städer" meets "stad"; "möten" never "mot"
    return tuple(t for t in dict.fromkeys(tokens) if t not in exact)


def word_tokens(word: str) -> tuple[str, ...]:
    """Every single token a query word may match, in any entry language."""
    return exact_tokens(word) + folded_tokens(word)


@lru_cache(maxsize=5_000)
def word_alternatives(word: str, exact: bool = True) -> tuple[Alternative, ...]:
    alternatives = _single(exact_tokens(word), exact=exact)
    alternatives += _single(folded_tokens(word), exact=False)
    parts = split_compound(word)
    if parts:
        tokens = tuple(dict.fromkeys(sv_token(p) for p in parts))
        alternatives.append(Alternative(tokens, exact=False))
    return tuple(alternatives)


def phrase_alternatives(phrase: Sequence[str], exact: bool = True) -> list[Alternative]:
    sequences = [
        tuple(sv_token(w) for w in phrase),
        tuple(en_stem(w) for w in phrase),
        tuple(phrase),
    ]
    return [Alternative(seq, phrase=True, exact=exact) for seq in dict.fromkeys(sequences)]


def compile_query(query: ParsedQuery, synonyms: Sequence[frozenset] = ()) -> CompiledQuery:
    """The clauses every engine matches: words, phrases and synonym groups.

    ``synonyms`` are groups of equivalent expressions, each a tuple of words
    (``search.synonyms.groups_for_site``). A query word (or run of words)
    equal to a group member, or sharing its Swedish stem, becomes one clause
    matching any member.
    """
    terms = list(query.terms)
    clauses: list[Clause] = []
    index = 0
    while index < len(terms):
        group, length = _synonym_at(terms, index, synonyms)
        if group:
            typed = tuple(terms[index : index + length])
            alternatives: list[Alternative] = []
            if len(typed) == 1 and typed not in group:
                alternatives += word_alternatives(typed[0])
            for member in sorted(group, key=lambda m: (m != typed, m)):
                # What was typed is exact; the other members rank below it.
                exact = member == typed
                if len(member) == 1:
                    alternatives += word_alternatives(member[0], exact)
                else:
                    alternatives += phrase_alternatives(member, exact)
            text = " ".join(typed)
            clauses.append(Clause(text, tuple(dict.fromkeys(alternatives))))
            index += length
            continue
        clauses.append(Clause(terms[index], word_alternatives(terms[index])))
        index += 1
    for phrase in query.phrases:
        clauses.append(Clause(" ".join(phrase), tuple(phrase_alternatives(phrase))))
    excluded = tuple(dict.fromkeys(t for w in query.excluded for t in word_tokens(w)))
    return CompiledQuery(tuple(clauses), excluded)


def _same(member_word: str, word: str) -> bool:
    return member_word == word or sv_token(member_word) == sv_token(word)


def _synonym_at(terms: list[str], index: int, synonyms: Sequence[frozenset]):
    best, best_length = None, 0
    for group in synonyms:
        for member in group:
            length = len(member)
            if length <= best_length or index + length > len(terms):
                continue
            if all(_same(m, t) for m, t in zip(member, terms[index : index + length], strict=True)):
                best, best_length = group, length
    return best, best_length


def warm() -> None:
    """Load the lexicon now (a worker's start), not in the first request."""
    lexicon()
