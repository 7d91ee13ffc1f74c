"""Database engine and sessions: one session per request, joined to the request's transaction."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import zope.sqlalchemy
from pyramid.config import Configurator
from pyramid.request import Request
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker


def make_engine(settings: Mapping[str, Any]) -> Engine:
    url = settings["sqlalchemy.url"]
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin_immediate)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10,
                         connect_args={"connect_timeout": 5})


def _sqlite_pragmas(dbapi_connection: Any, record: Any) -> None:
    # The embedded default runs jobs in a thread beside the web server: WAL lets readers proceed
    # while a job writes, and foreign keys make ON DELETE CASCADE behave as on PostgreSQL.
    dbapi_connection.isolation_level = None  # let SQLAlchemy's "begin" event issue BEGIN
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _sqlite_begin_immediate(connection: Any) -> None:
    # A transaction that will write takes the write lock at BEGIN (`sqlite_immediate`), so
    # writers queue on busy_timeout instead of failing when a read snapshot must be upgraded
    # after another writer committed. Read-only transactions begin deferred: with WAL they
    # never block anyone, which lets a long reindex read while jobs and requests write.
    immediate = connection.get_execution_options().get("sqlite_immediate")
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def writer(engine: Engine) -> Engine:
    """The engine as seen by transactions that write (SQLite: they BEGIN IMMEDIATE). The
    transaction still begins lazily, on the session's first statement."""
    return engine.execution_options(sqlite_immediate=True)


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions bind to the writer engine unless given `bind=engine` for a read."""
    return sessionmaker(bind=writer(engine), expire_on_commit=False)


def request_session(request: Request) -> Session:
    """The request's session, committed or rolled back with the request by pyramid_tm."""
    factory = request.registry["db.sessionmaker"]
    if request.method in {"GET", "HEAD", "OPTIONS"}:
        session = factory(bind=request.registry["db.engine"])
    else:
        session = factory()
    zope.sqlalchemy.register(session, transaction_manager=request.tm)
    return session


def includeme(config: Configurator) -> None:
    config.include("pyramid_tm")
    platform = config.registry["platform"]
    config.registry["db.engine"] = platform.engine
    config.registry["db.sessionmaker"] = platform.sessionmaker
    config.add_request_method(request_session, "db", reify=True)
