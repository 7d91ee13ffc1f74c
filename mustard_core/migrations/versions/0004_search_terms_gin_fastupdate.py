"""sql search: no GIN pending list on the vocabulary's trigram index

Found by the benchmarks (benchmarks/RESULTS.md). Every `SqlSearch.index` call looks its words
up with `term IN (...)` (about 100 words for one CV), and every search looks up its query words
the same way. PostgreSQL answers that equality from the trigram GIN index, running one index
scan per word, and each scan reads the whole GIN pending list (up to 4 MB of not yet merged
insertions, filled by every reindex, merged only when full or by VACUUM): one CV's lookup took
100-220 ms instead of 1.5 ms. With fastupdate off, insertions go straight into the index (new
words are few) and there is no pending list to read.

PostgreSQL only; SQLite has no such index.

Revision ID: 0004_search_terms_gin_fastupdate
Revises: 0003_resumes
"""

from alembic import op

revision = "0004_search_terms_gin_fastupdate"
down_revision = "0003_resumes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER INDEX IF EXISTS ix_sqlsearch_terms_trgm SET (fastupdate = off)")
        # Merge what is pending now, so the next lookup does not pay for it.
        op.execute("SELECT gin_clean_pending_list(to_regclass('ix_sqlsearch_terms_trgm')) "
                   "WHERE to_regclass('ix_sqlsearch_terms_trgm') IS NOT NULL")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER INDEX IF EXISTS ix_sqlsearch_terms_trgm RESET (fastupdate)")
