"""PostgreSQL: a weighted ``tsvector`` of the tokens ``search.analysis`` makes.

Python analyses each field into space-separated tokens (as for SQLite) and
PostgreSQL turns them into the vector (title A, summary B, body C, with
positions) with the ``search_catalog`` configuration (migration 0006): the
``simple`` template with stock PostgreSQL's Swedish stop words, so it stores
exactly the tokens SQLite does, less the stop words ("och", "att", …), as the
``swedish`` configuration did. Queries go through ``to_tsquery`` with the same
configuration (stop words drop out there too; phrases keep their distances).
The principal, kind, site and facet tokens are added without weight. A GIN
index serves ``@@``; ``ts_rank`` counts every matching alternative, and
matching every word as typed adds a bonus, so exact forms rank above folded
ones.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from django.db import connection, transaction

from ...analysis import Alternative, Clause, CompiledQuery, fts_text
from ...registry import CatalogEntry
from ..base import SearchRequest
from .common import (
    ALTERNATIVES_WEIGHT,
    CLAUSE_BONUS,
    EXACT_BONUS,
    TABLE,
    acl_token,
    request_filter_tokens,
    row,
)

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
    "title_an": "text",
    "summary_an": "text",
    "body_an": "text",
}
ANALYSED = ("title_an", "summary_an", "body_an")
CONFIG = "search_catalog"
TEXT = f"to_tsquery('{CONFIG}', %s)"


SETUP = [
    "CREATE TEXT SEARCH DICTIONARY search_catalog_tokens "
    "(TEMPLATE = pg_catalog.simple, STOPWORDS = swedish)",
    f"CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = pg_catalog.simple)",
    f"ALTER TEXT SEARCH CONFIGURATION {CONFIG} ALTER MAPPING FOR "
    "asciiword, word, numword, asciihword, hword, hword_part, hword_asciipart, "
    "hword_numpart, numhword WITH search_catalog_tokens",
]


def ensure_config() -> bool:
    """Create the ``search_catalog`` configuration when missing; True if it was."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = %s", [CONFIG])
        if cursor.fetchone():
            return False
        cursor.execute("DROP TEXT SEARCH DICTIONARY IF EXISTS search_catalog_tokens")
        for statement in SETUP:
            cursor.execute(statement)
    return True


# The trimmed match is always found through the GIN index. With a LIMIT over a
# match of several OR-ed alternatives (folded forms, compound parts, synonyms)
# the planner otherwise expects a sequential scan to meet enough rows early and
# picks it; it then decompresses tens of thousands of vectors (TOAST) to test
# them one by one: 90–390 ms instead of 17–25 ms for a common word at 100,000
# entries (BENCHMARKS.md, issue 17).
MATCH_PLANNER = {"enable_seqscan": "off"}
# A broad search's newest page walks the date index instead (``_newest_ids``).
NEWEST_PLANNER = {"enable_seqscan": "off", "enable_bitmapscan": "off"}


def fetch_planned(cursor, sql: str, params: list, settings: dict[str, str]) -> list[tuple]:
    """The rows of ``sql`` planned with ``settings`` (``SET LOCAL``), in one round trip.

    The settings, the statement and their reset go as one message: PostgreSQL
    runs a message of several statements as one transaction (its own, or the
    caller's open one, which then gets the default values back at the end).
    With server-side parameter binding (``OPTIONS["server_side_binding"]``) a
    message holds one statement, so they go one by one inside a transaction.
    """
    names = sorted(settings)
    setting = [f"SET LOCAL {name} = {settings[name]}" for name in names]
    resetting = [f"SET LOCAL {name} TO DEFAULT" for name in names]
    if connection.settings_dict.get("OPTIONS", {}).get("server_side_binding"):
        with transaction.atomic():
            for statement in setting:
                cursor.execute(statement)
            cursor.execute(sql, params)
            rows = cursor.fetchall()
            for statement in resetting:
                cursor.execute(statement)
        return rows
    cursor.execute("; ".join([*setting, sql, *resetting]), params)
    for _name in names:
        cursor.nextset()  # past each SET to the statement's rows
    return cursor.fetchall()


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


def prepare(entries: Sequence[CatalogEntry], now) -> str:
    """The batch as one JSON document, text analysed (no database: may run in a thread)."""
    rows = []
    for entry in entries:
        values = row(entry, now)
        values["date"] = values["date"].isoformat() if values["date"] is not None else None
        language = values["language"]
        values["title_an"] = fts_text(entry.title, language)
        values["summary_an"] = fts_text(entry.summary, language)
        values["body_an"] = fts_text(entry.body, language)
        rows.append({name: values[name] for name in COLUMNS})
    return json.dumps(rows, ensure_ascii=False)


def store(document: str, now) -> None:
    # One statement per batch: the rows go in as one JSON document (the C
    # encoder writes it far faster than psycopg escapes text arrays element by
    # element), existing keys are updated in place.
    stored = [name for name in COLUMNS if name not in ANALYSED]
    names = ", ".join(stored)
    record = ", ".join(f"{name} {kind}" for name, kind in COLUMNS.items())
    updates = ", ".join(f"{n} = EXCLUDED.{n}" for n in [*stored, "indexed_at", "search_vector"])
    sql = (
        f"INSERT INTO {TABLE} ({names}, indexed_at, search_vector) "
        f"SELECT {names}, %s, "
        f"setweight(to_tsvector('{CONFIG}', title_an), 'A') || "
        f"setweight(to_tsvector('{CONFIG}', summary_an), 'B') || "
        f"setweight(to_tsvector('{CONFIG}', body_an), 'C') || "
        f"array_to_tsvector(string_to_array(tokens, ' ')) "
        f"FROM jsonb_to_recordset(%s::jsonb) AS v({record}) "
        f"ON CONFLICT (key) DO UPDATE SET {updates}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [now, document])


def upsert(entries: Sequence[CatalogEntry], now) -> None:
    store(prepare(entries, now), now)


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
        exact = compiled.exact()
        # Ranked on the words as typed: folded forms, compound parts and
        # synonyms find entries but do not make them count more.
        terms = [f"ts_rank(r.search_vector, {TEXT})"]
        params.append(rank_tsquery(exact or compiled))
        if exact is not None:
            # A query none of whose typed forms occur (typed without å/ä/ö, a
            # compound the texts split) still ranks by where its folded forms and
            # parts occur (title above body), at a fraction of a typed match.
            terms.append(f"{ALTERNATIVES_WEIGHT} * ts_rank(r.search_vector, {TEXT})")
            params.append(rank_tsquery(compiled))
            # Every word as typed ranks above folded, compound and synonym matches.
            terms.append(f"(CASE WHEN r.search_vector @@ {TEXT} THEN {EXACT_BONUS} ELSE 0 END)")
            params.append(tsquery(exact, any_clause=any_clause))
        if any_clause and len(compiled.clauses) > 2:
            # Entries matching more of the words come first. (With two words
            # this runs only when no entry has both, so each has one: no order.)
            for clause in compiled.clauses:
                terms.append(
                    f"(CASE WHEN r.search_vector @@ {TEXT} THEN {CLAUSE_BONUS} ELSE 0 END)"
                )
                params.append(clause_tsquery(clause))
        rank = " + ".join(terms)
        where = f"r.search_vector @@ {TEXT}"
        params.append(tsquery(compiled, any_clause=any_clause))
        if gate:
            where = f"r.search_vector @@ ({TEXT} && %s::tsquery)"
            params.append(gate)
    else:
        rank = "0"
        where = "r.search_vector @@ %s::tsquery" if gate else "TRUE"
        params += [gate] if gate else []
    return f"{select}, {rank} AS rank FROM {TABLE} r WHERE {where}", params
