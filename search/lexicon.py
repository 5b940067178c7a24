"""The Swedish word list behind decompounding, lemma forms and protected names.

Source: Debian's ``hunspell-sv`` dictionary (``/usr/share/hunspell/sv_SE.dic``
and ``.aff``, Göran Andersson's Den stora svenska ordlistan), read with
``spylls`` (Hunspell ported to Python). Nothing here is hand-written: every
word, every compound flag and every suffix comes from the dictionary.

What the index needs is precomputed once and kept as a pickle beside the
dictionary's fingerprint (``SEARCH_LEXICON_CACHE``, default a folder in the
system's temporary directory), so a worker loads it in a fraction of a second
instead of parsing the dictionary (several seconds):

- ``heads``: every form that may begin a compound (Hunspell's
  ``COMPOUNDBEGIN`` flag, including the forms with a linking ``-s`` such as
  "ungdoms", "mötes"), mapped to its dictionary word;
- ``tails``: the Swedish Snowball stems of every word that may end a compound;
- ``protected``: names the dictionary knows only with a capital letter
  ("Mora", "Åre", "Sala") and that are no common word: the stemmer would cut
  them into common words ("mor", "år", "sal"), so they are indexed as written.

The full dictionary (spylls) is loaded only for query-time lemma forms
(``forms(word)``: "kyrka" → kyrkan, kyrkor, …), lazily and cached.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings

from .query import stem as sv_stem

logger = logging.getLogger(__name__)

DEFAULT_DICTIONARY = "/usr/share/hunspell/sv_SE"
CACHE_VERSION = 2
MIN_HEAD = 4  # "för"+"ening" is no compound; "kultur", "mötes", "läns" are heads
MIN_TAIL = 3  # "mötes"+"rum"
MAX_FORMS = 60


def dictionary_path() -> str:
    """The Hunspell dictionary, without ``.dic``/``.aff`` (``SEARCH_HUNSPELL_DICTIONARY``)."""
    return str(getattr(settings, "SEARCH_HUNSPELL_DICTIONARY", DEFAULT_DICTIONARY))


@dataclass(frozen=True)
class Lexicon:
    heads: dict[str, str]
    tails: frozenset[str]
    protected: frozenset[str]
    source: str = ""

    @property
    def available(self) -> bool:
        return bool(self.heads)


EMPTY = Lexicon(heads={}, tails=frozenset(), protected=frozenset())


def _fingerprint(base: str) -> str | None:
    parts = []
    for suffix in (".dic", ".aff"):
        path = Path(base + suffix)
        if not path.exists():
            return None
        stat = path.stat()
        parts.append(f"{path}:{stat.st_size}:{int(stat.st_mtime)}")
    parts.append(str(CACHE_VERSION))
    return hashlib.sha1("|".join(parts).encode()).hexdigest()[:16]


def _cache_dir() -> Path:
    configured = getattr(settings, "SEARCH_LEXICON_CACHE", "")
    return Path(configured) if configured else Path(tempfile.gettempdir()) / "search-lexicon"


@lru_cache(maxsize=1)
def hunspell():
    """The full spylls dictionary (slow to load: query-time lemma forms only)."""
    from spylls.hunspell import Dictionary

    return Dictionary.from_files(dictionary_path())


def _build(dictionary) -> Lexicon:
    aff = dictionary.aff
    begin, end = aff.COMPOUNDBEGIN, aff.COMPOUNDEND
    heads: dict[str, str] = {}
    tails: set[str] = set()
    lower_words: set[str] = set()
    capitalised: set[str] = set()
    for word in dictionary.dic.words:
        stem = word.stem
        if not stem.isalpha():
            continue
        if stem[0].isupper():
            if stem[1:].islower():
                capitalised.add(stem.lower())
            continue
        lower_words.add(stem)
        flags = word.flags
        if begin in flags and len(stem) >= MIN_HEAD:
            heads.setdefault(stem, stem)
        if end in flags:
            tails.add(sv_stem(stem))
        # Forms of this word that may begin a compound (the linking -s: "ungdoms").
        for flag in flags:
            for suffix in aff.SFX.get(flag, ()):
                if begin not in suffix.flags or not suffix.cond_regexp.search(stem):
                    continue
                base = stem[: len(stem) - len(suffix.strip)] if suffix.strip else stem
                form = base + suffix.add
                if len(form) >= MIN_HEAD:
                    heads.setdefault(form, stem)
    protected = frozenset(w for w in capitalised - lower_words if 3 <= len(w) <= 12)
    return Lexicon(heads=heads, tails=frozenset(tails), protected=protected, source="hunspell")


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The precomputed lexicon (empty, with a warning, when the dictionary is missing)."""
    base = dictionary_path()
    fingerprint = _fingerprint(base)
    if fingerprint is None:
        logger.warning(
            "Swedish word list %s.dic is missing (Debian package hunspell-sv): "
            "no decompounding or protected names.",
            base,
        )
        return EMPTY
    path = _cache_dir() / f"sv-{fingerprint}.pickle"
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
        pass
    built = _build(hunspell())
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as handle:
            pickle.dump(built, handle, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
    except OSError:
        logger.warning("Could not write the lexicon cache %s", path)
    return built


def split_compound(word: str, depth: int = 0) -> tuple[str, ...]:
    """The dictionary words a Swedish compound is made of, or () (lowercase input).

    The longest head first: "kulturföreningar" → ("kultur", "föreningar"),
    "ungdomsverksamhet" → ("ungdom", "verksamhet"); a tail that is itself a
    compound is split again (two levels).
    """
    lex = lexicon()
    if len(word) < MIN_HEAD + MIN_TAIL or not lex.available:
        return ()
    heads, tails = lex.heads, lex.tails
    for cut in range(len(word) - MIN_TAIL, MIN_HEAD - 1, -1):
        head = heads.get(word[:cut])
        if head is None:
            continue
        tail = word[cut:]
        if sv_stem(tail) in tails:
            return (head, tail)
        if depth < 1:
            rest = split_compound(tail, depth + 1)
            if rest:
                return (head, *rest)
    return ()


def write_word_lists(folder: Path) -> dict[str, int]:
    """Write Elasticsearch's word lists, one word a line, from the same dictionary.

    ``sv_compound_parts.txt`` (``dictionary_decompounder``: every compound head
    and every word that may end a compound) and ``sv_protected.txt``
    (``keyword_marker``: the protected names).
    """
    lex = lexicon()
    hunspell_words = hunspell().dic.words
    end = hunspell().aff.COMPOUNDEND
    tails = {w.stem for w in hunspell_words if end in w.flags and w.stem.isalpha()}
    lists = {
        "sv_compound_parts.txt": sorted(set(lex.heads) | set(lex.heads.values()) | tails),
        "sv_protected.txt": sorted(lex.protected),
    }
    folder.mkdir(parents=True, exist_ok=True)
    for name, words in lists.items():
        (folder / name).write_text("\n".join(words) + "\n", encoding="utf-8")
    return {name: len(words) for name, words in lists.items()}


@lru_cache(maxsize=5_000)
def forms(word: str) -> tuple[str, ...]:
    """Every inflected form of the dictionary words ``word`` may be (query time only).

    "kyrka" → kyrka, kyrkan, kyrkor, kyrkorna, …; "kyrkan" → the same. Compounds
    and words the dictionary does not know give ().
    """
    if len(word) < 3 or len(word) > 30 or not word.isalpha() or lexicon() is EMPTY:
        return ()
    try:
        dictionary = hunspell()
        found = list(dictionary.lookuper.good_forms(word))
    except Exception:  # noqa: BLE001 - a dictionary quirk must never break a search
        logger.exception("Hunspell lookup failed for %r", word)
        return ()
    out: list[str] = []
    for form in found:
        root = getattr(form, "in_dictionary", None)
        if root is None:
            continue
        stem = root.stem
        out.append(stem.lower())
        for flag in root.flags:
            for suffix in dictionary.aff.SFX.get(flag, ()):
                if suffix.cond_regexp.search(stem):
                    base = stem[: len(stem) - len(suffix.strip)] if suffix.strip else stem
                    out.append((base + suffix.add).lower())
    return tuple(dict.fromkeys(out))[:MAX_FORMS]
