"""Engines for the SQL search tests: a temporary SQLite file and a PostgreSQL database of our own.

The PostgreSQL database is created under a unique name on 127.0.0.1:5432 and dropped at the end
of the session; if the server is not reachable the tests fail (they are never skipped).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg2
import pytest
from psycopg2 import sql

from mustard_core.builtin.search_sql import SqlSearch, create_search_tables
from mustard_core.db import make_engine
from mustard_core.roles import TenantRef

PG_SERVER = {"host": "127.0.0.1", "port": 5432, "user": "postgres", "dbname": "postgres"}


def _admin(statement: sql.Composable) -> None:
    connection = psycopg2.connect(connect_timeout=5, **PG_SERVER)
    try:
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(statement)
    finally:
        connection.close()


@pytest.fixture(scope="session")
def sqlite_engine(tmp_path_factory):
    path = tmp_path_factory.mktemp("search-sql") / "search.sqlite"
    engine = make_engine({"sqlalchemy.url": f"sqlite:///{path}"})
    create_search_tables(engine)
    yield engine
    engine.dispose()


@contextmanager
def _throwaway_pg_database() -> Iterator[str]:
    """A new, uniquely named PostgreSQL database (its URL), dropped afterwards."""
    name = f"mustard_search_sql_{uuid.uuid4().hex[:12]}"
    _admin(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield f"postgresql+psycopg2://postgres@127.0.0.1:5432/{name}"
    finally:
        _admin(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


@pytest.fixture(scope="session")
def pg_engine():
    with _throwaway_pg_database() as url:
        engine = make_engine({"sqlalchemy.url": url})
        try:
            create_search_tables(engine)
            yield engine
        finally:
            engine.dispose()


@pytest.fixture
def throwaway_pg_url():
    """An empty PostgreSQL database of the test's own."""
    with _throwaway_pg_database() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def any_engine(request):
    """Each test using it runs once per dialect."""
    return request.getfixturevalue(f"{'sqlite' if request.param == 'sqlite' else 'pg'}_engine")


@pytest.fixture
def make_search(any_engine):
    """Build a provider on the current dialect with test-sized windows and batches."""
    def make(**options) -> SqlSearch:
        return SqlSearch(any_engine, **options)

    return make


@pytest.fixture
def tenant_factory():
    """Unique tenants, cleared from every provider they were used with after the test."""
    made: list[tuple[SqlSearch, TenantRef]] = []

    def make(search: SqlSearch, label: str = "s") -> TenantRef:
        tenant = TenantRef(id=f"t-{label}-{uuid.uuid4().hex[:8]}", slug=f"{label}-x")
        made.append((search, tenant))
        return tenant

    yield make
    for search, tenant in made:
        search.clear(tenant)

