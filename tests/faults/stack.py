"""A production-like stack for one fault scenario, built from real processes and torn down after.

Each scenario gets its own PostgreSQL database, its OWN `redis-server` on a free port (so it may
be restarted without touching the machine's shared Redis), an ini file, `mustard worker` and
`mustard serve` processes started from that ini, and a harness platform built from the same
settings in this process (to create tenants and tokens, read rows and play `mustard beat`).
Fakes of Algolia and Daxtra (the plugins' protocol-faithful test servers) run as threads here
and are reached over HTTP.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import redis
import requests
import sqlalchemy as sa

from tests.processes import MUSTARD, ROOT, drop_database, free_port

CONFIG_ENV_PREFIXES = ("MUSTARD_", "DATABASE_URL", "REDIS_URL", "ALGOLIA_", "DAXTRA_", "STATSD_",
                       "AWS_")
BEAT_EVERY = 2.0
"""Seconds between two runs of the relay while waiting (production: every 30 s, with
`mustard.jobs.relay_after_seconds` 60); a stack may set its own `beat_every`."""


def child_environment(**extra: str) -> dict[str, str]:
    """This environment without any platform configuration (the ini is the only source) and
    with the repository importable (the test-only plugins live in tests/faults)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(CONFIG_ENV_PREFIXES)}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    env.update(extra)
    return env


class Process:
    """A child process in its own session (so kill -9 reaches its pool children), logging to a
    file whose tail is shown when something goes wrong."""

    def __init__(self, name: str, argv: list[str], log_path: Path, env: dict[str, str]):
        self.name = name
        self.argv = argv
        self.log_path = log_path
        self.env = env
        self.popen: subprocess.Popen | None = None
        self._log = None

    def start(self) -> Process:
        self._log = open(self.log_path, "a")  # noqa: SIM115 (closed in stop)
        self.popen = subprocess.Popen(self.argv, stdout=self._log, stderr=subprocess.STDOUT,
                                      env=self.env, cwd=str(ROOT), start_new_session=True)
        return self

    @property
    def pid(self) -> int:
        return self.popen.pid

    def alive(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def kill9(self) -> None:
        """SIGKILL to the whole process group: the main process and every pool child."""
        os.killpg(self.popen.pid, signal.SIGKILL)
        self.popen.wait(timeout=30)
        self._close_log()

    def stop(self) -> None:
        if self.popen is None or self.popen.poll() is not None:
            self._close_log()
            return
        os.killpg(self.popen.pid, signal.SIGTERM)
        try:
            self.popen.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait(timeout=20)
        self._close_log()

    def _close_log(self) -> None:
        if self._log is not None:
            self._log.close()
            self._log = None

    def tail(self, chars: int = 3000) -> str:
        try:
            return f"--- {self.name} log ---\n" + self.log_path.read_text()[-chars:]
        except OSError:
            return f"--- {self.name}: no log ---"


class RedisServer:
    """This scenario's own redis-server (no persistence: a restart loses every message, like a
    crashed cache node), never the machine's shared one."""

    def __init__(self, workdir: Path):
        self.port = free_port()
        self.workdir = workdir
        self.process: Process | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> RedisServer:
        argv = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no", "--daemonize", "no", "--dir", str(self.workdir)]
        self.process = Process("redis", argv, self.workdir / "redis.log",
                               child_environment()).start()
        client = redis.Redis(port=self.port, socket_connect_timeout=0.5)
        deadline = time.monotonic() + 20
        while True:
            try:
                client.ping()
                return self
            except redis.RedisError as exc:
                if time.monotonic() > deadline or not self.process.alive():
                    raise RuntimeError("redis-server did not start\n"
                                       + self.process.tail()) from exc
                time.sleep(0.05)

    def stop(self) -> None:
        if self.process is not None:
            self.process.stop()

    def restart(self, down_seconds: float = 1.0) -> None:
        """Kill it (SIGKILL: everything in memory is gone), wait, start it on the same port."""
        self.process.kill9()
        time.sleep(down_seconds)
        self.start()


class Database:
    """A uniquely named PostgreSQL database, dropped at the end."""

    def __init__(self, admin_url: str, label: str):
        self.admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
        self.name = f"mustard_faults_{label}_{uuid.uuid4().hex[:8]}"
        self.url = admin_url.rsplit("/", 1)[0] + "/" + self.name

    def create(self) -> Database:
        with self.admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{self.name}"'))
        return self

    def drop(self) -> None:
        drop_database(self.admin, self.name)
        self.admin.dispose()


class Api:
    """An HTTP client of the served API with a bearer token."""

    def __init__(self, base_url: str, token: str):
        self.base_url = base_url
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {token}"

    def request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", 60)
        return self.session.request(method, self.base_url + path, **kwargs)

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("POST", path, **kwargs)

    def upload(self, filename: str, data: bytes, **kwargs: Any) -> requests.Response:
        return self.post("/api/v1/uploads", files={"file": (filename, data)}, **kwargs)


class Stack:
    """Everything one scenario runs on; use as a context manager.

    `settings` are the scenario's own ini lines on top of the common ones (the Celery runner,
    the scenario's Redis and database, local file storage).
    """

    def __init__(self, label: str, workdir: Path, settings: dict[str, str] | None = None,
                 env: dict[str, str] | None = None):
        from tests.conftest import PG_ADMIN_URL

        self.label = label
        self.workdir = workdir
        self.extra_settings = dict(settings or {})
        self.extra_env = dict(env or {})
        self.database = Database(PG_ADMIN_URL, label)
        self.redis = RedisServer(workdir)
        self.queue = f"faults-{label}-{uuid.uuid4().hex[:6]}"
        self.ini = workdir / "mustard.ini"
        self.platform = None
        self.processes: list[Process] = []
        self.server_url: str | None = None
        self.beat_every = BEAT_EVERY
        self.relayed = 0

    # ------------------------------------------------------------------ lifecycle

    def __enter__(self) -> Stack:
        from tests.conftest import require_postgres

        require_postgres()
        try:
            self.database.create()
            self.redis.start()
            self.write_ini()
            self.platform = self.build_platform()
            from mustard_core.migrate import upgrade

            upgrade(self.platform.engine)
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc_info: Any) -> None:
        for process in reversed(self.processes):
            process.stop()
        if self.platform is not None:
            self.platform.dispatcher.stop()
            self.platform.engine.dispose()
        self.redis.stop()
        self.database.drop()

    def settings(self) -> dict[str, str]:
        settings = {
            "sqlalchemy.url": self.database.url,
            "redis.url": self.redis.url,
            "mustard.secret_key": "faults-secret-key-0123456789-abcdefghijklmnop",
            "mustard.env": "faults",
            "mustard.jobs.runner": "celery",
            "celery.queue": self.queue,
            "mustard.storage": "local",
            "mustard.storage.local.root": str(self.workdir / "files"),
            "mustard.search": "sql",
            "mustard.parser": "builtin",
            "mustard.metrics": "log",
            "mustard.jobs.retry_base_seconds": "1",
            "mustard.jobs.relay_after_seconds": "3",
            "mustard.jobs.visibility_timeout": "5",
            "mustard.argon2.memory_kib": "8192",
            "mustard.argon2.time_cost": "1",
        }
        settings.update(self.extra_settings)
        return settings

    def write_ini(self) -> None:
        lines = ["[app:main]", "use = egg:mustard"]
        lines += [f"{key} = {value}" for key, value in self.settings().items()]
        self.ini.write_text("\n".join(lines) + "\n")

    def build_platform(self):
        from mustard_core.cli import load_settings
        from mustard_core.platform import build_platform

        settings = load_settings(str(self.ini))
        settings["_explicit"] = [key for key in settings if not key.startswith("_")]
        return build_platform(settings)

    def env(self) -> dict[str, str]:
        return child_environment(**self.extra_env)

    # ------------------------------------------------------------------ processes

    def start_worker(self, concurrency: int = 2, name: str = "worker") -> Process:
        argv = [MUSTARD, "--config", str(self.ini), "worker", "--concurrency", str(concurrency),
                "--loglevel", "info"]
        process = Process(name, argv, self.workdir / f"{name}.log", self.env()).start()
        self.processes.append(process)
        return process

    def start_server(self, workers: int = 2) -> str:
        port = free_port()
        argv = [MUSTARD, "--config", str(self.ini), "serve", "--port", str(port), "--workers",
                str(workers)]
        process = Process("server", argv, self.workdir / "server.log", self.env()).start()
        self.processes.append(process)
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                if requests.get(url + "/healthz", timeout=2).status_code == 200:
                    self.server_url = url
                    return url
            except requests.RequestException:
                pass
            if time.monotonic() > deadline or not process.alive():
                raise RuntimeError("the server did not start\n" + process.tail())
            time.sleep(0.2)

    def logs(self) -> str:
        return "\n".join(process.tail() for process in self.processes)

    # ------------------------------------------------------------------ the API and the data

    def tenant_client(self, role: str = "ops") -> tuple[Any, Api]:
        """A new tenant and an API client signed in as one of its users."""
        from tests.conftest import Factory

        factory = Factory(self.platform)
        tenant = factory.tenant()
        token = factory.token(factory.user(tenant, role))
        assert self.server_url, "start_server() first"
        return tenant, Api(self.server_url, token)

    def relay(self) -> int:
        """What `mustard beat` does every 30 s: publish jobs whose message may be lost."""
        from mustard_core.jobs import relay_pending

        published = relay_pending(self.platform)
        self.relayed += published
        return published

    def wait_until(self, check: Callable[[], Any], what: str, *, timeout: float = 120,
                   beat: bool = True, watch: list[Process] | None = None) -> Any:
        """Poll `check` until it returns something truthy; meanwhile play the beat (unless
        told not to) and make sure the watched processes stay alive."""
        deadline = time.monotonic() + timeout
        next_beat = time.monotonic() + self.beat_every
        last = None
        while time.monotonic() < deadline:
            last = check()
            if last:
                return last
            for process in watch or []:
                assert process.alive(), f"{process.name} died\n{process.tail()}"
            if beat and time.monotonic() >= next_beat:
                self.relay()
                next_beat = time.monotonic() + self.beat_every
            time.sleep(0.25)
        raise AssertionError(f"{what} never happened (last: {last!r})\n{self.logs()}")

    def rows(self, model, *where) -> list:
        """Detached rows of every tenant."""
        from mustard_core.tenancy import ALL_TENANTS

        with self.platform.session(ALL_TENANTS, write=False) as session:
            found = session.scalars(sa.select(model).where(*where)).all()
            session.expunge_all()
            return list(found)
