"""Production operations: `mustard serve` (gunicorn) and `mustard worker` started from the real
production.ini with production-like settings, JSON logs, a request id followed from an HTTP
request into the log lines of the job it enqueued, and start-up refusing a missing setting."""

from __future__ import annotations

import io
import json
import logging
import os
import signal
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
import sqlalchemy as sa

from mustard_core.models import Job
from mustard_core.observability import JsonFormatter
from mustard_core.platform import build_platform
from mustard_core.services.users import create_tenant, create_user
from mustard_core.tenancy import ALL_TENANTS
from tests import processes
from tests.conftest import REDIS_URL, require_postgres, require_redis

PRODUCTION_INI = processes.ROOT / "production.ini"
MUSTARD = processes.MUSTARD
OUTSIDE_SETTINGS = ("MUSTARD_", "DATABASE_URL", "REDIS_URL", "ALGOLIA_", "DAXTRA_", "STATSD_",
                    "AWS_")
PASSWORD = "production test password 42"


def json_lines(text: str) -> list[dict]:
    lines = []
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("{"):
            try:
                lines.append(json.loads(line))
            except json.JSONDecodeError:
                continue  # two processes' lines interleaved mid-line
    return lines


# --------------------------------------------------------------------------- in process


@pytest.fixture
def json_log() -> Iterator[io.StringIO]:
    """The JSON lines the platform would write in production, captured from the root logger."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield stream
    finally:
        root.removeHandler(handler)


def test_a_request_id_reaches_the_log_lines_of_the_jobs_it_enqueued(recruiter, platform,
                                                                    json_log):
    request_id = f"lb-{uuid.uuid4().hex}"

    response = recruiter.app.post_json(
        "/api/v1/candidates", {"name": "Ada Lovelace"},
        headers={**recruiter.headers, "X-Request-Id": request_id}, status=201)
    other = recruiter.get("/api/v1/candidates")
    platform.dispatcher.drain()

    assert response.headers["X-Request-Id"] == request_id
    lines = json_lines(json_log.getvalue())
    job_lines = [line for line in lines if line.get("job_kind") == "index"]
    assert job_lines, lines
    assert all(line["request_id"] == request_id for line in job_lines)
    assert any(line["logger"] == "mustard_core.jobs" and "succeeded" in line["msg"]
               for line in job_lines)
    access = [line for line in lines if line["logger"] == "mustard.access"]
    assert {line["request_id"] for line in access} == {request_id,
                                                       other.headers["X-Request-Id"]}
    with platform.session(ALL_TENANTS) as session:
        job = session.scalar(sa.select(Job).where(Job.kind == "index"))
        assert job.request_id == request_id
    assert all(line["job_id"] == job.id for line in job_lines)
    assert "Ada Lovelace" not in json_log.getvalue()


def test_lines_outside_a_job_carry_no_job_fields(json_log):
    logging.getLogger("mustard_core.test").warning("outside any job")

    (line,) = [line for line in json_lines(json_log.getvalue()) if line["msg"] ==
               "outside any job"]
    assert "job_id" not in line and "job_kind" not in line


# --------------------------------------------------------------------------- processes


def clean_environment(**values: str) -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(OUTSIDE_SETTINGS)}
    environment.update(values)
    return environment


def run_cli(env: dict[str, str], *args: str) -> str:
    result = subprocess.run([MUSTARD, "--config", str(PRODUCTION_INI), *args],
                            capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def stop(process: subprocess.Popen, timeout: float = 30) -> int:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    try:
        return process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)
        raise AssertionError("the process did not stop on SIGTERM") from None


@pytest.fixture(scope="module")
def production_env(tmp_path_factory) -> Iterator[dict[str, str]]:
    """What a task definition would set, with the built-in providers standing in for S3,
    Algolia and Daxtra; a fresh PostgreSQL database migrated by `mustard migrate`."""
    admin = require_postgres()
    require_redis()
    with processes.throwaway_database(admin, "mustard_prod") as database_url:
        tmp = tmp_path_factory.mktemp("production")
        env = clean_environment(
            DATABASE_URL=database_url,
            REDIS_URL=REDIS_URL,
            MUSTARD_SECRET_KEY="production-test-secret-key-0123456789abcdef",
            MUSTARD_ENV="staging",
            MUSTARD_CELERY_QUEUE=f"mustard-prod-test-{uuid.uuid4().hex[:8]}",
            MUSTARD_STORAGE="local", MUSTARD_STORAGE_ROOT=str(tmp / "files"),
            MUSTARD_SEARCH="sql", MUSTARD_PARSER="builtin", MUSTARD_METRICS="log",
            MUSTARD_CORS_ORIGINS="https://app.example.com",
            MUSTARD_WEB_WORKERS="1", MUSTARD_WEB_THREADS="2",
            HOME=str(tmp),
        )
        env["_tmp"] = str(tmp)
        assert "up to date" in run_cli(env, "migrate")  # the one-off deploy step
        create_ops_user(env)
        yield env
    admin.dispose()


def create_ops_user(env: dict[str, str]) -> None:
    """A tenant and an ops user, written directly (the CLI's own tests cover the commands)."""
    settings = {"sqlalchemy.url": env["DATABASE_URL"], "mustard.secret_key":
                env["MUSTARD_SECRET_KEY"], "mustard.storage.local.root":
                env["MUSTARD_STORAGE_ROOT"], "_explicit": ["sqlalchemy.url"]}
    platform = build_platform(settings)
    try:
        with platform.session(ALL_TENANTS) as session:
            tenant = create_tenant(session, name="Staging Agency", slug="staging")
            create_user(session, platform.passwords, tenant=tenant, email="ops@staging.example",
                        password=PASSWORD, role="ops")
    finally:
        platform.dispatcher.stop()
        platform.engine.dispose()


def wait_for(condition, what: str, logs: list[Path], timeout: float = 60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    tails = "\n".join(f"--- {path.name}\n{path.read_text()[-3000:]}" for path in logs)
    raise AssertionError(f"timed out waiting for {what}\n{tails}")


def ready(base: str) -> bool:
    try:
        return requests.get(f"{base}/readyz", timeout=10).status_code == 200
    except requests.RequestException:  # not listening yet, or the worker still booting
        return False


@pytest.mark.slow
def test_serve_and_worker_run_production_ini(production_env):
    env = {k: v for k, v in production_env.items() if not k.startswith("_")}
    tmp = Path(production_env["_tmp"])
    port = processes.free_port()
    base = f"http://127.0.0.1:{port}"
    serve_log, worker_log = tmp / "serve.log", tmp / "worker.log"
    with open(serve_log, "w") as serve_out, open(worker_log, "w") as worker_out:
        server = subprocess.Popen([MUSTARD, "--config", str(PRODUCTION_INI), "serve",
                                   "--host", "127.0.0.1", "--port", str(port)],
                                  stdout=serve_out, stderr=subprocess.STDOUT, env=env,
                                  cwd=tmp)
        worker = subprocess.Popen([MUSTARD, "--config", str(PRODUCTION_INI), "worker",
                                   "--concurrency", "1"],
                                  stdout=worker_out, stderr=subprocess.STDOUT, env=env, cwd=tmp)
        try:
            wait_for(lambda: ready(base), "/readyz to answer 200", [serve_log])
            readiness = requests.get(f"{base}/readyz", timeout=10).json()
            token = requests.post(f"{base}/api/v1/auth/token", timeout=10, json={
                "email": "ops@staging.example", "password": PASSWORD}).json()["token"]
            auth = {"Authorization": f"Bearer {token}"}
            request_id = f"alb-{uuid.uuid4().hex}"
            created = requests.post(f"{base}/api/v1/candidates", timeout=10,
                                    json={"name": "Grace Hopper", "email": "grace@navy.example"},
                                    headers={**auth, "X-Request-Id": request_id})
            assert created.status_code == 201, created.text

            def job_line():
                return [line for line in json_lines(worker_log.read_text())
                        if line.get("request_id") == request_id
                        and line.get("job_kind") == "index"]

            worked = wait_for(job_line, "the index job's log line in the worker", [worker_log])
            item = f"{base}/api/v1/candidates/{created.json()['id']}"
            first = requests.get(item, headers=auth, timeout=10)
            second = requests.get(item, headers=auth, timeout=10)
            not_modified = requests.get(item, timeout=10, headers={
                **auth, "If-None-Match": second.headers["ETag"]})
        finally:
            server_rc = stop(server)
            worker_rc = stop(worker)

    assert set(readiness["checks"]) >= {"database", "redis", "storage", "search", "parser"}
    assert created.headers["X-Request-Id"] == request_id
    assert any("succeeded" in line["msg"] for line in worked)
    assert (first.headers["X-Mustard-Cache"], second.headers["X-Mustard-Cache"]) == (
        "miss", "hit")
    assert not_modified.status_code == 304
    assert server_rc == 0, serve_log.read_text()[-3000:]
    assert worker_rc == 0, worker_log.read_text()[-3000:]
    served = json_lines(serve_log.read_text())
    assert any(line.get("msg") == "Handling signal: term" for line in served)
    assert any(line.get("msg") == "Shutting down: Master" for line in served)
    access = [line for line in served if line.get("path") == "/api/v1/candidates"]
    assert access and access[0]["request_id"] == request_id  # gunicorn's access log
    app_lines = [line for line in served if line.get("logger") == "mustard.access"]
    assert any(line["request_id"] == request_id for line in app_lines)
    everything = serve_log.read_text() + worker_log.read_text()
    for secret in ("Grace Hopper", "grace@navy.example", PASSWORD, token,
                   env["MUSTARD_SECRET_KEY"]):
        assert secret not in everything


def test_a_missing_setting_stops_start_up_naming_it(production_env):
    env = {k: v for k, v in production_env.items()
           if not k.startswith("_") and k != "DATABASE_URL"}

    result = subprocess.run([MUSTARD, "--config", str(PRODUCTION_INI), "serve", "--port",
                             str(processes.free_port())], capture_output=True, text=True,
                            timeout=60, env=env)

    assert result.returncode != 0
    assert "missing setting sqlalchemy.url (environment variable DATABASE_URL)" in result.stderr
