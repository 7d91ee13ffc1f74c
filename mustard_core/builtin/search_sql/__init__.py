"""The built-in SQL search provider (`mustard.search = sql`): PostgreSQL full-text search with
trigram typo correction, or SQLite FTS5, on the application's own database.

A plugin like any other: it offers the factory through `mustard_search_providers` and declares
its settings through `mustard_settings`. Its tables are created by migration 0002, which calls
`create_search_tables` (tests call it directly).
"""

from __future__ import annotations

from mustard_core import hookimpl
from mustard_core.builtin.search_sql.engine import (
    DEFAULT_BATCH_SIZE,
    DEFAULT_FACET_SAMPLE,
    DEFAULT_RANK_WINDOW,
    ReindexSuperseded,
    SqlSearch,
)
from mustard_core.builtin.search_sql.schema import create_search_tables, drop_search_tables
from mustard_core.roles import ProviderContext
from mustard_core.settings import Setting, SettingsError, as_int

__all__ = ["ReindexSuperseded", "SqlSearch", "create_search_tables", "drop_search_tables",
           "make_sql_search"]

RANK_WINDOW = "mustard.search.sql.rank_window"
BATCH_SIZE = "mustard.search.sql.batch_size"
FACET_SAMPLE = "mustard.search.sql.facet_sample"


def make_sql_search(ctx: ProviderContext) -> SqlSearch:
    """Build the provider on the application's engine."""
    if ctx.engine is None:
        raise SettingsError("malformed setting mustard.search: sql search needs the database")
    settings = ctx.settings or {}
    try:
        return SqlSearch(ctx.engine,
                         rank_window=as_int(settings.get(RANK_WINDOW, DEFAULT_RANK_WINDOW)),
                         batch_size=as_int(settings.get(BATCH_SIZE, DEFAULT_BATCH_SIZE)),
                         facet_sample=as_int(settings.get(FACET_SAMPLE, DEFAULT_FACET_SAMPLE)))
    except ValueError as exc:
        raise SettingsError(f"malformed setting mustard.search: {exc}") from exc


@hookimpl
def mustard_search_providers():
    return {"sql": make_sql_search}


@hookimpl
def mustard_settings():
    return [
        Setting(RANK_WINDOW, "MUSTARD_SEARCH_SQL_RANK_WINDOW", default=DEFAULT_RANK_WINDOW,
                parse=as_int,
                help="SQL search: how many matches (most recent first) are ranked by relevance."),
        Setting(BATCH_SIZE, "MUSTARD_SEARCH_SQL_BATCH_SIZE", default=DEFAULT_BATCH_SIZE,
                parse=as_int, help="SQL search: records written per transaction in a reindex."),
        Setting(FACET_SAMPLE, "MUSTARD_SEARCH_SQL_FACET_SAMPLE", default=DEFAULT_FACET_SAMPLE,
                parse=as_int,
                help="SQL search: facets of a query with more matches are counted over its "
                     "most recent this many."),
    ]
