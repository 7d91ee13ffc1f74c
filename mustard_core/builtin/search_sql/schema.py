"""The SQL search provider's own tables, and the one place their DDL is written.

The provider keeps its tables apart from the core's models (its own MetaData, names prefixed
`sqlsearch_`) because it is a replaceable plugin: a deployment on Algolia never has them, and the
core never queries them. Migration 0002 and the tests both call `create_search_tables`, so the
schema cannot drift between what is migrated and what is tested. A later change to these tables
needs its own migration (this module then describes the newest schema, and 0002 must keep
creating the first one).

Every table carries `tenant_id`, and documents, vocabulary, build markers and facet values also
carry a `generation`: the tenant's live index is one generation, and a full reindex writes the
next one beside it and switches `sqlsearch_state.live_generation` in one short transaction.

Filters read lower-cased key columns of the document row itself (no join): a join's plan depends
on table statistics, and on a freshly loaded table PostgreSQL picked nested loops that took
seconds for a few thousand rows.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Connection,
    DateTime,
    Engine,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)

TS_CONFIG = "english"
"""PostgreSQL text search configuration: stems English words and drops stop words (the
generated `search_vector` column below names it too)."""

metadata = MetaData()

state = Table(
    "sqlsearch_state",
    metadata,
    Column("tenant_id", String(64), primary_key=True),
    Column("live_generation", Integer, nullable=False),
    Column("building_generation", Integer, nullable=True),
)
"""One row per tenant: which generation searches read, and which one a reindex is building."""

documents = Table(
    "sqlsearch_documents",
    metadata,
    # An integer key so SQLite's FTS5 table can use it as its content rowid.
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True,
           autoincrement=True),
    Column("tenant_id", String(64), nullable=False),
    Column("generation", Integer, nullable=False),
    Column("candidate_id", String(64), nullable=False),
    Column("name", Text),
    Column("headline", Text),
    Column("location", Text),
    Column("skills", Text),  # list fields are stored one value per line, as written
    Column("titles", Text),
    Column("companies", Text),
    # Filter keys: lower-cased, whitespace collapsed; list keys one per line with a newline at
    # each end, so LIKE '%\npython\n%' is an exact value and LIKE '%rand%' a substring.
    Column("location_key", Text),
    Column("skill_keys", Text),
    Column("company_keys", Text),
    Column("title_keys", Text),  # the headline counts as a title
    Column("summary", Text),
    Column("text", Text),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("tenant_id", "generation", "candidate_id",
                     name="uq_sqlsearch_documents_candidate"),
    Index("ix_sqlsearch_documents_recent", "tenant_id", "generation", "updated_at"),
)

facet_values = Table(
    "sqlsearch_facet_values",
    metadata,
    Column("tenant_id", String(64), nullable=False),
    Column("generation", Integer, nullable=False),
    Column("candidate_id", String(64), nullable=False),
    Column("kind", String(16), nullable=False),  # "skill" | "company"
    Column("value_key", String(300), nullable=False),  # lower-cased, whitespace collapsed
    Column("value", String(300), nullable=False),  # as written, for the facet label
    PrimaryKeyConstraint("tenant_id", "generation", "candidate_id", "kind", "value_key",
                         name="pk_sqlsearch_facet_values"),
)
"""SQLite only: one row per skill and company of a document, to count facets (SQLite has no
function splitting the one-per-line columns; PostgreSQL splits them with string_to_array)."""

terms = Table(
    "sqlsearch_terms",
    metadata,
    Column("tenant_id", String(64), nullable=False),
    Column("generation", Integer, nullable=False),
    Column("term", String(64), nullable=False),
    PrimaryKeyConstraint("tenant_id", "generation", "term", name="pk_sqlsearch_terms"),
)
"""The tenant's vocabulary (every indexed word), for typo correction. Only ever grows until the
next reindex: a word whose last document was deleted costs a useless expansion, nothing more."""

touched = Table(
    "sqlsearch_touched",
    metadata,
    Column("tenant_id", String(64), nullable=False),
    Column("generation", Integer, nullable=False),
    Column("candidate_id", String(64), nullable=False),
    PrimaryKeyConstraint("tenant_id", "generation", "candidate_id", name="pk_sqlsearch_touched"),
)
"""Candidates indexed or deleted while a reindex builds `generation`: the build's own (possibly
older) copy of them is skipped, so a change made during a reindex is never undone by it."""

synonyms = Table(
    "sqlsearch_synonyms",
    metadata,
    Column("tenant_id", String(64), nullable=False),
    Column("position", Integer, nullable=False),
    Column("set_id", String(200), nullable=False),
    Column("type", String(20), nullable=False),  # "synonym" | "onewaysynonym"
    Column("input", Text),
    Column("synonyms", JSON, nullable=False),
    PrimaryKeyConstraint("tenant_id", "position", name="pk_sqlsearch_synonyms"),
)



def generation_tables(dialect_name: str) -> tuple[Table, ...]:
    """The tables whose rows belong to one generation of a tenant's index."""
    common = (documents, terms, touched)
    return (*common, facet_values) if dialect_name == "sqlite" else common


def tenant_tables(dialect_name: str) -> tuple[Table, ...]:
    """Every table holding a tenant's rows on this dialect."""
    return (*generation_tables(dialect_name), synonyms, state)

fts_metadata = MetaData()
fts = Table(
    "sqlsearch_documents_fts",
    fts_metadata,
    Column("rowid", Integer),
    Column("name", Text),
    Column("headline", Text),
    Column("location", Text),
    Column("skills", Text),
    Column("titles", Text),
    Column("companies", Text),
    Column("summary", Text),
    Column("text", Text),
)
"""SQLite only: the FTS5 index over `sqlsearch_documents` (created by raw DDL below, described
here so statements can name its columns). Column order matters: highlight() takes an index."""

FTS_COLUMNS = ("name", "headline", "location", "skills", "titles", "companies", "summary", "text")

POSTGRESQL_DDL = (
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    # Weights: name and skills count most (A), then titles and headline (B), then the rest.
    """ALTER TABLE sqlsearch_documents ADD COLUMN IF NOT EXISTS search_vector tsvector
    GENERATED ALWAYS AS (
        setweight(to_tsvector('english'::regconfig, coalesce(name, '')), 'A')
        || setweight(to_tsvector('english'::regconfig, coalesce(skills, '')), 'A')
        || setweight(to_tsvector('english'::regconfig, coalesce(titles, '')), 'B')
        || setweight(to_tsvector('english'::regconfig, coalesce(headline, '')), 'B')
        || setweight(to_tsvector('english'::regconfig, coalesce(companies, '')), 'C')
        || setweight(to_tsvector('english'::regconfig, coalesce(location, '')), 'C')
        || setweight(to_tsvector('english'::regconfig, coalesce(summary, '')), 'C')
        || setweight(to_tsvector('english'::regconfig, coalesce(text, '')), 'D')
    ) STORED""",
    "CREATE INDEX IF NOT EXISTS ix_sqlsearch_documents_vector "
    "ON sqlsearch_documents USING gin (search_vector)",
    # Trigram indexes answer the filters' LIKE '%...%' (3+ characters) without a scan.
    "CREATE INDEX IF NOT EXISTS ix_sqlsearch_documents_location_trgm "
    "ON sqlsearch_documents USING gin (location_key gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS ix_sqlsearch_documents_skill_trgm "
    "ON sqlsearch_documents USING gin (skill_keys gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS ix_sqlsearch_documents_company_trgm "
    "ON sqlsearch_documents USING gin (company_keys gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS ix_sqlsearch_documents_title_trgm "
    "ON sqlsearch_documents USING gin (title_keys gin_trgm_ops)",
    # No pending list: every index and search looks its words up here (migration 0004).
    "CREATE INDEX IF NOT EXISTS ix_sqlsearch_terms_trgm "
    "ON sqlsearch_terms USING gin (term gin_trgm_ops) WITH (fastupdate = off)",
)

PENDING_LIST_INDEXES = (
    "ix_sqlsearch_documents_vector", "ix_sqlsearch_documents_location_trgm",
    "ix_sqlsearch_documents_skill_trgm", "ix_sqlsearch_documents_company_trgm",
    "ix_sqlsearch_documents_title_trgm",
)
"""PostgreSQL: the documents' GIN indexes, whose pending lists a reindex fills (fastupdate is
left on for them: it makes the bulk writes of a reindex cheaper)."""

SQLITE_DDL = (
    # External content: the text is stored once (in sqlsearch_documents), FTS5 keeps the index;
    # the triggers keep the two in step inside the writer's transaction.
    """CREATE VIRTUAL TABLE IF NOT EXISTS sqlsearch_documents_fts USING fts5(
        name, headline, location, skills, titles, companies, summary, text,
        content='sqlsearch_documents', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER IF NOT EXISTS sqlsearch_documents_ai
    AFTER INSERT ON sqlsearch_documents BEGIN
        INSERT INTO sqlsearch_documents_fts
            (rowid, name, headline, location, skills, titles, companies, summary, text)
        VALUES (new.id, new.name, new.headline, new.location, new.skills, new.titles,
                new.companies, new.summary, new.text);
    END""",
    """CREATE TRIGGER IF NOT EXISTS sqlsearch_documents_ad
    AFTER DELETE ON sqlsearch_documents BEGIN
        INSERT INTO sqlsearch_documents_fts (sqlsearch_documents_fts,
            rowid, name, headline, location, skills, titles, companies, summary, text)
        VALUES ('delete', old.id, old.name, old.headline, old.location, old.skills, old.titles,
                old.companies, old.summary, old.text);
    END""",
    """CREATE TRIGGER IF NOT EXISTS sqlsearch_documents_au
    AFTER UPDATE ON sqlsearch_documents BEGIN
        INSERT INTO sqlsearch_documents_fts (sqlsearch_documents_fts,
            rowid, name, headline, location, skills, titles, companies, summary, text)
        VALUES ('delete', old.id, old.name, old.headline, old.location, old.skills, old.titles,
                old.companies, old.summary, old.text);
        INSERT INTO sqlsearch_documents_fts
            (rowid, name, headline, location, skills, titles, companies, summary, text)
        VALUES (new.id, new.name, new.headline, new.location, new.skills, new.titles,
                new.companies, new.summary, new.text);
    END""",
)

SQLITE_DROP = (
    "DROP TRIGGER IF EXISTS sqlsearch_documents_au",
    "DROP TRIGGER IF EXISTS sqlsearch_documents_ad",
    "DROP TRIGGER IF EXISTS sqlsearch_documents_ai",
    "DROP TABLE IF EXISTS sqlsearch_documents_fts",
)


def check_dialect(name: str) -> None:
    if name not in ("postgresql", "sqlite"):
        raise ValueError(f"the sql search provider supports PostgreSQL and SQLite, not {name}")


def create_search_tables(bind: Engine | Connection) -> None:
    """Create the provider's tables and indexes if missing (idempotent).

    Takes an engine (tests) or the migration's connection (Alembic, inside its transaction).
    On PostgreSQL this runs CREATE EXTENSION pg_trgm, which needs a role allowed to create it.
    """
    if isinstance(bind, Engine):
        with bind.begin() as connection:
            _create(connection)
    else:
        _create(bind)


def drop_search_tables(bind: Engine | Connection) -> None:
    """Drop everything `create_search_tables` made except the pg_trgm extension (others may use
    it)."""
    if isinstance(bind, Engine):
        with bind.begin() as connection:
            _drop(connection)
    else:
        _drop(bind)


def _create(connection: Connection) -> None:
    check_dialect(connection.dialect.name)
    metadata.create_all(connection, tables=list(tenant_tables(connection.dialect.name)),
                        checkfirst=True)
    extra = POSTGRESQL_DDL if connection.dialect.name == "postgresql" else SQLITE_DDL
    for statement in extra:
        connection.execute(text(statement))


def _drop(connection: Connection) -> None:
    check_dialect(connection.dialect.name)
    if connection.dialect.name == "sqlite":
        for statement in SQLITE_DROP:
            connection.execute(text(statement))
    metadata.drop_all(connection, checkfirst=True)
