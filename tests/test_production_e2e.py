"""The whole platform with production-like parts, configured as production.ini is: PostgreSQL,
the Redis broker, a real `mustard worker` process, S3 (moto's server), Daxtra and Algolia
(protocol-faithful fakes over HTTP) and a UDP statsd listener. Upload a CV, see it stored
encrypted, parsed by Daxtra, indexed in Algolia, found with a synonym, rendered as a PDF resume
kept in the bucket, and the metrics lines arrive."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import threading
import time
import uuid

import boto3
import pytest
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

pytestmark = pytest.mark.slow
PRODUCTION_INI = processes.ROOT / "production.ini"
MUSTARD = processes.MUSTARD


fake_algolia = processes.fake_algolia()
fake_daxtra = processes.fake_daxtra()
daxtra_cvs = processes.daxtra_cvs()


class StatsdListener:
    """A UDP socket on 127.0.0.1 that keeps every statsd line it receives."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.lines: list[str] = []
        self._stop = False
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        while not self._stop:
            try:
                data, _ = self.sock.recvfrom(65535)
            except TimeoutError:
                continue
            except OSError:
                return
            self.lines += data.decode().splitlines()

    def stop(self):
        self._stop = True
        self.thread.join(timeout=2)
        self.sock.close()


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    require_redis()
    admin = require_postgres()
    with contextlib.ExitStack() as stack:
        database_url = stack.enter_context(processes.throwaway_database(admin, "mustard_e2e"))
        moto = ThreadedMotoServer(ip_address="127.0.0.1", port=processes.free_port())
        moto.start()
        stack.callback(moto.stop)
        algolia = fake_algolia.FakeAlgolia().start()
        stack.callback(algolia.stop)
        daxtra = fake_daxtra.FakeDaxtra(accounts=("MUSTARD",), resumes=daxtra_cvs.RESUMES).start()
        stack.callback(daxtra.stop)
        statsd = StatsdListener()
        stack.callback(statsd.stop)
        env = processes.production_environment(
            database_url=database_url, redis_url=REDIS_URL, label="e2e",
            queue=f"mustard-e2e-{uuid.uuid4().hex[:8]}", bucket="mustard-e2e",
            s3_port=moto._port, algolia=algolia, daxtra=daxtra, statsd_port=statsd.port)
        stack.enter_context(processes.environment(env))
        boto3.client("s3", endpoint_url=env["MUSTARD_S3_ENDPOINT_URL"],
                     region_name="eu-west-1").create_bucket(
            Bucket="mustard-e2e", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
        platform = build_platform(load_settings(str(PRODUCTION_INI)))
        stack.callback(platform.engine.dispose)
        upgrade(platform.engine)
        log_path = tmp_path_factory.mktemp("e2e") / "worker.log"
        worker = stack.enter_context(processes.running_worker(
            PRODUCTION_INI, log_path, os.environ, "--concurrency", "2"))
        yield {"platform": platform, "worker": worker, "log": log_path, "algolia": algolia,
               "daxtra": daxtra, "statsd": statsd, "env": env}


def wait_until(check, what: str, production, timeout: float = 90):
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = check()
        if last:
            return last
        assert production["worker"].poll() is None, (
            "worker died:\n" + production["log"].read_text()[-3000:])
        time.sleep(0.3)
    raise AssertionError(f"{what} never happened ({last!r})\n"
                         + production["log"].read_text()[-3000:])


def test_plugins_command_lists_all_four_with_health(production):
    result = subprocess.run([MUSTARD, "--config", str(PRODUCTION_INI), "plugins"],
                            capture_output=True, text=True, timeout=120, env=os.environ.copy())
    assert result.returncode == 0, result.stderr
    out = result.stdout
    for line in ("storage: s3 [selected] health: ok", "search: algolia [selected] health: ok",
                 "parser: daxtra [selected] health: ok", "metrics: graphite [selected]"):
        assert line in out, out
    assert out.strip().endswith("health: ok"), out


def test_upload_to_search_to_resume_with_every_integration(production):
    platform = production["platform"]
    factory = Factory(platform)
    tenant = factory.tenant()
    remember_secret("ada.lovelace@example.com")
    app = webtest.TestApp(make_app(None, platform=platform))
    client = Client(app, factory.token(factory.user(tenant, "ops")))

    accepted = client.upload("/api/v1/uploads", "ada.txt", samples.PLAIN_TEXT_CV).json
    document_id = accepted["document"]["id"]

    def parsed():
        job = client.get(f"/api/v1/jobs/{accepted['job']['id']}").json
        return job if job["state"] in {"succeeded", "failed"} else None

    job = wait_until(parsed, "the parse job", production)
    assert job["state"] == "succeeded", job["error"]
    candidate_id = job["result"]["candidate_id"]

    # stored encrypted and private in the bucket, under the tenant's prefix
    s3 = boto3.client("s3", endpoint_url=production["env"]["MUSTARD_S3_ENDPOINT_URL"],
                      region_name="eu-west-1")
    key = f"{tenant.id}/uploads/{document_id}"
    head = s3.head_object(Bucket="mustard-e2e", Key=key)
    assert head["ServerSideEncryption"] == "AES256"
    assert s3.get_object(Bucket="mustard-e2e", Key=key)["Body"].read() == samples.PLAIN_TEXT_CV
    download = client.get(f"/api/v1/documents/{document_id}/download", status=302)
    assert download.headers["Location"].startswith(production["env"]["MUSTARD_S3_ENDPOINT_URL"])

    # parsed by Daxtra (the fake saw the call), mapped to our profile
    assert production["daxtra"].calls("profile/full/json")
    candidate = client.get(f"/api/v1/candidates/{candidate_id}").json
    assert candidate["name"] == "Ada Lovelace"
    assert {"Python", "JavaScript"} <= {s["name"] for s in candidate["profile"]["skills"]}

    # indexed in Algolia; a synonym pushed by ops makes "scriptsmith" find her ("js" already
    # does: it is one of the aliases Daxtra returns for JavaScript, and aliases are indexed)
    def found(query):
        return lambda: client.get(f"/api/v1/search?q={query}").json["total"] == 1

    wait_until(found("javascript"), "indexing in Algolia", production)
    assert client.get("/api/v1/search?q=scriptsmith").json["total"] == 0
    client.post("/api/v1/synonyms", {"type": "onewaysynonym", "input": "scriptsmith",
                                     "synonyms": ["javascript"]})
    wait_until(found("scriptsmith"), "the synonym in Algolia", production)
    index = production["algolia"].index(f"e2e_{tenant.slug}_candidates")
    assert index is not None

    # the plugin's own endpoint is in the one OpenAPI document (mustard_openapi hook)
    spec = client.get("/api/v1/openapi.json").json
    assert "/api/v1/search/key" in spec["paths"]
    key = client.get("/api/v1/search/key").json
    assert key["index"] == f"e2e_{tenant.slug}_candidates" and key["key"]
    remember_secret(key["key"])

    # a PDF resume rendered by the worker and kept in the bucket
    render = client.post(f"/api/v1/candidates/{candidate_id}/resumes", {"template": "classic"},
                         status=202).json

    def rendered():
        job = client.get(f"/api/v1/jobs/{render['job']['id']}").json
        return job if job["state"] in {"succeeded", "failed"} else None

    job = wait_until(rendered, "the render job", production)
    assert job["state"] == "succeeded", job["error"]
    resume_key = f"{tenant.id}/resumes/{job['result']['resume_id']}.pdf"
    pdf = s3.get_object(Bucket="mustard-e2e", Key=resume_key)
    assert pdf["ServerSideEncryption"] == "AES256"
    assert pdf["Body"].read().startswith(b"%PDF")

    # metrics from the API process and the worker reached statsd
    def metrics():
        lines = production["statsd"].lines
        wanted = ["mustard.e2e.requests.api.uploads.2xx:1|c", "mustard.e2e.tasks.parse.succeeded",
                  "mustard.e2e.parses.daxtra.succeeded", "mustard.e2e.resumes.rendered"]
        return all(any(line.startswith(w) for line in lines) for w in wanted)

    wait_until(metrics, "the statsd lines", production, timeout=30)
    assert not any("ada" in line.lower() for line in production["statsd"].lines)
