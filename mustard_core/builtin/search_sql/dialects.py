"""What differs between PostgreSQL and SQLite: matching, ranking, highlighting, upserts, typos.

`SqlSearch` builds every statement it can portably and asks one of these two small classes for
the rest. PostgreSQL matches a weighted tsvector (a generated column with a GIN index), ranks
with ts_rank, highlights with ts_headline and finds typo corrections through a trigram index.
SQLite matches an FTS5 table, ranks with bm25, highlights with highlight()/snippet(), and finds
typo corrections among vocabulary words sharing the first two letters (weaker: a typo in the
first two letters of a word is not corrected).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    FromClause,
    bindparam,
    func,
    literal_column,
    select,
)
from sqlalchemy.dialects.postgresql import TSQUERY
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql import ColumnElement
from sqlalchemy.sql.selectable import Join

from mustard_core.builtin.search_sql import schema
from mustard_core.builtin.search_sql.query_text import (
    MARK_END,
    MARK_START,
    Clause,
    allowed_typos,
    fts5_match,
)

documents = schema.documents
log = logging.getLogger(__name__)

LIST_FIELDS = ("skills", "titles", "companies")
"""Fields stored one value per line; their highlights are joined with commas."""

SNIPPET_FIELDS = ("text",)
"""Long fields highlighted as fragments around the matches rather than whole."""


@dataclass
class TextMatch:
    """How one text query joins, filters, ranks and highlights.

    `from_`/`condition` select the matching documents; `rank_from`/`rank_condition` are what a
    statement computing `rank` (higher is better) or `highlights` must select from and where."""

    from_: FromClause
    condition: ColumnElement[bool]
    rank_from: FromClause
    rank_condition: ColumnElement[bool] | None
    rank: ColumnElement[Any]
    highlights: dict[str, ColumnElement[Any]]


class PostgresDialect:
    name = "postgresql"
    keeps_facet_values = False
    _config = literal_column(f"'{schema.TS_CONFIG}'::regconfig")
    _vector = literal_column("sqlsearch_documents.search_vector")
    _short_options = f"StartSel={MARK_START}, StopSel={MARK_END}, HighlightAll=true"
    _snippet_options = (f'StartSel={MARK_START}, StopSel={MARK_END}, MaxFragments=2, '
                        'MaxWords=20, MinWords=6, FragmentDelimiter=" … "')

    def read_transaction(self, engine: Engine) -> AbstractContextManager[Connection]:
        # One snapshot for the count, the page and the facets, so they agree with each other.
        return _transaction(engine, isolation_level="REPEATABLE READ")

    def text_match(self, clauses: list[Clause]) -> TextMatch:
        query = self._tsquery(clauses)
        condition = self._vector.op("@@", is_comparison=True)(query)
        highlights = {
            field: func.ts_headline(
                self._config, documents.c[field], query,
                self._snippet_options if field in SNIPPET_FIELDS else self._short_options)
            for field in schema.FTS_COLUMNS
        }
        return TextMatch(from_=documents, condition=condition, rank_from=documents,
                         rank_condition=None, rank=func.ts_rank(self._vector, query),
                         highlights=highlights)

    def _tsquery(self, clauses: list[Clause]) -> ColumnElement[Any]:
        # Each phrase goes through phraseto_tsquery as a bound parameter: parsed as plain words,
        # never as tsquery syntax. `||` is OR and `&&` is AND between the parsed queries.
        query = None
        for clause in clauses:
            alternatives = None
            for phrase in clause.alternatives:
                part = func.phraseto_tsquery(self._config, " ".join(phrase), type_=TSQUERY)
                alternatives = part if alternatives is None else alternatives.op("||")(part)
            query = alternatives if query is None else query.op("&&")(alternatives)
        return query

    def facet(self, connection: Connection, field: str, kind: str, from_: FromClause,
              conditions: list[ColumnElement[bool]], tenant_id: str, generation: int,
              limit: int) -> dict[str, int]:
        """Count each value of a one-per-line list field over the matching documents: one scan
        of the documents the count also reads, no join."""
        items = (select(func.unnest(func.string_to_array(documents.c[field], "\n"))
                        .label("item"))
                 .select_from(from_).where(*conditions).subquery())
        count, key = func.count(), func.lower(items.c.item)
        rows = connection.execute(select(func.min(items.c.item), count).group_by(key)
                                  .order_by(count.desc(), key).limit(limit))
        return {label: number for label, number in rows}

    def correction_candidates(self, connection: Connection, tenant_id: str, generation: int,
                              word: str) -> list[str]:
        terms = schema.terms
        # `%` is pg_trgm's similarity operator (threshold 0.3), answered by the trigram index.
        statement = (
            select(terms.c.term)
            .where(terms.c.tenant_id == tenant_id, terms.c.generation == generation,
                   terms.c.term.op("%")(word))
            .order_by(func.similarity(terms.c.term, word).desc(), terms.c.term)
            .limit(20)
        )
        return list(connection.scalars(statement))

    def upsert_documents(self, connection: Connection, tenant_id: str, generation: int,
                         rows: Sequence[dict]) -> None:
        statement = pg_insert(documents)
        replace = {column: statement.excluded[column] for column in rows[0]
                   if column not in ("tenant_id", "generation", "candidate_id")}
        connection.execute(
            statement.on_conflict_do_update(constraint="uq_sqlsearch_documents_candidate",
                                            set_=replace),
            list(rows))

    def insert_ignore(self, connection: Connection, table: Any, rows: Sequence[dict]) -> None:
        connection.execute(pg_insert(table).on_conflict_do_nothing(), list(rows))

    def after_bulk_write(self, engine: Engine) -> None:
        """Merge the GIN pending lists a reindex filled, so the first searches after it do not
        read megabytes of unmerged entries per index scan until autovacuum comes by
        (benchmarks/RESULTS.md). Best effort: it needs to own the indexes."""
        for index in schema.PENDING_LIST_INDEXES:
            try:
                with engine.begin() as connection:
                    connection.execute(select(func.gin_clean_pending_list(
                        func.to_regclass(index))).where(func.to_regclass(index).is_not(None)))
            except DBAPIError as exc:
                log.warning("could not merge the pending list of %s (%s)", index,
                            type(exc.orig).__name__)


class SqliteDialect:
    name = "sqlite"
    keeps_facet_values = True
    _fts_name = literal_column(schema.fts.name)
    # bm25 weights per FTS column, in schema.FTS_COLUMNS order.
    _weights = (10.0, 4.0, 2.0, 8.0, 5.0, 2.0, 2.0, 1.0)

    def read_transaction(self, engine: Engine) -> AbstractContextManager[Connection]:
        return _transaction(engine)

    def text_match(self, clauses: list[Clause]) -> TextMatch:
        fts = schema.fts
        expression = fts5_match(clauses)
        condition = self._fts_name.op("MATCH", is_comparison=True)(
            bindparam("fts_query", expression, unique=True))
        joined = FullTextFirst(fts, documents, documents.c.id == fts.c.rowid)
        highlights = {}
        for index, field in enumerate(schema.FTS_COLUMNS):
            if field in SNIPPET_FIELDS:
                highlights[field] = func.snippet(self._fts_name, index, MARK_START, MARK_END,
                                                 " … ", 24)
            else:
                highlights[field] = func.highlight(self._fts_name, index, MARK_START, MARK_END)
        # bm25 is lower for better matches; negated so that, as on PostgreSQL, higher is better.
        return TextMatch(from_=joined, condition=condition, rank_from=joined,
                         rank_condition=condition, rank=-func.bm25(self._fts_name, *self._weights),
                         highlights=highlights)

    def facet(self, connection: Connection, field: str, kind: str, from_: FromClause,
              conditions: list[ColumnElement[bool]], tenant_id: str, generation: int,
              limit: int) -> dict[str, int]:
        """Count facet values of the matching documents. SQLite evaluates the IN subquery once
        into a temporary index, so this stays linear whatever the statistics say."""
        values = schema.facet_values
        matched = select(documents.c.candidate_id).select_from(from_).where(*conditions)
        count = func.count()
        rows = connection.execute(
            select(func.min(values.c.value), count)
            .where(values.c.tenant_id == tenant_id, values.c.generation == generation,
                   values.c.kind == kind, values.c.candidate_id.in_(matched))
            .group_by(values.c.value_key)
            .order_by(count.desc(), values.c.value_key)
            .limit(limit))
        return {label: number for label, number in rows}

    def correction_candidates(self, connection: Connection, tenant_id: str, generation: int,
                              word: str) -> list[str]:
        terms = schema.terms
        prefix = word[:2]
        slack = allowed_typos(word)
        statement = (
            select(terms.c.term)
            .where(terms.c.tenant_id == tenant_id, terms.c.generation == generation,
                   terms.c.term >= prefix, terms.c.term < prefix + "\U0010ffff",
                   func.length(terms.c.term).between(len(word) - slack, len(word) + slack))
            .limit(5000)
        )
        return list(connection.scalars(statement))

    def upsert_documents(self, connection: Connection, tenant_id: str, generation: int,
                         rows: Sequence[dict]) -> None:
        # Delete then insert rather than INSERT OR REPLACE: REPLACE's implicit delete does not
        # fire the FTS delete trigger. SQLite writers are serialised, so this cannot race.
        connection.execute(documents.delete().where(
            documents.c.tenant_id == tenant_id, documents.c.generation == generation,
            documents.c.candidate_id.in_([row["candidate_id"] for row in rows])))
        connection.execute(documents.insert(), list(rows))

    def insert_ignore(self, connection: Connection, table: Any, rows: Sequence[dict]) -> None:
        connection.execute(sqlite_insert(table).on_conflict_do_nothing(), list(rows))

    def after_bulk_write(self, engine: Engine) -> None:
        """Nothing to merge: FTS5 merges its segments as it writes."""


class FullTextFirst(Join):
    """The FTS5 table joined to the documents, written `CROSS JOIN` on SQLite: SQLite's
    documented way to fix a join order. Left to itself SQLite walked the tenant's documents and
    ran the full-text query once per document; this way the full-text index yields the matches
    and each is looked up by primary key."""

    inherit_cache = True


@compiles(FullTextFirst, "sqlite")
def _compile_full_text_first(join: FullTextFirst, compiler: Any, **kw: Any) -> str:
    return compiler.visit_join(join, **kw).replace(" JOIN ", " CROSS JOIN ", 1)


@contextmanager
def _transaction(engine: Engine, isolation_level: str | None = None) -> Iterator[Connection]:
    """A connection of its own inside one transaction, committed unless the block raises."""
    with engine.connect() as connection:
        if isolation_level:
            connection.execution_options(isolation_level=isolation_level)
        with connection.begin():
            yield connection


def dialect_for(engine: Engine) -> PostgresDialect | SqliteDialect:
    schema.check_dialect(engine.dialect.name)
    return PostgresDialect() if engine.dialect.name == "postgresql" else SqliteDialect()
