"""PostgreSQL: a weighted ``tsvector`` of the tokens ``search.analysis`` makes.

The vector is written as a ``tsvector`` literal built in Python (title A,
summary B, body C, with positions), so PostgreSQL stores exactly the tokens
SQLite does and needs no dictionary of its own; the principal, kind, site and
facet tokens are added without weight. A GIN index serves ``@@``; ``ts_rank``
counts every matching alternative, so exact forms rank above folded ones.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from django.db import connection

from ...analysis import Alternative, Clause, CompiledQuery, tsvector_literal
from ...registry import CatalogEntry
from ..base import SearchRequest
from .common import CLAUSE_BONUS, EXACT_BONUS, TABLE, acl_token, request_filter_tokens, row

COLUMNS = {
    "key": "text",
    "kind": "text",
    "site_id": "integer",
    "url": "text",
    "title": "text",
    "summary": "text",
    "body": "text",
    "language": "text",
    "date": "timestamptz",
    "facets": "jsonb",
    "facet_list": "jsonb",
    "principals": "jsonb",
    "meta": "jsonb",
    "tokens": "text",
    "vector": "text",
}


def _lexeme(token: str) -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def _alternative(alternative: Alternative) -> str:
    joiner = " <-> " if alternative.phrase else " & "
    return "(" + joiner.join(_lexeme(t) for t in alternative.tokens) + ")"


def clause_tsquery(clause: Clause) -> str:
    return "(" + " | ".join(_alternative(a) for a in clause.alternatives) + ")"


def tsquery(compiled: CompiledQuery, *, any_clause: bool = False) -> str:
    """A tsquery of quoted lexemes only: user text never becomes tsquery syntax."""
    joiner = " | " if any_clause else " & "
    text = "(" + joiner.join(clause_tsquery(c) for c in compiled.clauses) + ")"
    if compiled.excluded:
        text += " & !(" + " | ".join(_lexeme(t) for t in compiled.excluded) + ")"
    return text


def rank_tsquery(compiled: CompiledQuery) -> str:
    """Every token of every alternative, OR-ed: ``ts_rank`` then counts each one matched."""
    tokens = {t for c in compiled.clauses for a in c.alternatives for t in a.tokens}
    return " | ".join(_lexeme(t) for t in sorted(tokens))


def upsert(entries: Sequence[CatalogEntry], now) -> None:
    # One statement per batch: the rows go in as one JSON document (the C
    # encoder writes it far faster than psycopg escapes text arrays element by
    # element), existing keys are updated in place.
    rows = []
    for entry in entries:
        values = row(entry, now)
        values["date"] = values["date"].isoformat() if values["date"] is not None else None
        values["vector"] = tsvector_literal(
            [(entry.title, "A"), (entry.summary, "B"), (entry.body, "C")], entry.language
        )
        rows.append({name: values[name] for name in COLUMNS})
    stored = [name for name in COLUMNS if name != "vector"]
    names = ", ".join(stored)
    record = ", ".join(f"{name} {kind}" for name, kind in COLUMNS.items())
    updates = ", ".join(f"{n} = EXCLUDED.{n}" for n in [*stored, "indexed_at", "search_vector"])
    sql = (
        f"INSERT INTO {TABLE} ({names}, indexed_at, search_vector) "
        f"SELECT {names}, %s, "
        f"vector::tsvector || array_to_tsvector(string_to_array(tokens, ' ')) "
        f"FROM jsonb_to_recordset(%s::jsonb) AS v({record}) "
        f"ON CONFLICT (key) DO UPDATE SET {updates}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [now, json.dumps(rows, ensure_ascii=False)])


def matching_sql(
    request: SearchRequest, compiled: CompiledQuery, order: tuple[str, list], any_clause: bool
) -> tuple[str, list]:
    """SQL selecting (id, kind, site_id, date, facet_list, lr, rank) of the trimmed match."""
    lang_sql, lang_params = order
    gate_parts = []
    if request.principals is not None:
        acl = [acl_token(p) for p in sorted(request.principals)]
        gate_parts.append("(" + " | ".join(f"'{t}'" for t in acl) + ")")
    gate_parts += [f"'{t}'" for t in request_filter_tokens(request)]
    gate = " & ".join(gate_parts)
    select = f"SELECT r.id, r.kind, r.site_id, r.date, r.facet_list, {lang_sql} AS lr"
    params = list(lang_params)
    if compiled.clauses:
        terms = ["ts_rank(r.search_vector, %s::tsquery)"]
        params.append(rank_tsquery(compiled))
        exact = compiled.exact()
        if exact is not None:
            # Every word as typed ranks above folded, compound and synonym matches.
            terms.append(
                f"(CASE WHEN r.search_vector @@ %s::tsquery THEN {EXACT_BONUS} ELSE 0 END)"
            )
            params.append(tsquery(exact, any_clause=any_clause))
        if any_clause:
            # Entries matching more of the words come first.
            for clause in compiled.clauses:
                terms.append(
                    f"(CASE WHEN r.search_vector @@ %s::tsquery THEN {CLAUSE_BONUS} ELSE 0 END)"
                )
                params.append(clause_tsquery(clause))
        rank = " + ".join(terms)
        text = tsquery(compiled, any_clause=any_clause)
        where = "r.search_vector @@ %s::tsquery"
        params.append(f"({text}) & ({gate})" if gate else text)
    else:
        rank = "0"
        where = "r.search_vector @@ %s::tsquery" if gate else "TRUE"
        params += [gate] if gate else []
    return f"{select}, {rank} AS rank FROM {TABLE} r WHERE {where}", params
