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
its Swedish and English stems and the word itself, their folded tokens, its
compound parts all together, and its synonyms (``search.synonyms``). Swedish
stems are corrected by the dictionary where Snowball misses ("kyrkan" and
"kyrka" both give "kyrk", see ``search.lexicon``).
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

from .lexicon import lexicon, split_compound
from .query import COMBINING, TOKEN_RE, ParsedQuery
from .query import stem as sv_stem

FOLD_MARK = "ǂ"
MAX_WORD = 60
CROSS_FOLD_MIN_STEM = 4  # "städer" (städ) may meet "stad"; "möten" (möt) never "mot"
MIN_FOLDED = 4  # letters a word needs to get a folded token
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


@lru_cache(maxsize=256)
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
    """A Swedish word's index token: a protected name whole, else its dictionary-corrected stem."""
    lex = lexicon()
    return protected_name(word) or lex.lemmas.get(word) or sv_stem(word)


def _folded(token: str) -> str | None:
    folded = fold(token)
    return FOLD_MARK + folded if folded != token else None


def _folded_word(word: str, token: str) -> str | None:
    # Short words ("på", "för", "år") get no folded token: typed without their
    # dots they are other words ("pa", "for", "ar"), and they are in nearly
    # every text, so their folded tokens would only grow the index.
    return _folded(token) if len(word) >= MIN_FOLDED else None


@lru_cache(maxsize=200_000)
def _analyze_sv(word: str) -> tuple[str, tuple[str, ...]]:
    exact = sv_token(word)
    extras = []
    folded = _folded_word(word, exact)
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
    folded = _folded_word(word, exact)
    return exact, ((folded,) if folded else ())


@lru_cache(maxsize=100_000)
def _analyze_other(word: str) -> tuple[str, tuple[str, ...]]:
    folded = _folded_word(word, word)
    return word, ((folded,) if folded else ())


ANALYZERS = {"sv": _analyze_sv, "en": _analyze_en, "other": _analyze_other}


# Blocks with combining marks that Unicode normalisation (NFC) leaves in place:
# Arabic and Hebrew vowel signs, Indic matras, combining diacritics.
_MARKED_RE = re.compile(
    "[\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670"
    "\u06d6-\u06ed\u0711\u0730-\u074a\u07a6-\u07b0\u0816-\u082d\u0859-\u085b"
    "\u0898-\u0dff\u0e31-\u0e4e\u0eb1-\u0ecd\u0f18-\u0fbc\u102b-\u109d\u1712-\u1734"
    "\u17b4-\u17d3\u1a17-\u1a7f\u1ab0-\u1aff\u1b00-\u1b73\u1dc0-\u1dff\u20d0-\u20ff"
    "\u302a-\u302f\u3099\u309a\ua66f-\ua69f\ua802-\ua8ff\ufb1e\ufe00-\ufe2f]"
)
_PLAIN_RE = re.compile(r"[^\W_]+")


def _split(chunk: str) -> list[str]:
    found = (TOKEN_RE if _MARKED_RE.search(chunk) else _PLAIN_RE).findall(chunk)
    return [w[:MAX_WORD] for w in found] if any(len(w) > MAX_WORD for w in found) else found


def words(text: str) -> list[str]:
    """The lowercased words of ``text`` (NFC), cut to ``MAX_WORD`` characters."""
    if not text:
        return []
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return _split(text.lower())


CACHE_LIMIT = 500_000
# Per language group: whitespace-separated chunk ("kommunen,") → (its exact
# tokens, its extra tokens), each a space-separated string ("" when none).
_CHUNKS: dict[str, dict[str, tuple[str, str]]] = {group: {} for group in ANALYZERS}


def _chunk(analyzer, text: str) -> tuple[str, str]:
    pairs = [analyzer(w) for w in _split(text)]
    return " ".join(p[0] for p in pairs), " ".join(x for p in pairs for x in p[1])


def _pairs(text: str, language: str) -> list[tuple[str, str]]:
    """The analysis of each chunk of ``text``, read from a plain dict (a rebuild's hot path)."""
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    group = language_group(language)
    cache = _CHUNKS[group]
    chunks = text.lower().split()
    pairs = list(map(cache.get, chunks))
    if None in pairs:
        if len(cache) > CACHE_LIMIT:
            cache.clear()
        analyzer = ANALYZERS[group]
        for index, pair in enumerate(pairs):
            if pair is None:
                pairs[index] = cache[chunks[index]] = _chunk(analyzer, chunks[index])
    return pairs


def analyze(text: str, language: str = "sv") -> tuple[list[str], list[str]]:
    """(exact tokens in text order, extra tokens: folded forms and compound parts)."""
    if not text:
        return [], []
    pairs = _pairs(text, language)
    exact = " ".join([p[0] for p in pairs]).split()
    extras = " ".join([p[1] for p in pairs if p[1]]).split()
    return exact, list(dict.fromkeys(extras))


def fts_text(text: str, language: str = "sv") -> str:
    """The analysed text as the index holds it: exact tokens in order, then the extras.

    Cached per whitespace-separated chunk: a rebuild pays the regular
    expression, the stemmer and the compound split once per distinct chunk.
    """
    if not text:
        return ""
    pairs = _pairs(text, language)
    exact = " ".join([p[0] for p in pairs])
    extras = [p[1] for p in pairs if p[1]]
    return exact + " " + " ".join(extras) if extras else exact


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
    """The tokens of a query word as typed: its stem in each language, and itself."""
    return tuple(dict.fromkeys([sv_token(word), en_stem(word), word]))


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
