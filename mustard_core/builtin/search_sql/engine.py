"""SqlSearch: the search role on the application's own database (PostgreSQL or SQLite).

It is called from background jobs, outside any request transaction, so every method takes its
own connection from the engine and commits its own short transaction. Tenants share tables and
are told apart by `tenant_id`, which every statement here filters by.

A tenant's documents live in a numbered generation (`sqlsearch_state.live_generation`). A full
reindex writes the next generation batch by batch, each batch its own transaction (so a
progress callback that writes the job row never waits on our locks, which on SQLite would
deadlock), and then switches the live number in one transaction: searches see the old index or
the new one, never a half-built one. Changes made while a reindex runs are written to both
generations and remembered (`sqlsearch_touched`) so the build's older copy does not undo them.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, func, select
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.sql import ColumnElement

from mustard_core.builtin.search_sql import schema
from mustard_core.builtin.search_sql.dialects import LIST_FIELDS, TextMatch, dialect_for
from mustard_core.builtin.search_sql.query_text import (
    Clause,
    SynonymTable,
    allowed_typos,
    best_corrections,
    clean,
    like_escape,
    normalise_value,
    parse_query,
    render_highlight,
    swapped_neighbours,
    validate_synonyms,
    with_corrections,
    words,
)
from mustard_core.db import writer
from mustard_core.roles import (
    Health,
    SearchHit,
    SearchQuery,
    SearchRecord,
    SearchResult,
    SearchUnavailable,
    SynonymSet,
    TenantRef,
)

documents, facet_values, terms = schema.documents, schema.facet_values, schema.terms
state, touched, synonyms_table = schema.state, schema.touched, schema.synonyms

DEFAULT_RANK_WINDOW = 500
DEFAULT_BATCH_SIZE = 500
MAX_PER_PAGE = 100
MAX_SKILL_FILTERS = 20
FACET_LIMIT = 50
DEFAULT_FACET_SAMPLE = 5_000
CORRECTED_WORDS = 8
MAX_FIELD_CHARS = 2_000
MAX_SUMMARY_CHARS = 20_000
MAX_TEXT_CHARS = 100_000  # a tsvector holds at most 1 MB; a CV's text is far below this
MAX_VALUE_CHARS = 300
MIN_TERM_CHARS = 3


class ReindexSuperseded(RuntimeError):
    """Another reindex of the tenant (or a clear) started after this one; this one gave up."""


class SqlSearch:
    """The built-in `SearchEngine`.

    `rank_window` bounds ranking: of the matching documents, only that many (the most recently
    updated) are ranked by relevance; later pages continue in recency order. Ranking costs grow
    with the number of matches, counting and recency ordering hardly do (see DESIGN.md).

    `facet_sample` bounds facet counting the same way: a query matching more documents than
    that counts the facets of the most recent `facet_sample` of them and says so
    (`facets_exhaustive`). Counting every match unnested every skill of, say, 10,000 CVs per
    search (benchmarks/RESULTS.md).
    """

    def __init__(self, engine: Engine, *, rank_window: int = DEFAULT_RANK_WINDOW,
                 batch_size: int = DEFAULT_BATCH_SIZE,
                 facet_sample: int = DEFAULT_FACET_SAMPLE):
        if rank_window < 1 or batch_size < 1 or facet_sample < 1:
            raise ValueError("rank_window, batch_size and facet_sample must be positive")
        self.engine = engine
        self.dialect = dialect_for(engine)
        self.rank_window = rank_window
        self.batch_size = batch_size
        self.facet_sample = facet_sample

    # ------------------------------------------------------------------------------ writing

    def index(self, tenant: TenantRef, records: list[SearchRecord]) -> None:
        records = _latest_by_id(tenant, records)
        if not records:
            return
        with self._write() as connection:
            live, building = self._lock_state(connection, tenant.id, create=True)
            for chunk in _chunks(records, self.batch_size):
                for generation in sorted({live, building} - {None}):
                    self._write_records(connection, tenant.id, generation, chunk)
                if building is not None:
                    self._touch(connection, tenant.id, building, [r.id for r in chunk])

    def delete(self, tenant: TenantRef, ids: list[str]) -> None:
        ids = sorted(set(ids))
        if not ids:
            return
        with self._write() as connection:
            current = self._lock_state(connection, tenant.id)
            if current is None:
                return  # nothing was ever indexed for this tenant
            tables = [documents, facet_values] if self.dialect.keeps_facet_values else [documents]
            for chunk in _chunks(ids, self.batch_size):
                for table in tables:
                    connection.execute(table.delete().where(
                        table.c.tenant_id == tenant.id, table.c.candidate_id.in_(chunk)))
                if current[1] is not None:
                    self._touch(connection, tenant.id, current[1], chunk)

    def set_synonyms(self, tenant: TenantRef, synonyms: list[SynonymSet]) -> None:
        validate_synonyms(synonyms)
        with self._write() as connection:
            self._replace_synonyms(connection, tenant.id, synonyms)

    def reindex(self, tenant: TenantRef, records: Iterable[SearchRecord],
                synonyms: list[SynonymSet], progress: Callable[[int], None]) -> None:
        validate_synonyms(synonyms)
        generation = self._start_build(tenant.id)
        done = 0
        try:
            for batch in _batches(records, self.batch_size):
                fresh = _latest_by_id(tenant, batch)
                with self._write() as connection:
                    self._check_building(connection, tenant.id, generation)
                    skip = set(connection.scalars(select(touched.c.candidate_id).where(
                        touched.c.tenant_id == tenant.id, touched.c.generation == generation,
                        touched.c.candidate_id.in_([r.id for r in fresh]))))
                    fresh = [r for r in fresh if r.id not in skip]
                    if fresh:
                        self._write_records(connection, tenant.id, generation, fresh)
                done += len(batch)
                progress(done)
            if done == 0:
                progress(0)
            with self._write() as connection:
                old_live, _building = self._check_building(connection, tenant.id, generation)
                connection.execute(state.update().where(state.c.tenant_id == tenant.id).values(
                    live_generation=generation, building_generation=None))
                self._replace_synonyms(connection, tenant.id, synonyms)
        except BaseException:
            self._abandon_build(tenant.id, generation)
            raise
        self._drop_generation(tenant.id, old_live)
        self.dialect.after_bulk_write(self.engine)

    def clear(self, tenant: TenantRef) -> None:
        with self._write() as connection:
            # The state row first, as every writer takes it, so clear cannot deadlock with them.
            self._lock_state(connection, tenant.id, exclusive=True)
            for table in schema.tenant_tables(self.dialect.name):
                connection.execute(table.delete().where(table.c.tenant_id == tenant.id))

    # ------------------------------------------------------------------------------ reading

    def search(self, tenant: TenantRef, query: SearchQuery) -> SearchResult:
        page = max(int(query.page or 0), 0)
        per_page = min(max(int(query.per_page or 20), 1), MAX_PER_PAGE)
        empty = SearchResult(hits=[], total=0, page=page, facets={"skills": {}, "companies": {}})
        with self._read() as connection:
            generation = connection.scalar(select(state.c.live_generation).where(
                state.c.tenant_id == tenant.id))
            if generation is None:
                return empty
            clauses = parse_query(query.q, SynonymTable(self._synonyms(connection, tenant.id)))
            clauses = self._correct_typos(connection, tenant.id, generation, clauses)
            match = self.dialect.text_match(clauses) if clauses else None
            conditions = self._filters(tenant.id, generation, query)
            if match is not None:
                conditions.append(match.condition)
            from_ = match.from_ if match else documents
            total = connection.scalar(select(func.count()).select_from(
                select(documents.c.id).select_from(from_).where(*conditions).subquery()))
            if not total:
                return empty
            ids = self._page_ids(connection, conditions, match, page, per_page)
            hits = self._hits(connection, tenant.id, generation, match, ids)
            exhaustive = total <= self.facet_sample
            if not exhaustive:
                sample = (select(documents.c.id).select_from(from_).where(*conditions)
                          .order_by(documents.c.updated_at.desc(), documents.c.candidate_id)
                          .limit(self.facet_sample))
                from_, conditions = documents, [documents.c.id.in_(sample)]
            facets = {
                name: self.dialect.facet(connection, field, kind, from_, conditions, tenant.id,
                                         generation, FACET_LIMIT)
                for name, field, kind in (("skills", "skills", "skill"),
                                          ("companies", "companies", "company"))
            }
        return SearchResult(hits=hits, total=total, page=page, facets=facets,
                            facets_exhaustive=exhaustive)

    def health(self) -> Health:
        try:
            with self.engine.connect() as connection:
                connection.execute(select(state.c.tenant_id).limit(1)).first()
        except SQLAlchemyError as exc:
            return Health(False, f"search tables unreachable ({type(exc).__name__})")
        return Health(True, f"{self.dialect.name} search tables reachable")

    # ------------------------------------------------------------------------------ helpers

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        # writer(): on SQLite the transaction takes the write lock at BEGIN (IMMEDIATE), so
        # concurrent writers queue on the busy timeout instead of failing to upgrade a read.
        with _unavailable(), writer(self.engine).begin() as connection:
            yield connection

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with _unavailable(), self.dialect.read_transaction(self.engine) as connection:
            yield connection

    def _lock_state(self, connection: Connection, tenant_id: str, *, create: bool = False,
                    exclusive: bool = False) -> tuple[int, int | None] | None:
        """The tenant's (live, building) generations, locked for the transaction: shared by
        writers of documents, exclusive for a reindex step, so a switch waits for them."""
        if create:
            self.dialect.insert_ignore(connection, state, [
                {"tenant_id": tenant_id, "live_generation": 1, "building_generation": None}])
        row = connection.execute(
            select(state.c.live_generation, state.c.building_generation)
            .where(state.c.tenant_id == tenant_id)
            .with_for_update(read=not exclusive)).first()
        return None if row is None else (row.live_generation, row.building_generation)

    def _start_build(self, tenant_id: str) -> int:
        with self._write() as connection:
            live, building = self._lock_state(connection, tenant_id, create=True, exclusive=True)
            generation = max(live, building or 0) + 1
            for table in schema.generation_tables(self.dialect.name):  # abandoned builds
                connection.execute(table.delete().where(
                    table.c.tenant_id == tenant_id, table.c.generation != live))
            connection.execute(state.update().where(state.c.tenant_id == tenant_id).values(
                building_generation=generation))
        return generation

    def _check_building(self, connection: Connection, tenant_id: str,
                        generation: int) -> tuple[int, int | None]:
        current = self._lock_state(connection, tenant_id, exclusive=True)
        if current is None or current[1] != generation:
            raise ReindexSuperseded("another reindex or a clear replaced this one")
        return current

    def _abandon_build(self, tenant_id: str, generation: int) -> None:
        """Best effort after a failed reindex: forget the build and its rows (the next reindex
        would remove them anyway)."""
        try:
            with self._write() as connection:
                current = self._lock_state(connection, tenant_id, exclusive=True)
                if current is not None and current[1] == generation:
                    connection.execute(state.update().where(state.c.tenant_id == tenant_id)
                                       .values(building_generation=None))
                if current is None or current[0] != generation:
                    self._delete_generation(connection, tenant_id, generation)
        except SQLAlchemyError:
            pass

    def _drop_generation(self, tenant_id: str, generation: int) -> None:
        """Remove a generation no search reads any more, in its own transaction after the
        switch, so the switch itself stays short."""
        with self._write() as connection:
            current = self._lock_state(connection, tenant_id, exclusive=True)
            if current is not None and generation not in current:
                self._delete_generation(connection, tenant_id, generation)

    def _delete_generation(self, connection: Connection, tenant_id: str, generation: int) -> None:
        for table in schema.generation_tables(self.dialect.name):
            connection.execute(table.delete().where(
                table.c.tenant_id == tenant_id, table.c.generation == generation))

    def _touch(self, connection: Connection, tenant_id: str, generation: int,
               ids: list[str]) -> None:
        self.dialect.insert_ignore(connection, touched, [
            {"tenant_id": tenant_id, "generation": generation, "candidate_id": candidate_id}
            for candidate_id in sorted(set(ids))])

    def _write_records(self, connection: Connection, tenant_id: str, generation: int,
                       records: list[SearchRecord]) -> None:
        """Add or replace documents, their facet values and their words in one generation.
        Rows are written in id order so concurrent writers lock them in the same order."""
        ids = [record.id for record in records]
        self.dialect.upsert_documents(connection, tenant_id, generation, [
            _document_row(tenant_id, generation, record) for record in records])
        if self.dialect.keeps_facet_values:
            connection.execute(facet_values.delete().where(
                facet_values.c.tenant_id == tenant_id, facet_values.c.generation == generation,
                facet_values.c.candidate_id.in_(ids)))
            facet_rows = [row for record in records
                          for row in _facet_rows(tenant_id, generation, record)]
            if facet_rows:
                connection.execute(facet_values.insert(), facet_rows)
        self._add_terms(connection, tenant_id, generation,
                        {term for record in records for term in _terms(record)})

    def _add_terms(self, connection: Connection, tenant_id: str, generation: int,
                   vocabulary: set[str]) -> None:
        """Add the words the vocabulary lacks. Most words of a CV are known already: looking
        them up first is one query, where inserting each one (and ignoring the conflict) was
        ~45 ms for one CV on PostgreSQL."""
        for chunk in _chunks(sorted(vocabulary), 1_000):
            known = set(connection.scalars(select(terms.c.term).where(
                terms.c.tenant_id == tenant_id, terms.c.generation == generation,
                terms.c.term.in_(chunk))))
            new = [term for term in chunk if term not in known]
            if new:
                self.dialect.insert_ignore(connection, terms, [
                    {"tenant_id": tenant_id, "generation": generation, "term": term}
                    for term in new])

    def _replace_synonyms(self, connection: Connection, tenant_id: str,
                          sets: list[SynonymSet]) -> None:
        connection.execute(synonyms_table.delete().where(synonyms_table.c.tenant_id == tenant_id))
        rows = [{"tenant_id": tenant_id, "position": position, "set_id": str(s.id)[:200],
                 "type": s.type, "input": s.input, "synonyms": [str(x) for x in s.synonyms]}
                for position, s in enumerate(sets)]
        if rows:
            connection.execute(synonyms_table.insert(), rows)

    def _synonyms(self, connection: Connection, tenant_id: str) -> list[SynonymSet]:
        rows = connection.execute(
            select(synonyms_table).where(synonyms_table.c.tenant_id == tenant_id)
            .order_by(synonyms_table.c.position))
        return [SynonymSet(id=row.set_id, type=row.type, synonyms=list(row.synonyms),
                           input=row.input) for row in rows]

    def _correct_typos(self, connection: Connection, tenant_id: str, generation: int,
                       clauses: list[Clause]) -> list[Clause]:
        """Widen each plain word the tenant's vocabulary does not know with the nearest words
        it does (within Algolia's typo allowance). Known words are left alone."""
        candidates = sorted({c.word for c in clauses if c.word and allowed_typos(c.word)})
        if not candidates:
            return clauses
        # Swapped neighbours ("pyhton") share too few trigrams (or first letters, on SQLite)
        # with the word they mean for the similarity lookup to propose it: look them up as-is,
        # in the same query that tells which words the vocabulary knows.
        swaps = {word: swapped_neighbours(word) for word in candidates}
        known = set(connection.scalars(select(terms.c.term).where(
            terms.c.tenant_id == tenant_id, terms.c.generation == generation,
            terms.c.term.in_(sorted(set(candidates).union(*swaps.values()))))))
        unknown = [word for word in candidates if word not in known][:CORRECTED_WORDS]
        corrections = {}
        for word in unknown:
            nearby = self.dialect.correction_candidates(connection, tenant_id, generation, word)
            corrections[word] = best_corrections(
                word, [*nearby, *swaps[word] & known])
        return with_corrections(clauses, corrections)

    def _filters(self, tenant_id: str, generation: int,
                 query: SearchQuery) -> list[ColumnElement[bool]]:
        conditions: list[ColumnElement[bool]] = [
            documents.c.tenant_id == tenant_id, documents.c.generation == generation]
        skills = sorted({normalise_value(skill) for skill in query.skills or []} - {""})
        for skill in skills[:MAX_SKILL_FILTERS]:
            conditions.append(documents.c.skill_keys.like(
                f"%\n{like_escape(skill)}\n%", escape="\\"))
        for column, wanted in ((documents.c.company_keys, query.company),
                               (documents.c.title_keys, query.title),
                               (documents.c.location_key, query.location)):
            key = normalise_value(wanted)
            if key:
                conditions.append(column.like(f"%{like_escape(key)}%", escape="\\"))
        return conditions

    def _page_ids(self, connection: Connection, conditions: list[ColumnElement[bool]],
                  match: TextMatch | None, page: int, per_page: int) -> list[str]:
        """The page's candidate ids: relevance order inside the rank window, recency after."""
        recency = (documents.c.updated_at.desc(), documents.c.candidate_id)
        start, end = page * per_page, (page + 1) * per_page
        if match is None:
            return list(connection.scalars(
                select(documents.c.candidate_id).where(*conditions).order_by(*recency)
                .offset(start).limit(per_page)))
        ids: list[str] = []
        if start < self.rank_window:
            window = (select(documents.c.id).select_from(match.from_).where(*conditions)
                      .order_by(*recency).limit(self.rank_window).subquery())
            ranked = (select(documents.c.candidate_id).select_from(match.rank_from)
                      .where(documents.c.id.in_(select(window.c.id)))
                      .order_by(match.rank.desc(), *recency)
                      .offset(start).limit(min(end, self.rank_window) - start))
            if match.rank_condition is not None:
                ranked = ranked.where(match.rank_condition)
            ids += connection.scalars(ranked)
        if end > self.rank_window:
            first = max(start, self.rank_window)
            ids += connection.scalars(
                select(documents.c.candidate_id).select_from(match.from_).where(*conditions)
                .order_by(*recency).offset(first).limit(end - first))
        return ids

    def _hits(self, connection: Connection, tenant_id: str, generation: int,
              match: TextMatch | None, ids: list[str]) -> list[SearchHit]:
        if not ids:
            return []
        columns: list[Any] = [documents.c.candidate_id, documents.c.name, documents.c.headline,
                              documents.c.skills]
        statement = select(*columns)
        if match is not None:
            statement = select(*columns, *(expression.label(f"h_{field}")
                                           for field, expression in match.highlights.items()))
            statement = statement.select_from(match.rank_from)
            if match.rank_condition is not None:
                statement = statement.where(match.rank_condition)
        statement = statement.where(documents.c.tenant_id == tenant_id,
                                    documents.c.generation == generation,
                                    documents.c.candidate_id.in_(ids))
        by_id = {}
        for row in connection.execute(statement).mappings():
            highlights = {}
            if match is not None:
                for field in match.highlights:
                    rendered = render_highlight(row[f"h_{field}"],
                                                list_field=field in LIST_FIELDS)
                    if rendered is not None:
                        highlights[field] = rendered
            by_id[row["candidate_id"]] = SearchHit(
                id=row["candidate_id"], name=row["name"], headline=row["headline"],
                skills=row["skills"].split("\n") if row["skills"] else [],
                highlights=highlights)
        return [by_id[candidate_id] for candidate_id in ids if candidate_id in by_id]


# ---------------------------------------------------------------------------------- helpers


@contextmanager
def _unavailable() -> Iterator[None]:
    """A database that cannot be reached (or, on SQLite, stays locked) is SearchUnavailable:
    the job keeps the work pending and retries."""
    try:
        yield
    except OperationalError as exc:
        reason = type(exc.orig).__name__ if exc.orig is not None else type(exc).__name__
        raise SearchUnavailable(f"search database unavailable ({reason})") from exc


def _latest_by_id(tenant: TenantRef, records: Iterable[SearchRecord]) -> list[SearchRecord]:
    """The records in id order, the last of each id winning; a record of another tenant is a
    bug in the caller, refused before anything is written."""
    latest: dict[str, SearchRecord] = {}
    for record in records:
        if record.tenant_id != tenant.id:
            raise ValueError("a search record of another tenant was given")
        latest[record.id] = record
    return [latest[key] for key in sorted(latest)]


def _batches(records: Iterable[SearchRecord], size: int) -> Iterator[list[SearchRecord]]:
    iterator = iter(records)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def _chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _text(value: str | None, limit: int = MAX_FIELD_CHARS) -> str | None:
    cleaned = clean(value).strip()
    return cleaned[:limit] or None


def _list(items: Iterable[str] | None) -> list[str]:
    """A list field's values: one line each, trimmed, duplicates (ignoring case) dropped."""
    seen: set[str] = set()
    kept = []
    for item in items or []:
        value = " ".join(clean(item).split())[:MAX_VALUE_CHARS]
        if value and value.lower() not in seen:
            seen.add(value.lower())
            kept.append(value)
    return kept


def _utc(value: datetime | None) -> datetime:
    if value is None:
        return datetime.now(UTC)
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def _document_row(tenant_id: str, generation: int, record: SearchRecord) -> dict[str, Any]:
    return {
        "tenant_id": tenant_id,
        "generation": generation,
        "candidate_id": record.id,
        "name": _text(record.name),
        "headline": _text(record.headline),
        "location": _text(record.location),
        "skills": "\n".join(_list(record.skills)) or None,
        "titles": "\n".join(_list(record.titles)) or None,
        "companies": "\n".join(_list(record.companies)) or None,
        "location_key": normalise_value(record.location)[:MAX_FIELD_CHARS] or None,
        "skill_keys": _keys(record.skills),
        "company_keys": _keys(record.companies),
        "title_keys": _keys([*record.titles, record.headline]),
        "summary": _text(record.summary, MAX_SUMMARY_CHARS),
        "text": _text(record.text, MAX_TEXT_CHARS),
        "updated_at": _utc(record.updated_at),
    }


def _facet_rows(tenant_id: str, generation: int, record: SearchRecord) -> list[dict[str, Any]]:
    """Skills and companies as facet value rows (SQLite only)."""
    return [{"tenant_id": tenant_id, "generation": generation, "candidate_id": record.id,
             "kind": kind, "value_key": normalise_value(value)[:MAX_VALUE_CHARS], "value": value}
            for kind, items in (("skill", record.skills), ("company", record.companies))
            for value in _list(items)]


def _keys(items: Iterable[str | None]) -> str | None:
    """A list's filter keys, one per line and a newline at each end (see schema.documents)."""
    keys = [normalise_value(item) for item in _list(item for item in items if item)]
    return "\n" + "\n".join(keys) + "\n" if keys else None


def _terms(record: SearchRecord) -> set[str]:
    """The record's words for the typo vocabulary (3+ letters, not bare numbers)."""
    found: set[str] = set()
    for field in (record.name, record.headline, record.location, record.summary, record.text,
                  *record.skills, *record.titles, *record.companies):
        found.update(word for word in words(clean(field)[:MAX_TEXT_CHARS])
                     if len(word) >= MIN_TERM_CHARS and not word.isdigit())
    return found
