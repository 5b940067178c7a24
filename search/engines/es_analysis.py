"""Elasticsearch's side of ``search.analysis``: per-language fields and analyzers.

Each text field (title, summary, body) is indexed once per language group in
its own field, ``title_sv``, ``title_en``, ``title_other``, filled only for
entries of that language, so Swedish stemming and decompounding touch only
Swedish text and English stemming only English text. Each has a ``folded``
multi-field beside it (``asciifolding``): a query without å/ä/ö matches there,
and an exact match, which hits both, ranks above a folded one.

- Swedish: lowercase, ``keyword_marker`` for the protected names and
  ``dictionary_decompounder`` with the compound parts (both word lists are
  written from the same Hunspell dictionary by ``manage.py search_wordlist``
  and read from the Elasticsearch node: ``SEARCH_ELASTICSEARCH_WORD_LIST`` and
  ``SEARCH_ELASTICSEARCH_PROTECTED_WORDS``, paths relative to its config
  folder; empty turns them off), then the Swedish Snowball stemmer.
- English: lowercase, English Snowball stemmer. Others: lowercase only.
- At search time every field's analyzer also runs the editors' synonyms as a
  ``synonym_graph`` filter over an updateable synonyms set (``<alias>-synonyms``,
  Elasticsearch 8.10+), which ``sync_synonyms`` keeps equal to the snippet.
"""

from __future__ import annotations

from django.conf import settings

LANGUAGES = ("sv", "en", "other")
TEXT_FIELDS = {"title": 10.0, "summary": 4.0, "body": 1.0}
FOLDED_BOOST = 0.5  # a folded-only match counts half an exact one


def synonyms_set(alias: str) -> str:
    return f"{alias}-synonyms"


def word_list_path() -> str:
    return str(getattr(settings, "SEARCH_ELASTICSEARCH_WORD_LIST", "") or "")


def protected_words_path() -> str:
    return str(getattr(settings, "SEARCH_ELASTICSEARCH_PROTECTED_WORDS", "") or "")


def analysis_settings(alias: str) -> dict:
    filters: dict = {
        "catalog_sv_stemmer": {"type": "stemmer", "language": "swedish"},
        "catalog_en_stemmer": {"type": "stemmer", "language": "english"},
        "catalog_fold": {"type": "asciifolding"},
        "catalog_synonyms": {
            "type": "synonym_graph",
            "synonyms_set": synonyms_set(alias),
            "updateable": True,
            "lenient": True,
        },
    }
    sv_chain = ["lowercase"]
    if protected_words_path():
        filters["catalog_sv_protected"] = {
            "type": "keyword_marker",
            "keywords_path": protected_words_path(),
        }
        sv_chain.append("catalog_sv_protected")
    if word_list_path():
        filters["catalog_sv_decompound"] = {
            "type": "dictionary_decompounder",
            "word_list_path": word_list_path(),
            "min_word_size": 7,
            "min_subword_size": 3,
            "only_longest_match": True,
        }
        sv_chain.append("catalog_sv_decompound")
    chains = {
        "sv": [*sv_chain, "catalog_sv_stemmer"],
        "en": ["lowercase", "catalog_en_stemmer"],
        "other": ["lowercase"],
    }
    analyzers: dict = {}
    for language, chain in chains.items():
        search_chain = [chain[0], "catalog_synonyms", *chain[1:]]
        analyzers[f"catalog_{language}"] = {"tokenizer": "standard", "filter": chain}
        analyzers[f"catalog_{language}_search"] = {"tokenizer": "standard", "filter": search_chain}
        analyzers[f"catalog_{language}_folded"] = {
            "tokenizer": "standard",
            "filter": [*chain, "catalog_fold"],
        }
        analyzers[f"catalog_{language}_folded_search"] = {
            "tokenizer": "standard",
            "filter": [*search_chain, "catalog_fold"],
        }
    return {"analysis": {"filter": filters, "analyzer": analyzers}}


def text_mapping(language: str) -> dict:
    return {
        "type": "text",
        "analyzer": f"catalog_{language}",
        "search_analyzer": f"catalog_{language}_search",
        "fields": {
            "folded": {
                "type": "text",
                "analyzer": f"catalog_{language}_folded",
                "search_analyzer": f"catalog_{language}_folded_search",
            }
        },
    }


def search_fields() -> list[str]:
    """Every per-language field, boosted title > summary > body, exact > folded."""
    fields = []
    for name, boost in TEXT_FIELDS.items():
        for language in LANGUAGES:
            fields.append(f"{name}_{language}^{boost:g}")
            fields.append(f"{name}_{language}.folded^{boost * FOLDED_BOOST:g}")
    return fields


def phrase_fields() -> list[str]:
    return [
        f"{name}_{language}^{boost:g}"
        for name, boost in TEXT_FIELDS.items()
        for language in LANGUAGES
    ]
