"""The pipeline with production-like parts: a real `mustard worker` (Celery) process, the real
Redis broker and PostgreSQL, uploads through the API, parse, merge, index and search."""

from __future__ import annotations

import os
import sys
import time
import uuid
from pathlib import Path

import pytest
import webtest

from mustard_core.app import make_app
from mustard_core.migrate import upgrade
from mustard_core.platform import build_platform
from tests import processes
from tests.conftest import REDIS_URL, Factory, require_postgres, require_redis
from tests.fixtures import cvs
from tests.helpers import Client

pytestmark = pytest.mark.slow
MUSTARD = str(Path(sys.executable).parent / "mustard")


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    """A migrated PostgreSQL database, a worker process and a celery-dispatching platform."""
    admin = require_postgres()
    require_redis()
    with processes.throwaway_database(admin, "mustard_worker") as url:
        tmp = tmp_path_factory.mktemp("worker")
        queue = f"mustard-worker-test-{uuid.uuid4().hex[:8]}"
        settings = {
            "sqlalchemy.url": url, "redis.url": REDIS_URL, "mustard.env": "test",
            "mustard.secret_key": "worker-test-secret-key-0123456789abcdef",
            "mustard.jobs.runner": "celery", "celery.queue": queue,
            "mustard.storage.local.root": f"{tmp}/files",
        }
        ini = tmp / "worker.ini"
        ini.write_text("[app:main]\nuse = egg:mustard\n" + "".join(
            f"{key} = {value}\n"
            for key, value in {**settings, "mustard.jobs.retry_base_seconds": 1}.items()))
        settings["_explicit"] = list(settings)
        platform = build_platform(settings)
        upgrade(platform.engine)
        env = {**os.environ, "MUSTARD_CONFIG": str(ini)}
        try:
            with processes.running_worker(ini, tmp / "worker.log", env, "--concurrency", "2",
                                          "--loglevel", "info") as worker:
                yield platform, worker, tmp / "worker.log"
        finally:
            platform.engine.dispose()


def wait_for_jobs(client: Client, job_ids: list[str], worker, log_path, timeout=120):
    deadline = time.monotonic() + timeout
    states = {}
    while time.monotonic() < deadline:
        states = {j: client.get(f"/api/v1/jobs/{j}").json for j in job_ids}
        if all(s["state"] in {"succeeded", "failed"} for s in states.values()):
            return states
        assert worker.poll() is None, "the worker died:\n" + log_path.read_text()[-3000:]
        time.sleep(0.3)
    raise AssertionError(f"jobs not finished: {states}\n{log_path.read_text()[-3000:]}")


def wait_for_index(client: Client, query: str, expected: int, timeout=60):
    deadline = time.monotonic() + timeout
    body = {}
    while time.monotonic() < deadline:
        body = client.get(f"/api/v1/search?{query}").json
        if body["total"] == expected:
            return body
        time.sleep(0.3)
    raise AssertionError(f"search {query} never reached {expected}: {body}")


def test_three_formats_parsed_merged_and_found_with_a_synonym(stack):
    platform, worker, log_path = stack
    factory = Factory(platform)
    tenant = factory.tenant()
    app = webtest.TestApp(make_app(None, platform=platform))
    client = Client(app, factory.token(factory.user(tenant, "ops")))
    uploads = [("ada.pdf", cvs.pdf_cv(cvs.ADA)), ("grace.docx", cvs.docx_cv(cvs.GRACE)),
               ("ada-again.rtf", cvs.rtf_cv(cvs.ADA))]
    job_ids = []
    for filename, data in uploads:
        res = client.upload("/api/v1/uploads", filename, data)
        assert res.json["job"]["state"] == "queued"
        job_ids.append(res.json["job"]["id"])
    states = wait_for_jobs(client, job_ids, worker, log_path)
    assert all(s["state"] == "succeeded" for s in states.values()), states
    ada_first, grace, ada_second = (states[j]["result"] for j in job_ids)
    assert ada_first["candidate_id"] == ada_second["candidate_id"]  # same email: merged
    assert sorted([ada_first["merged"], ada_second["merged"]]) == [False, True]
    assert grace["candidate_id"] != ada_first["candidate_id"]
    candidates = client.get("/api/v1/candidates").json["items"]
    assert len(candidates) == 2
    ada = client.get(f"/api/v1/candidates/{ada_first['candidate_id']}").json
    documents = client.get(f"/api/v1/candidates/{ada['id']}/documents").json["items"]
    assert len(documents) == 2

    wait_for_index(client, "q=javascript", 1)
    assert client.get("/api/v1/search?q=js").json["total"] == 0
    client.post("/api/v1/synonyms", {"type": "onewaysynonym", "input": "js",
                                     "synonyms": ["javascript"]})
    found = wait_for_index(client, "q=js", 1)
    assert found["hits"][0]["id"] == ada["id"]
    assert worker.poll() is None
