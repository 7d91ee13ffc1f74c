"""Alembic environment: migrations run on the connection `mustard migrate` hands over."""

from alembic import context
from sqlalchemy.types import JSON

from mustard_core.models import Base
from mustard_core.models.base import UTCDateTime


def render_item(type_, obj, autogen_context):
    """Write our custom column types as plain SQLAlchemy ones, so revisions import nothing of
    the app (a revision must keep working when the models move on)."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    if type_ == "type" and isinstance(obj, JSON):
        autogen_context.imports.add("from sqlalchemy.dialects import postgresql")
        return "sa.JSON().with_variant(postgresql.JSONB(), 'postgresql')"
    return False


def include_name(name, type_, parent_names):
    """The built-in search provider owns its `sqlsearch_*` tables (migration 0002 creates them
    from its schema module); autogenerate must not propose dropping them."""
    return not (type_ == "table" and name and name.startswith("sqlsearch_"))


connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata,
                  render_as_batch=connection.dialect.name == "sqlite", render_item=render_item,
                  include_name=include_name)
with context.begin_transaction():
    context.run_migrations()
