"""SQLite: an FTS5 table of the tokens ``search.analysis`` makes.

Columns title, summary, body (analysed in Python, the same tokens PostgreSQL
gets) and tokens (principals, kind, site, facets). The ``ascii`` tokenizer
splits on ASCII punctuation and spaces only, so every analysed token (å/ä/ö,
Arabic with its vowel signs, the fold mark) stays one FTS5 token. Ranked with
bm25 weighting title, summary and body 10 : 4 : 1.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection

from ...analysis import Alternative, Clause, CompiledQuery, fts_text
from ...models import CatalogRecord
from ...registry import CatalogEntry
from ..base import SearchRequest
from .common import (
    CLAUSE_BONUS,
    EXACT_BONUS,
    FTS_TABLE,
    TABLE,
    WEIGHTS,
    acl_token,
    chunks,
    request_filter_tokens,
    row,
)

COLUMNS = "{title summary body}"


def _alternative(alternative: Alternative) -> str:
    if alternative.phrase or len(alternative.tokens) == 1:
        return '"' + " ".join(alternative.tokens) + '"'
    return "(" + " AND ".join(f'"{t}"' for t in alternative.tokens) + ")"


def clause_expression(clause: Clause) -> str:
    """One clause as FTS5 syntax: quoted tokens only, so user text never becomes syntax."""
    return "(" + " OR ".join(_alternative(a) for a in clause.alternatives) + ")"


def fts_expression(compiled: CompiledQuery, *, any_clause: bool = False) -> str:
    """Every clause (or, with ``any_clause``, any of them), minus the excluded tokens."""
    joiner = " OR " if any_clause else " AND "
    expression = "(" + joiner.join(clause_expression(c) for c in compiled.clauses) + ")"
    if compiled.excluded:
        excluded = " OR ".join(f'"{t}"' for t in compiled.excluded)
        expression = f"({expression} NOT ({excluded}))"
    return expression


def replace(entries: Sequence[CatalogEntry], now, delete_ids) -> None:
    keys = [e.key for e in entries]
    delete_ids(list(CatalogRecord.objects.filter(key__in=keys).values_list("id", flat=True)))
    records = CatalogRecord.objects.bulk_create([CatalogRecord(**row(e, now)) for e in entries])
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {FTS_TABLE} (rowid, title, summary, body, tokens) "
            "VALUES (%s, %s, %s, %s, %s)",
            [
                (
                    r.pk,
                    fts_text(r.title, r.language),
                    fts_text(r.summary, r.language),
                    fts_text(r.body, r.language),
                    r.tokens,
                )
                for r in records
            ],
        )


def delete(ids: list[int]) -> None:
    for chunk in chunks(ids):
        marks = ",".join("%s" for _ in chunk)
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({marks})", chunk)


def _member(bonus: float) -> str:
    return (
        f"(CASE WHEN r.id IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s) "
        f"THEN {bonus} ELSE 0 END)"
    )


def matching_sql(
    request: SearchRequest, compiled: CompiledQuery, order: tuple[str, list], any_clause: bool
) -> tuple[str, list]:
    """SQL selecting (id, kind, site_id, date, facet_list, lr, rank) of the trimmed match."""
    lang_sql, lang_params = order
    has_text = bool(compiled.clauses)
    parts = []
    if has_text:
        parts.append(f"{COLUMNS} : " + fts_expression(compiled, any_clause=any_clause))
    if request.principals is not None:
        acl = [acl_token(p) for p in sorted(request.principals)]
        parts.append("tokens : (" + " OR ".join(f'"{t}"' for t in acl) + ")")
    parts += [f'tokens : "{t}"' for t in request_filter_tokens(request)]
    select = f"SELECT r.id, r.kind, r.site_id, r.date, r.facet_list, {lang_sql} AS lr"
    if not parts:
        return f"{select}, 0 AS rank FROM {TABLE} r", lang_params
    weights = ", ".join(str(w) for w in WEIGHTS.values())
    terms: list[str] = [f"-bm25({FTS_TABLE}, {weights}, 0.0)" if has_text else "0"]
    params = list(lang_params)
    exact = compiled.exact() if has_text else None
    if exact is not None:
        # Matching every word as typed ranks above folded, compound and synonym
        # matches (bm25 alone would favour a rare folded form).
        terms.append(_member(EXACT_BONUS))
        params.append(f"{COLUMNS} : " + fts_expression(exact, any_clause=any_clause))
    if any_clause and len(compiled.clauses) > 2:
        # Entries matching more of the words come first. (With two words this
        # runs only when no entry has both, so each has one: no order.)
        for clause in compiled.clauses:
            terms.append(_member(CLAUSE_BONUS))
            params.append(f"{COLUMNS} : " + clause_expression(clause))
    rank = " + ".join(terms)
    sql = (
        f"{select}, {rank} AS rank "
        f"FROM {FTS_TABLE} JOIN {TABLE} r ON r.id = {FTS_TABLE}.rowid "
        f"WHERE {FTS_TABLE} MATCH %s"
    )
    return sql, [*params, " AND ".join(parts)]
