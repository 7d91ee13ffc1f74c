"""Where the benchmarks run: their own PostgreSQL database, platform, tenant and token.

Other people use the same PostgreSQL and Redis at the same time, so a run creates a uniquely
named database (dropped at the end, even after a failure), uses a Redis prefix of its own (keys
under it are deleted at the end) and binds only 127.0.0.1.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import redis
import sqlalchemy as sa

from mustard_core.migrate import upgrade
from mustard_core.models import Role
from mustard_core.platform import Platform, build_platform
from mustard_core.roles import TenantRef
from mustard_core.security import issue_token
from mustard_core.services.users import create_tenant, create_user
from mustard_core.tenancy import ALL_TENANTS

PG_ADMIN_URL = os.environ.get("MUSTARD_BENCH_PG",
                              "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("MUSTARD_BENCH_REDIS", "redis://127.0.0.1:6379/0")
RUN_VARIABLE = "MUSTARD_BENCH_RUN"
SETUP_SQL_VARIABLE = "MUSTARD_BENCH_SETUP_SQL"
"""SQL run on the benchmark database after migrating it (before/after comparisons)."""
SECRET_KEY = "benchmark-only-secret-key-0123456789-abcdefghij"  # noqa: S105 (throwaway db)


@dataclass
class Workspace:
    """One benchmark run's database URL, scratch folder and Redis prefix."""

    run_id: str
    database_url: str
    folder: str

    @property
    def queue(self) -> str:
        """Also the prefix of every Redis key the platform writes (rate limits, queue)."""
        return f"mustard-bench-{self.run_id}"

    def settings(self, **extra: Any) -> dict[str, Any]:
        """Platform settings for this workspace; every key given is explicit (environment
        variables such as MUSTARD_SEARCH cannot change what is measured)."""
        settings = {
            "sqlalchemy.url": self.database_url,
            "mustard.secret_key": SECRET_KEY,
            "mustard.env": "bench",
            "mustard.jobs.runner": "inprocess",
            "mustard.storage": "local",
            "mustard.storage.local.root": os.path.join(self.folder, "files"),
            "mustard.search": "sql",
            "mustard.parser": "builtin",
            "mustard.metrics": "log",
            "mustard.cors.origins": "https://app.example.com",
            "redis.url": REDIS_URL,
            "celery.queue": self.queue,
        }
        settings.update(extra)
        settings["_explicit"] = list(settings)
        return settings


def admin_engine() -> sa.Engine:
    return sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")


@contextmanager
def workspace() -> Iterator[Workspace]:
    """A fresh migrated database and a scratch folder, removed on the way out."""
    run_id = uuid.uuid4().hex[:10]
    name = f"mustard_bench_{run_id}"
    admin = admin_engine()
    folder = tempfile.mkdtemp(prefix=f"mustard-bench-{run_id}-")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    space = Workspace(run_id=run_id, database_url=url, folder=folder)
    # Every process the run starts inherits this, so a leftover one can be found by it.
    previous = os.environ.get(RUN_VARIABLE)
    os.environ[RUN_VARIABLE] = run_id
    try:
        engine = sa.create_engine(url)
        try:
            upgrade(engine)
            extra = os.environ.get(SETUP_SQL_VARIABLE, "").strip()
            if extra:  # e.g. undo one migration's effect, for a before/after comparison
                with engine.begin() as conn:
                    conn.exec_driver_sql(extra)
        finally:
            engine.dispose()
        yield space
    finally:
        if previous is None:
            os.environ.pop(RUN_VARIABLE, None)
        else:
            os.environ[RUN_VARIABLE] = previous
        with admin.connect() as conn:
            conn.execute(sa.text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                 "WHERE datname = :n AND pid <> pg_backend_pid()"), {"n": name})
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()
        _delete_redis_keys(space.queue)
        shutil.rmtree(folder, ignore_errors=True)


def _delete_redis_keys(prefix: str) -> None:
    client = redis.Redis.from_url(REDIS_URL)
    try:
        keys = list(client.scan_iter(match=f"{prefix}*", count=1000))
        if keys:
            client.delete(*keys)
    finally:
        client.close()


def postgres_version() -> str:
    engine = admin_engine()
    try:
        with engine.connect() as conn:
            return str(conn.execute(sa.text("SHOW server_version")).scalar())
    finally:
        engine.dispose()


def make_platform(space: Workspace, **extra: Any) -> Platform:
    return build_platform(space.settings(**extra))


@dataclass(frozen=True)
class Agency:
    """A tenant with a recruiter and a bearer token for the API."""

    tenant: TenantRef
    user_id: str
    token: str


def create_agency(platform: Platform, slug: str) -> Agency:
    with platform.session(ALL_TENANTS) as session:
        tenant = create_tenant(session, name=f"Benchmark {slug}", slug=slug)
        user = create_user(session, platform.passwords, tenant=tenant,
                           email=f"recruiter@{slug}.example", password=None,
                           role=Role.recruiter, password_hash="!")  # noqa: S106 (no login)
        token, row = issue_token(user, name="benchmark", ttl=timedelta(hours=6))
        session.add(row)
        return Agency(tenant=tenant.ref(), user_id=user.id, token=token)


