"""The built-in SQL search provider passes the shared search conformance suite on both
databases it supports."""

import pytest

from mustard_core.builtin.search_sql import SqlSearch
from mustard_core.testing.conformance import SearchConformance


class TestSqliteSearch(SearchConformance):
    @pytest.fixture
    def search(self, sqlite_engine):
        return SqlSearch(sqlite_engine)


class TestPostgresSearch(SearchConformance):
    @pytest.fixture
    def search(self, pg_engine):
        return SqlSearch(pg_engine)
