"""sql search tables

The built-in SQL search provider's own tables (sqlsearch_*): documents with a weighted tsvector
and GIN index plus pg_trgm on PostgreSQL, an FTS5 table on SQLite. The DDL lives in the
provider (`mustard_core.builtin.search_sql.schema`), written once for this migration and the
tests alike; a later schema change gets its own migration.

Revision ID: 0002_sql_search
Revises: 0001_initial
"""

from alembic import op

from mustard_core.builtin.search_sql.schema import create_search_tables, drop_search_tables

revision = "0002_sql_search"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_search_tables(op.get_bind())


def downgrade() -> None:
    drop_search_tables(op.get_bind())
