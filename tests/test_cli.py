"""The `mustard` command on the embedded default: migrate, tenants, users, ingest, search,
plugins, and one clear line for a bad setting."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.fixtures import cvs

MUSTARD = str(Path(sys.executable).parent / "mustard")


@pytest.fixture
def ini(tmp_path) -> Path:
    path = tmp_path / "embedded.ini"
    path.write_text(textwrap.dedent(f"""\
        [app:main]
        use = egg:mustard
        sqlalchemy.url = sqlite:///{tmp_path}/var/cli.sqlite
        mustard.secret_key = cli-test-secret-key-0123456789abcdefghij
        mustard.storage.local.root = {tmp_path}/var/files
        """))
    return path


def run(ini: Path, *args: str, check: bool = True, env: dict | None = None):
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL",
                                                                            "MUSTARD_"))}
    environment.update(env or {})
    result = subprocess.run([MUSTARD, "--config", str(ini), *args], capture_output=True,
                            text=True, timeout=300, env=environment)
    if check:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


def test_pipeline_from_the_command_line(ini, tmp_path):
    assert "up to date" in run(ini, "migrate").stdout
    run(ini, "migrate")  # idempotent
    run(ini, "create-tenant", "--name", "CLI Agency", "--slug", "cli")
    duplicate = run(ini, "create-tenant", "--name", "Again", "--slug", "cli", check=False)
    assert duplicate.returncode != 0 and "already exists" in duplicate.stderr
    run(ini, "create-user", "--tenant", "cli", "--email", "ops@cli.example",
        "--password", "a long password 123", "--role", "ops")
    files = []
    for name, data in [("ada.pdf", cvs.pdf_cv(cvs.ADA)), ("grace.docx", cvs.docx_cv(cvs.GRACE)),
                       ("ada.rtf", cvs.rtf_cv(cvs.ADA)), ("junk.pdf", cvs.zero_pdf())]:
        path = tmp_path / name
        path.write_bytes(data)
        files.append(str(path))
    out = run(ini, "ingest", "--tenant", "cli", *files).stdout
    lines = {line.split(":")[0].rsplit("/", 1)[-1]: line for line in out.splitlines()}
    assert "succeeded" in lines["ada.pdf"] and "succeeded" in lines["grace.docx"]
    assert "succeeded" in lines["ada.rtf"]
    assert "refused" in lines["junk.pdf"]
    ada_id = lines["ada.pdf"].split()[-1]
    assert lines["ada.rtf"].split()[-1] == ada_id  # merged into the same candidate
    found = run(ini, "search", "--tenant", "cli", "cobol").stdout
    assert found.startswith("1 found") and "Grace Hopper" in found
    found = run(ini, "search", "--tenant", "cli", "--skills", "JavaScript").stdout
    assert found.startswith("1 found") and ada_id in found


def test_plugins_lists_builtins_and_installed_plugins_with_health(ini):
    run(ini, "migrate")
    out = run(ini, "plugins").stdout
    for name in ("storage_local", "search_sql", "parser", "metrics_log", "storage_s3",
                 "algolia", "daxtra", "metrics_graphite", "hello"):
        assert f"\n{name} " in "\n" + out, name
    assert "storage: local [selected] health: ok" in out
    assert "search: algolia [available]" in out
    assert "hooks: mustard_search_providers" in out
    assert out.strip().endswith("health: ok")


def test_bad_setting_is_one_clear_line(ini):
    result = run(ini, "plugins", check=False, env={"MUSTARD_STORAGE": "ftp"})
    assert result.returncode != 0
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert errors == ["Error: malformed setting mustard.storage: no storage provider 'ftp' "
                      "(installed: local, s3)"]


def test_missing_config_file(tmp_path):
    result = subprocess.run([MUSTARD, "--config", str(tmp_path / "nope.ini"), "migrate"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "nope.ini not found" in result.stderr


def test_serve_on_the_embedded_default_migrates_creates_demo_and_answers(tmp_path):
    import json
    import socket
    import time
    import urllib.request

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    ini = tmp_path / "dev.ini"
    ini.write_text(textwrap.dedent(f"""\
        [app:main]
        use = egg:mustard
        sqlalchemy.url = sqlite:///{tmp_path}/var/dev.sqlite
        mustard.secret_key = serve-test-secret-key-0123456789abcdefghij
        mustard.storage.local.root = {tmp_path}/var/files
        mustard.auto_migrate = true
        mustard.demo = true
        """))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "MUSTARD_"))}
    process = subprocess.Popen([MUSTARD, "--config", str(ini), "serve", "--port", str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               env=env)
    try:
        password = None
        deadline = time.monotonic() + 60
        while password is None and time.monotonic() < deadline:
            line = process.stdout.readline()
            assert line or process.poll() is None, "serve exited"
            if "password (shown once):" in line:
                password = line.rsplit(":", 1)[1].strip()
        assert password
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=2) as res:
                    assert json.load(res) == {"status": "ok"}
                    break
            except OSError:
                time.sleep(0.2)
        request = urllib.request.Request(
            f"{base}/api/v1/auth/token", method="POST",
            data=json.dumps({"email": "admin@demo.example", "password": password}).encode(),
            headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=10) as res:
            assert res.status == 201
            assert json.load(res)["user"]["tenant"]["slug"] == "demo"
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_serve_on_the_embedded_default_runs_the_periodic_work(tmp_path):
    """No beat on the embedded default: `mustard serve` relays what a stopped server left."""
    import socket
    import time
    from datetime import timedelta

    from mustard_core.cli import load_settings
    from mustard_core.jobs import enqueue
    from mustard_core.migrate import upgrade
    from mustard_core.models import Job, JobState, utcnow
    from mustard_core.platform import PENDING_JOBS, build_platform
    from mustard_core.services.users import create_tenant
    from mustard_core.tenancy import ALL_TENANTS

    ini = tmp_path / "dev.ini"
    ini.write_text(textwrap.dedent(f"""\
        [app:main]
        use = egg:mustard
        sqlalchemy.url = sqlite:///{tmp_path}/dev.sqlite
        mustard.secret_key = serve-test-secret-key-0123456789abcdefghij
        mustard.storage.local.root = {tmp_path}/files
        """))
    platform = build_platform(load_settings(str(ini)))
    upgrade(platform.engine)
    with platform.session(ALL_TENANTS) as session:
        tenant = create_tenant(session, name="Left Over", slug="left-over")
        job = enqueue(session, tenant_id=tenant.id, kind="push_synonyms")
        job.created_at = utcnow() - timedelta(hours=2)  # queued by a server that then stopped
        session.info.pop(PENDING_JOBS)
        job_id = job.id
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "MUSTARD_"))}
    process = subprocess.Popen([MUSTARD, "--config", str(ini), "serve", "--port", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    try:
        deadline = time.monotonic() + 60
        state = None
        while state != JobState.succeeded and time.monotonic() < deadline:
            assert process.poll() is None, "serve exited"
            time.sleep(0.3)
            with platform.session(ALL_TENANTS, write=False) as session:
                state = session.get(Job, job_id).state
        assert state == JobState.succeeded
    finally:
        process.terminate()
        process.wait(timeout=20)
        platform.engine.dispose()
