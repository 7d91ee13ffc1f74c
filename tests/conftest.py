"""Fixtures for the core's tests: real databases (SQLite and PostgreSQL), the app, factories.

Every API test runs once per backend. Each backend gets its own fresh, migrated database for the
session (PostgreSQL: a uniquely named database on 127.0.0.1, dropped at the end), and every test
starts from empty tables. Services that are missing make the run fail, never skip.
"""

from __future__ import annotations

import logging
import os
import uuid
from collections.abc import Iterator
from datetime import timedelta

import pytest
import redis
import sqlalchemy as sa
import webtest

from mustard_core.migrate import upgrade
from mustard_core.models import Role, Tenant, User
from mustard_core.platform import Platform, build_platform
from mustard_core.security import issue_token
from mustard_core.services.users import create_tenant, create_user
from mustard_core.tenancy import ALL_TENANTS
from tests import processes
from tests.helpers import SENSITIVE, TEST_PASSWORD, Client, SensitiveLog, remember_secret

PG_ADMIN_URL = os.environ.get("MUSTARD_TEST_PG", "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("MUSTARD_TEST_REDIS", "redis://127.0.0.1:6379/0")
RUN_ID = uuid.uuid4().hex[:10]


@pytest.fixture(autouse=True)
def no_secrets_in_logs():
    handler = SensitiveLog()
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    SENSITIVE.clear()
    SENSITIVE.add(TEST_PASSWORD)
    yield
    root.removeHandler(handler)
    root.setLevel(old_level)
    leaks = [(secret, line) for line in handler.lines for secret in SENSITIVE if secret in line]
    assert not leaks, f"secret or PII in logs: {leaks[:3]}"


# --------------------------------------------------------------------------- services


def require_postgres() -> sa.Engine:
    engine = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
    except sa.exc.OperationalError as exc:
        pytest.fail(f"PostgreSQL is required at {PG_ADMIN_URL}: {exc}", pytrace=False)
    return engine


def require_redis() -> redis.Redis:
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.RedisError as exc:
        pytest.fail(f"Redis is required at {REDIS_URL}: {exc}", pytrace=False)
    return client


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    admin = require_postgres()
    with processes.throwaway_database(admin, "mustard_test") as url:
        yield url
    admin.dispose()


def base_settings(url: str, tmp: str, **extra) -> dict:
    settings = {
        "sqlalchemy.url": url,
        "mustard.secret_key": "test-secret-key-0123456789-abcdefghijklmnop",
        "mustard.env": "test",
        "mustard.jobs.runner": "inprocess",
        "mustard.storage.local.root": os.path.join(tmp, "files"),
        "mustard.cors.origins": "https://app.example.com",
        "redis.url": REDIS_URL,
        "celery.queue": f"mustard-test-{RUN_ID}",
        "mustard.jobs.retry_base_seconds": "1",
    }
    settings.update(extra)
    settings["_explicit"] = list(settings)
    return settings


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def backend(request) -> str:
    return request.param


@pytest.fixture(scope="session")
def platform_by_backend(tmp_path_factory) -> Iterator[dict[str, Platform]]:
    """Platforms are built lazily per backend and kept for the session."""
    built: dict[str, Platform] = {}
    yield built
    for platform in built.values():
        platform.dispatcher.stop()
        platform.engine.dispose()


@pytest.fixture
def platform(backend, platform_by_backend, tmp_path_factory, request) -> Iterator[Platform]:
    if backend not in platform_by_backend:
        require_redis()
        tmp = str(tmp_path_factory.mktemp(f"platform-{backend}"))
        if backend == "sqlite":
            url = f"sqlite:///{tmp}/mustard.sqlite"
        else:
            url = request.getfixturevalue("postgres_url")
        platform = build_platform(base_settings(url, tmp))
        upgrade(platform.engine)
        platform_by_backend[backend] = platform
    platform = platform_by_backend[backend]
    yield platform
    platform.dispatcher.drain(timeout=30, include_delayed=False)
    empty_database(platform)


def empty_database(platform: Platform) -> None:
    engine = platform.engine
    tables = [t for t in sa.inspect(engine).get_table_names() if t != "alembic_version"]
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(sa.text("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " CASCADE"))
        else:
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            for table in tables:
                if not table.startswith("sqlite_") and "_fts_" not in table:
                    conn.execute(sa.text(f'DELETE FROM "{table}"'))  # noqa: S608 (our tables)
            conn.exec_driver_sql("PRAGMA foreign_keys=ON")


@pytest.fixture
def app(platform) -> webtest.TestApp:
    from mustard_core.app import make_app

    return webtest.TestApp(make_app(None, platform=platform))


# --------------------------------------------------------------------------- factories


class Factory:
    """Builds rows directly (no HTTP), each in its own committed transaction."""

    def __init__(self, platform: Platform):
        self.platform = platform

    def tenant(self, slug: str | None = None, **settings) -> Tenant:
        slug = slug or f"t-{uuid.uuid4().hex[:8]}"
        with self.platform.session(ALL_TENANTS) as session:
            return create_tenant(session, name=f"Agency {slug}", slug=slug, settings=settings)

    def user(self, tenant: Tenant | None, role: str = "recruiter", *, superadmin=False,
             password: str | None = None, email: str | None = None) -> User:
        email = email or f"{role}-{uuid.uuid4().hex[:8]}@agency.example"
        with self.platform.session(ALL_TENANTS) as session:
            tenant_row = session.get(Tenant, tenant.id) if tenant else None
            if password:
                return create_user(session, self.platform.passwords, tenant=tenant_row,
                                   email=email, password=password, role=role,
                                   superadmin=superadmin)
            return create_user(session, self.platform.passwords, tenant=tenant_row,
                               email=email, password=None, role=role, superadmin=superadmin,
                               password_hash="!")

    def token(self, user: User) -> str:
        with self.platform.session(ALL_TENANTS) as session:
            row_user = session.get(User, user.id)
            token, row = issue_token(row_user, name="test", ttl=timedelta(hours=1))
            session.add(row)
        return remember_secret(token)


@pytest.fixture
def factory(platform) -> Factory:
    return Factory(platform)


@pytest.fixture
def tenant(factory) -> Tenant:
    return factory.tenant()


@pytest.fixture
def as_role(app, factory, tenant):
    """as_role("recruiter") -> a Client signed in as a new user of that role in `tenant`."""

    def make(role: str = "recruiter", in_tenant: Tenant | None = None) -> Client:
        user = factory.user(in_tenant or tenant, role)
        return Client(app, factory.token(user))

    return make


@pytest.fixture
def recruiter(as_role) -> Client:
    return as_role("recruiter")


@pytest.fixture
def ops(as_role) -> Client:
    return as_role("ops")


@pytest.fixture
def anonymous(app) -> Client:
    return Client(app, None)


@pytest.fixture
def roles_enum():
    return Role
