"""Reindexing with the SQL provider: streamed in batches, never seen half-built, never undoing a
change made while it runs. Every test runs on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from mustard_core.builtin.search_sql import ReindexSuperseded, SqlSearch, schema
from mustard_core.roles import SearchQuery, SearchRecord, SynonymSet, TenantRef
from mustard_core.testing import samples

BATCH = 50
N_NEW = 180  # more than three batches, the last one partial


def new_records(tenant: TenantRef, count: int = N_NEW, skill: str = "Haskell"):
    for n in range(count):
        yield SearchRecord(id=f"n-{n:04d}", tenant_id=tenant.id, name=f"New Person {n}",
                           skills=[skill], text=f"cobol and {skill.lower()} person {n}",
                           updated_at=datetime(2026, 2, 1, tzinfo=UTC))


class Counting:
    """An iterator that counts what has been taken from it."""

    def __init__(self, records: Iterator[SearchRecord]):
        self.records = records
        self.taken = 0

    def __iter__(self):
        return self

    def __next__(self) -> SearchRecord:
        record = next(self.records)
        self.taken += 1
        return record


@pytest.fixture
def search(make_search) -> SqlSearch:
    return make_search(batch_size=BATCH)


@pytest.fixture
def indexed(search, tenant_factory) -> TenantRef:
    tenant = tenant_factory(search)
    search.index(tenant, samples.records(tenant.id))
    return tenant


def total(search: SqlSearch, tenant: TenantRef, **query) -> int:
    return search.search(tenant, SearchQuery(**query)).total


def rows_of(search: SqlSearch, tenant: TenantRef) -> int:
    """Document rows the tenant has in every generation (leftovers included)."""
    documents = schema.documents
    with search.engine.connect() as connection:
        return connection.scalar(select(func.count()).select_from(documents)
                                 .where(documents.c.tenant_id == tenant.id))


def test_reindex_streams_in_batches_and_switches_at_the_end(search, indexed):
    stream = Counting(new_records(indexed))
    calls: list[tuple[int, int, int]] = []

    def progress(done: int) -> None:
        # Readers still see the old index while the new one is being written.
        calls.append((done, stream.taken, total(search, indexed)))
        assert total(search, indexed, q="haskell") == 0

    sets = [SynonymSet(id="s", type="synonym", synonyms=["cobol", "mainframe"])]
    search.reindex(indexed, stream, sets, progress)

    assert calls == [(50, 50, 3), (100, 100, 3), (150, 150, 3), (180, 180, 3)]
    assert total(search, indexed) == N_NEW
    assert total(search, indexed, q="grace") == 0
    assert total(search, indexed, q="mainframe") == N_NEW  # the synonyms came with it
    assert total(search, indexed, skills=["haskell"]) == N_NEW
    assert rows_of(search, indexed) == N_NEW  # the old generation is gone


def test_reindex_of_nothing_empties_the_index(search, indexed):
    seen: list[int] = []
    search.reindex(indexed, iter([]), [], seen.append)
    assert seen == [0]
    assert total(search, indexed) == 0


def test_a_failing_reindex_leaves_the_old_index(search, indexed):
    def broken():
        yield from new_records(indexed, 70)
        raise RuntimeError("the database cursor went away")

    with pytest.raises(RuntimeError):
        search.reindex(indexed, broken(), [], lambda done: None)
    assert total(search, indexed) == 3
    assert total(search, indexed, q="haskell") == 0
    assert rows_of(search, indexed) == 3  # the half-built generation was removed
    search.reindex(indexed, new_records(indexed, 10), [], lambda done: None)
    assert total(search, indexed) == 10


def test_changes_during_a_reindex_are_not_undone(search, indexed):
    stale = list(new_records(indexed))
    changed = SearchRecord(id="n-0150", tenant_id=indexed.id, name="Changed Person",
                           skills=["Rust"], updated_at=datetime(2026, 3, 1, tzinfo=UTC))

    def progress(done: int) -> None:
        if done == BATCH:
            # While the reindex runs: n-0150 changes and n-0160 is erased; the stream (read
            # before) still holds their old versions, which it writes in later batches.
            search.index(indexed, [changed])
            search.delete(indexed, ["n-0160"])
            assert total(search, indexed, skills=["rust"]) == 1  # live at once, too

    search.reindex(indexed, iter(stale), [], progress)
    assert total(search, indexed) == N_NEW - 1
    assert {hit.id for hit in search.search(indexed, SearchQuery(skills=["Rust"])).hits} == {
        "n-0150"}
    assert total(search, indexed, q="person 160") == 0
    assert total(search, indexed, skills=["haskell"]) == N_NEW - 2


def test_a_newer_reindex_supersedes_a_running_one(search, indexed):
    def progress(done: int) -> None:
        if done == BATCH:
            search.reindex(indexed, new_records(indexed, 5, skill="Erlang"), [],
                           lambda done: None)

    with pytest.raises(ReindexSuperseded):
        search.reindex(indexed, new_records(indexed), [], progress)
    assert total(search, indexed) == 5
    assert total(search, indexed, skills=["erlang"]) == 5
    assert rows_of(search, indexed) == 5


def test_clear_during_a_reindex_wins(search, indexed):
    def progress(done: int) -> None:
        if done == BATCH:
            search.clear(indexed)

    with pytest.raises(ReindexSuperseded):
        search.reindex(indexed, new_records(indexed), [], progress)
    assert total(search, indexed) == 0
    assert rows_of(search, indexed) == 0


def test_reindex_refuses_bad_synonyms_before_writing(search, indexed):
    stream = Counting(new_records(indexed))
    with pytest.raises(ValueError):
        search.reindex(indexed, stream, [SynonymSet(id="s", type="nope", synonyms=[])],
                       lambda done: None)
    assert stream.taken == 0
    assert total(search, indexed) == 3


def test_reindex_only_touches_its_tenant(search, indexed, tenant_factory):
    other = tenant_factory(search, "other")
    search.index(other, samples.records(other.id))
    search.set_synonyms(other, [SynonymSet(id="s", type="synonym", synonyms=["cobol", "mf"])])
    search.reindex(indexed, new_records(indexed, 20), [], lambda done: None)
    assert total(search, other) == 3
    assert total(search, other, q="mf") == 1


def test_concurrent_writers_neither_deadlock_nor_lose_records(search, tenant_factory):
    tenant = tenant_factory(search)
    records = list(new_records(tenant, 60))
    errors: list[BaseException] = []

    def writer(seed: int) -> None:
        mine = records[seed::2] + records[::-1]  # overlapping, in different orders
        try:
            for start in range(0, len(mine), 15):
                search.index(tenant, mine[start:start + 15])
                search.delete(tenant, [mine[start].id])
                search.index(tenant, [mine[start]])
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(seed,)) for seed in range(4)]
    for thread in threads:
        thread.start()
    search.reindex(tenant, iter(records), [], lambda done: None)
    for thread in threads:
        thread.join()
    assert errors == []
    assert total(search, tenant) == 60
    assert total(search, tenant, skills=["haskell"]) == 60


def test_a_reindex_leaves_no_gin_pending_list_behind(pg_engine, tenant_factory):
    """PostgreSQL: the documents' GIN indexes buffer insertions in a pending list that every
    index scan reads; a reindex merges them when it switches, so the next searches are fast."""
    def merge_pending() -> int:
        with pg_engine.begin() as connection:
            return sum(connection.scalar(select(func.gin_clean_pending_list(
                func.to_regclass(index)))) for index in schema.PENDING_LIST_INDEXES)

    search = SqlSearch(pg_engine, batch_size=BATCH)
    tenant = tenant_factory(search)
    search.index(tenant, list(new_records(tenant)))
    assert merge_pending() > 0  # ordinary writes leave pending entries (fastupdate is on)
    search.reindex(tenant, new_records(tenant, skill="Erlang"), [], lambda done: None)
    assert merge_pending() == 0
    assert search.search(tenant, SearchQuery(q="erlang")).total == N_NEW
