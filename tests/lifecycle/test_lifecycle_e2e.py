"""Erasure on the production-like stack, configured as production.ini is: PostgreSQL, the Redis
broker and API cache, a real `mustard worker` process, S3 (moto's server), Algolia and Daxtra
(protocol-faithful fakes over HTTP). A candidate with two documents and two generated resumes is
erased; then the bucket is listed, the search index's state read, the database and the cache
searched: nothing of them remains. Then the same with the storage server down during the
erasure: it is shown pending, and completes once the server is back.

The fixture follows tests/test_production_e2e.py, with its own moto server so the test can stop
and restart it (moto keeps its state in this process, so the bucket survives the outage)."""

from __future__ import annotations

import contextlib
import os
import uuid
from urllib.parse import urlsplit

import boto3
import pytest
import redis
import sqlalchemy as sa
import webtest
from moto.server import ThreadedMotoServer

from mustard_core.app import make_app
from mustard_core.cli import load_settings
from mustard_core.migrate import upgrade
from mustard_core.platform import build_platform
from mustard_core.testing import samples
from tests import processes
from tests.conftest import REDIS_URL, Factory, require_postgres, require_redis
from tests.helpers import Client, remember_secret
from tests.lifecycle.conftest import png
from tests.test_production_e2e import daxtra_cvs, fake_algolia, fake_daxtra, wait_until

pytestmark = pytest.mark.slow
PRODUCTION_INI = processes.ROOT / "production.ini"
BUCKET = "mustard-lifecycle"
PII = ("Ada Lovelace", "ada.lovelace@example.com", "+44 20 7946 0958", "7946 0958",
       "Analytical Engines")


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    require_redis()
    admin = require_postgres()
    with contextlib.ExitStack() as exits:
        database_url = exits.enter_context(
            processes.throwaway_database(admin, "mustard_lifecycle_e2e"))
        moto_port = processes.free_port()
        moto = ThreadedMotoServer(ip_address="127.0.0.1", port=moto_port, verbose=False)
        moto.start()
        state = {"moto": moto, "moto_port": moto_port}
        exits.callback(lambda: state["moto"].stop())  # the test of the outage restarts it
        algolia = fake_algolia.FakeAlgolia().start()
        exits.callback(algolia.stop)
        daxtra = fake_daxtra.FakeDaxtra(accounts=("MUSTARD",), resumes=daxtra_cvs.RESUMES).start()
        exits.callback(daxtra.stop)
        queue = f"mustard-lifecycle-{uuid.uuid4().hex[:8]}"
        exits.callback(forget_redis_keys, f"{queue}:*")
        env = processes.production_environment(
            database_url=database_url, redis_url=REDIS_URL, label="lifecycle", queue=queue,
            bucket=BUCKET, s3_port=moto_port, algolia=algolia, daxtra=daxtra,
            statsd_port=processes.free_port())
        exits.enter_context(processes.environment(env))
        s3 = boto3.client("s3", endpoint_url=env["MUSTARD_S3_ENDPOINT_URL"],
                          region_name="eu-west-1")
        s3.create_bucket(Bucket=BUCKET,
                         CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
        platform = build_platform(load_settings(str(PRODUCTION_INI)))
        exits.callback(platform.engine.dispose)
        upgrade(platform.engine)
        log_path = tmp_path_factory.mktemp("lifecycle-e2e") / "worker.log"
        worker = exits.enter_context(processes.running_worker(
            PRODUCTION_INI, log_path, os.environ, "--concurrency", "2"))
        app = webtest.TestApp(make_app(None, platform=platform))
        state.update(platform=platform, worker=worker, log=log_path, algolia=algolia, s3=s3,
                     queue=queue, app=app)
        yield state


def forget_redis_keys(pattern: str) -> None:
    cache = redis.Redis.from_url(REDIS_URL)
    for key in cache.scan_iter(match=pattern):
        cache.delete(key)


def finished(client, url):
    def check():
        job = client.get(url).json
        return job if job["state"] in {"succeeded", "failed"} else None
    return check


def candidate_with_files(stack) -> tuple[Client, object, str]:
    """A new tenant's candidate with two documents (a CV parsed by Daxtra, a photo) and two
    generated resumes, indexed in Algolia and read through the API cache."""
    for value in PII[:3]:
        remember_secret(value)
    platform = stack["platform"]
    factory = Factory(platform)
    tenant = factory.tenant()
    client = Client(stack["app"], factory.token(factory.user(tenant, "ops")))
    accepted = client.upload("/api/v1/uploads", "ada.txt", samples.PLAIN_TEXT_CV).json
    job = wait_until(finished(client, f"/api/v1/jobs/{accepted['job']['id']}"), "the parse",
                     stack)
    assert job["state"] == "succeeded", job["error"]
    candidate_id = job["result"]["candidate_id"]
    client.upload("/api/v1/uploads", "face.png", png(), candidate_id=candidate_id, kind="photo")
    for template in ("classic", "sidebar"):
        render = client.post(f"/api/v1/candidates/{candidate_id}/resumes",
                             {"template": template}, status=202).json
        done = wait_until(finished(client, f"/api/v1/jobs/{render['job']['id']}"),
                          "a render", stack)
        assert done["state"] == "succeeded", done["error"]
    wait_until(lambda: client.get("/api/v1/search?q=lovelace").json["total"] == 1,
               "indexing in Algolia", stack)
    client.get(f"/api/v1/candidates/{candidate_id}")
    client.get("/api/v1/candidates")
    assert len(bucket_keys(stack, tenant.id)) == 4  # CV, photo, two PDFs
    assert index_records(stack, tenant).get(candidate_id)
    assert any(candidate_id.encode() in value for value in cache_entries(stack, tenant.id))
    return client, tenant, candidate_id


def bucket_keys(stack, tenant_id: str) -> list[str]:
    listing = stack["s3"].list_objects_v2(Bucket=BUCKET, Prefix=f"{tenant_id}/")
    return [item["Key"] for item in listing.get("Contents", [])]


def index_records(stack, tenant) -> dict:
    stack["algolia"].settle()
    index = stack["algolia"].index(f"lifecycle_{tenant.slug}_candidates")
    return dict(index.records) if index is not None else {}


def cache_entries(stack, tenant_id: str) -> list[bytes]:
    client = redis.Redis.from_url(REDIS_URL)
    pattern = f"{stack['queue']}:cache:e:{tenant_id}:*"
    return [client.get(key) or b"" for key in client.scan_iter(match=pattern)]


def database_text(platform) -> str:
    chunks = []
    with platform.engine.connect() as conn:
        for table in sa.inspect(conn).get_table_names():
            for row in conn.execute(sa.text(f'SELECT * FROM "{table}"')):  # noqa: S608
                chunks.append(repr(tuple(row)))
    return "\n".join(chunks)


def assert_nothing_remains(stack, client, tenant, candidate_id: str) -> None:
    platform = stack["platform"]
    assert bucket_keys(stack, tenant.id) == []
    records = index_records(stack, tenant)
    assert candidate_id not in records
    assert not any("Lovelace" in repr(record) for record in records.values())
    text = database_text(platform)
    for value in PII:
        assert value not in text, value
    with platform.engine.connect() as conn:
        for table, column in (("candidates", "id"), ("documents", "candidate_id"),
                              ("generated_resumes", "candidate_id"),
                              ("candidate_revisions", "candidate_id"),
                              ("export_archives", "candidate_id")):
            sql = f"SELECT count(*) FROM {table} WHERE {column} = :id"  # noqa: S608 (ours)
            count = conn.execute(sa.text(sql), {"id": candidate_id}).scalar()
            assert count == 0, table
    for value in cache_entries(stack, tenant.id):
        assert candidate_id.encode() not in value and b"Lovelace" not in value
    client.get(f"/api/v1/candidates/{candidate_id}", status=404)
    assert client.get("/api/v1/search?q=lovelace").json["total"] == 0


def erase(client, candidate_id: str) -> str:
    return urlsplit(client.delete(f"/api/v1/candidates/{candidate_id}").headers[
        "Location"]).path


def test_erasure_leaves_nothing_in_any_store(stack):
    client, tenant, candidate_id = candidate_with_files(stack)
    erasure_url = erase(client, candidate_id)
    erasure = wait_until(lambda: (e := client.get(erasure_url).json)["state"] == "completed"
                         and e, "the erasure", stack)
    assert set(erasure["steps"].values()) == {"done"}
    assert_nothing_remains(stack, client, tenant, candidate_id)


def test_erasure_with_the_storage_server_down_completes_when_it_returns(stack):
    client, tenant, candidate_id = candidate_with_files(stack)
    stack["moto"].stop()
    try:
        erasure_url = erase(client, candidate_id)

        def failing():
            erasure = client.get(erasure_url).json
            job = client.get(f"/api/v1/jobs/{erasure['job_id']}").json
            return (erasure, job) if job["error"] and "storage" in job["error"] else None

        erasure, job = wait_until(failing, "the erasure to meet the outage", stack)
        assert erasure["state"] == "pending"
        assert erasure["steps"]["storage"] == "pending" and erasure["files_remaining"] == 4
        assert "storage unavailable" in erasure["error"]
        assert job["state"] in {"queued", "running"}
        # meanwhile the candidate is gone from the database and the API
        client.get(f"/api/v1/candidates/{candidate_id}", status=404)
    finally:
        stack["moto"] = ThreadedMotoServer(ip_address="127.0.0.1", port=stack["moto_port"],
                                           verbose=False)
        stack["moto"].start()
    erasure = wait_until(lambda: (e := client.get(erasure_url).json)["state"] == "completed"
                         and e, "the erasure after the outage", stack)
    assert erasure["files_remaining"] == 0 and erasure["error"] is None
    assert_nothing_remains(stack, client, tenant, candidate_id)
