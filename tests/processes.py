"""What the tests that run real processes share: free ports, throwaway PostgreSQL databases,
`mustard worker` processes, the plugins' protocol fakes and a temporarily changed environment.

One place for it, so a fix to how a worker is stopped or a database dropped reaches every
production-like test (the end-to-end tests, the lifecycle and fault stacks, the CLI tests)."""

from __future__ import annotations

import importlib.util
import os
import signal
import socket
import subprocess
import sys
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
MUSTARD = str(Path(sys.executable).parent / "mustard")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --------------------------------------------------------------------------- the plugins' fakes


def load_by_path(name: str, path: Path) -> ModuleType:
    """The plugins' fakes are test helpers beside their tests, not packages: load by path,
    once per process (a second load would make a second, separate module)."""
    if name in sys.modules:
        return sys.modules[name]
    sys.path.insert(0, str(path.parent))
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def fake_algolia() -> ModuleType:
    return load_by_path("fake_algolia", ROOT / "plugins/algolia/tests/fake_algolia.py")


def fake_daxtra() -> ModuleType:
    return load_by_path("fake_daxtra", ROOT / "plugins/daxtra/tests/fake_daxtra.py")


def daxtra_cvs() -> ModuleType:
    return load_by_path("daxtra_cvs", ROOT / "plugins/daxtra/tests/daxtra_cvs.py")


# --------------------------------------------------------------------------- databases


def drop_database(admin: sa.Engine, name: str) -> None:
    with admin.connect() as conn:
        conn.execute(sa.text(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"),
            {"n": name})
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))


@contextmanager
def throwaway_database(admin: sa.Engine, prefix: str) -> Iterator[str]:
    """A new, uniquely named PostgreSQL database (its URL), dropped afterwards even if its
    users still hold connections. `admin` is an AUTOCOMMIT engine on the server."""
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin.url.set(database=name).render_as_string(hide_password=False)
    finally:
        drop_database(admin, name)


# --------------------------------------------------------------------------- processes


def stop_process_group(process: subprocess.Popen, timeout: float = 20) -> None:
    """SIGTERM to the process and its children (a worker's pool), SIGKILL if it lingers."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


@contextmanager
def running_worker(config: str | Path, log_path: Path, env: Mapping[str, str],
                   *args: str) -> Iterator[subprocess.Popen]:
    """`mustard --config CONFIG worker ARGS` in its own session, logging to `log_path`."""
    with open(log_path, "w") as log:
        worker = subprocess.Popen([MUSTARD, "--config", str(config), "worker", *args],
                                  stdout=log, stderr=subprocess.STDOUT, env=dict(env),
                                  start_new_session=True)
        try:
            yield worker
        finally:
            stop_process_group(worker)


@contextmanager
def environment(values: Mapping[str, str]) -> Iterator[None]:
    """os.environ with `values` set, as it was afterwards (production.ini reads it)."""
    old = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in old.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def production_environment(*, database_url: str, redis_url: str, queue: str, label: str,
                           bucket: str, s3_port: int, algolia, daxtra,
                           statsd_port: int) -> dict[str, str]:
    """What an ECS task definition sets for production.ini, pointed at the local stand-ins:
    moto's S3 server, the Algolia and Daxtra fakes (running), a statsd port."""
    return {
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "MUSTARD_SECRET_KEY": f"{label}-secret-key-0123456789-abcdefghijklmnopq",
        "MUSTARD_ENV": label,
        "MUSTARD_CELERY_QUEUE": queue,
        "MUSTARD_S3_BUCKET": bucket,
        "MUSTARD_S3_ENDPOINT_URL": f"http://127.0.0.1:{s3_port}",
        "AWS_REGION": "eu-west-1",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "ALGOLIA_APP_ID": algolia.app_id,
        "ALGOLIA_API_KEY": algolia.admin_key,
        "ALGOLIA_SEARCH_API_KEY": algolia.search_key,
        "ALGOLIA_HOSTS": algolia.url,
        "ALGOLIA_RETRY_BACKOFF_MS": "10",
        "DAXTRA_URL": daxtra.base_url,
        "DAXTRA_ACCOUNT": "MUSTARD",
        "STATSD_HOST": "127.0.0.1",
        "STATSD_PORT": str(statsd_port),
        "MUSTARD_JOBS_RETRY_BASE": "1",
    }
