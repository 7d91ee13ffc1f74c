"""How the SQL provider is found, built, migrated and checked."""

from __future__ import annotations

import importlib.util
import socket
from pathlib import Path

import pluggy
import pytest
from alembic.migration import MigrationContext
from alembic.operations import Operations
from sqlalchemy import inspect, text

import mustard_core
from mustard_core import hookspecs
from mustard_core.builtin import search_sql
from mustard_core.builtin.search_sql import SqlSearch, create_search_tables
from mustard_core.db import make_engine
from mustard_core.plugins import build_provider
from mustard_core.roles import ProviderContext, SearchQuery, SearchUnavailable, TenantRef
from mustard_core.settings import SettingsError, resolve_settings

MIGRATION = (Path(mustard_core.__file__).parent / "migrations" / "versions"
             / "0002_sql_search.py")


@pytest.fixture
def plugin_manager():
    pm = pluggy.PluginManager("mustard")
    pm.add_hookspecs(hookspecs)
    pm.register(search_sql, name="search_sql")
    return pm


def test_the_plugin_builds_the_provider_from_settings(plugin_manager, sqlite_engine):
    declared = [s for group in plugin_manager.hook.mustard_settings() for s in group]
    settings = resolve_settings(
        {"sqlalchemy.url": "sqlite://", "mustard.secret_key": "k" * 32,
         "mustard.search.sql.rank_window": "7"}, declared, environ={})
    search = build_provider(plugin_manager, "search", "sql",
                            ProviderContext(settings=settings, engine=sqlite_engine))
    assert isinstance(search, SqlSearch)
    assert search.rank_window == 7
    assert search.batch_size == 500  # the declared default


def test_the_provider_needs_an_engine(plugin_manager):
    with pytest.raises(SettingsError):
        build_provider(plugin_manager, "search", "sql", ProviderContext(settings={}))


def test_bad_sizes_are_a_settings_error(plugin_manager, sqlite_engine):
    ctx = ProviderContext(settings={"mustard.search.sql.batch_size": 0}, engine=sqlite_engine)
    with pytest.raises(SettingsError):
        build_provider(plugin_manager, "search", "sql", ctx)


def test_creating_the_tables_twice_is_harmless(any_engine):
    create_search_tables(any_engine)
    create_search_tables(any_engine)
    assert SqlSearch(any_engine).health().ok


def test_the_vocabulary_index_has_no_pending_list(pg_engine):
    """Word lookups scan the trigram index once per word; a GIN pending list would be read
    on every scan (benchmarks/RESULTS.md), so the index is created without one."""
    with pg_engine.connect() as connection:
        options = connection.execute(text(
            "SELECT reloptions FROM pg_class WHERE relname = 'ix_sqlsearch_terms_trgm'")).scalar()
    assert "fastupdate=off" in (options or [])


def _load_migration():
    spec = importlib.util.spec_from_file_location("migration_0002_sql_search", MIGRATION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database_url(request, tmp_path):
    """A database without any table, on each dialect."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'migrated.sqlite'}"
    else:
        yield request.getfixturevalue("throwaway_pg_url")


def test_migration_upgrades_and_downgrades(empty_database_url):
    migration = _load_migration()
    assert (migration.revision, migration.down_revision) == ("0002_sql_search", "0001_initial")
    engine = make_engine({"sqlalchemy.url": empty_database_url})
    try:
        with engine.begin() as connection, Operations.context(
                MigrationContext.configure(connection)):
            migration.upgrade()
        search = SqlSearch(engine)
        tenant = TenantRef(id="t-migrated", slug="migrated")
        search.index(tenant, [])
        assert search.health().ok
        assert search.search(tenant, SearchQuery(q="anything")).total == 0
        with engine.begin() as connection, Operations.context(
                MigrationContext.configure(connection)):
            migration.downgrade()
        assert not [name for name in inspect(engine).get_table_names()
                    if name.startswith("sqlsearch_")]
        assert not search.health().ok
    finally:
        engine.dispose()


def test_health_reports_missing_tables(tmp_path):
    engine = make_engine({"sqlalchemy.url": f"sqlite:///{tmp_path / 'empty.sqlite'}"})
    try:
        health = SqlSearch(engine).health()
        assert not health.ok and "unreachable" in health.detail
    finally:
        engine.dispose()


def test_an_unreachable_database_is_search_unavailable():
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    engine = make_engine({"sqlalchemy.url": f"postgresql+psycopg2://postgres@127.0.0.1:{port}/x"})
    search = SqlSearch(engine)
    tenant = TenantRef(id="t-down", slug="down")
    with pytest.raises(SearchUnavailable):
        search.search(tenant, SearchQuery(q="python"))
    with pytest.raises(SearchUnavailable):
        search.delete(tenant, ["c-1"])
    assert not search.health().ok
    engine.dispose()
