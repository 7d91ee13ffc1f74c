"""schemathesis against the served OpenAPI document: every operation, authenticated, generated.

The document at /api/v1/openapi.json is loaded from the running app (so what is checked is what
clients get), and for every operation schemathesis generates valid and invalid requests. Each is
sent with a tenant admin's bearer token (a fresh one for the revoke operation, so the rest keep
working) and its response must be:
- not a server error (no 5xx);
- conformant: its status is documented (every operation documents the error shape as its
  `default`), its content type is the documented one, and its body validates against the
  documented schema.

About half the generated path ids are replaced by ids of real rows (a candidate with a parsed
CV, a document, a job, a synonym set, a template, a resume and a share link), so requests reach
past the 404 and exercise the views themselves.

The CI run is bounded: MUSTARD_SCHEMATHESIS_EXAMPLES examples per operation and mode (default
13: with 56 operations, 1,456 cases on PostgreSQL in about half a minute; at least 1,000 are
required), the same cases every run. A longer run that explores new cases on both databases:

    MUSTARD_SCHEMATHESIS_EXAMPLES=60 MUSTARD_SCHEMATHESIS_RANDOM=1 \\
        MUSTARD_SCHEMATHESIS_BACKENDS=postgresql,sqlite \\
        .venv/bin/pytest --timeout=0 tests/test_schemathesis.py -s

prints the same summary (also written to $MUSTARD_SCHEMATHESIS_REPORT when set).

The pytest integration of schemathesis (`schemathesis.pytest.from_fixture`) does not work with
pytest 9 (it reads `node._nodeid`), so the operations are walked here with hypothesis directly.
"""

from __future__ import annotations

import collections
import hashlib
import json
import os
from dataclasses import dataclass, field

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.fixtures import cvs
from tests.helpers import Client, remember_secret

EXAMPLES = int(os.environ.get("MUSTARD_SCHEMATHESIS_EXAMPLES", "13"))
RANDOM = os.environ.get("MUSTARD_SCHEMATHESIS_RANDOM") == "1"
"""CI generates the same cases every run (derandomized); a long run explores new ones."""
BACKENDS = os.environ.get("MUSTARD_SCHEMATHESIS_BACKENDS", "postgresql").split(",")
MIN_CASES = 1000 if EXAMPLES >= 13 else 0
CHECKS = {
    "server error": not_a_server_error,
    "status code": status_code_conformance,
    "content type": content_type_conformance,
    "response schema": response_schema_conformance,
}


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request) -> str:
    """This module's backends (PostgreSQL by default), overriding conftest's pair."""
    return request.param


@dataclass
class Summary:
    cases: collections.Counter = field(default_factory=collections.Counter)
    statuses: collections.Counter = field(default_factory=collections.Counter)
    failures: dict[tuple[str, str], list[str]] = field(default_factory=dict)

    def fail(self, operation: str, check: str, example: str) -> None:
        self.failures.setdefault((operation, check), []).append(example)

    def table(self, backend: str) -> str:
        server = sum(len(v) for (_, check), v in self.failures.items() if check == "server error")
        schema = sum(len(v) for (_, check), v in self.failures.items() if check != "server error")
        by_class = collections.Counter()
        for status, count in self.statuses.items():
            by_class[f"{status // 100}xx"] += count
        lines = [
            f"schemathesis on {backend}: {len(self.cases)} operations, "
            f"{sum(self.cases.values())} cases ({EXAMPLES} per operation and mode, positive "
            f"and negative)",
            "responses: " + ", ".join(f"{k} {v}" for k, v in sorted(by_class.items())),
            f"server errors: {server}; schema violations: {schema}",
        ]
        for (operation, check), examples in sorted(self.failures.items()):
            lines.append(f"  FAIL {operation} [{check}] x{len(examples)}: {examples[0]}")
        return "\n".join(lines)


class Seeds:
    """Real rows of the signed-in tenant, to put in place of generated path ids."""

    def __init__(self, client: Client, platform):
        self.client = client
        self.platform = platform
        self.ids: dict[str, list[str]] = {}

    def build(self) -> None:
        client = self.client
        remember_secret(cvs.ADA.email)
        remember_secret(cvs.ADA.phone)
        accepted = client.upload("/api/v1/uploads", "ada.txt", cvs.txt_cv(cvs.ADA)).json
        self.platform.dispatcher.drain(timeout=60)
        job = client.get(f"/api/v1/jobs/{accepted['job']['id']}").json
        assert job["state"] == "succeeded", job
        candidate_id = job["result"]["candidate_id"]
        synonym = client.post("/api/v1/synonyms", {"type": "synonym",
                                                   "synonyms": ["js", "javascript"]}).json
        template = client.post("/api/v1/templates", {
            "name": "seeded", "source": "<p>{{ candidate.display_name }}</p>"}).json
        resume = client.post(f"/api/v1/candidates/{candidate_id}/resumes", {},
                             status=202).json["resume"]
        self.platform.dispatcher.drain(timeout=60)
        share = client.post(f"/api/v1/resumes/{resume['id']}/shares", {}).json
        self.ids = {"candidates": [candidate_id], "documents": [accepted["document"]["id"]],
                    "jobs": [job["id"]], "synonyms": [synonym["id"]],
                    "templates": [template["id"]], "resumes": [resume["id"]],
                    "shares": [share["id"]]}

    def substitute(self, case) -> None:
        """Replace about half the generated ids (chosen by a hash of the generated value, so
        a run is reproducible from hypothesis' seed) with a real row's id."""
        params = case.path_parameters or {}
        resource = case.path.split("/")[3]  # /api/v1/<resource>/...
        for name in ("id", "share_id"):
            value = params.get(name)
            if not isinstance(value, str):
                continue
            if hashlib.sha256(value.encode("utf-8", "replace")).digest()[0] % 2:
                continue
            kind = "shares" if name == "share_id" else resource
            if self.ids.get(kind):
                params[name] = self.ids[kind][0]


def test_every_operation_against_the_served_document(app, factory, tenant, platform, backend):
    admin = factory.user(tenant, "admin")
    token = factory.token(admin)
    client = Client(app, token)
    seeds = Seeds(client, platform)
    seeds.build()
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app.app)
    summary = Summary()
    try:
        for result in schema.get_all_operations():
            operation = result.ok()
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                exercise(operation, mode, seeds, factory, admin, token, summary)
    finally:
        reset_login_limits(platform)
    report = summary.table(backend)
    print("\n" + report)
    if os.environ.get("MUSTARD_SCHEMATHESIS_REPORT"):
        with open(os.environ["MUSTARD_SCHEMATHESIS_REPORT"], "a") as out:
            out.write(report + "\n")
    documented = {(path, method) for path, item in
                  app.get("/api/v1/openapi.json").json["paths"].items() for method in item
                  if method in {"get", "put", "post", "delete", "patch"}}
    assert len(summary.cases) == len(documented), "an operation was not exercised"
    assert sum(summary.cases.values()) >= MIN_CASES
    assert not summary.failures, report


def exercise(operation, mode, seeds: Seeds, factory, admin, token: str, summary: Summary):
    label = operation.label

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=not RANDOM,
              phases=[Phase.explicit, Phase.generate],
              suppress_health_check=list(HealthCheck))
    def run(case):
        seeds.substitute(case)
        bearer = token
        if label == "DELETE /api/v1/auth/token":
            bearer = factory.token(admin)  # revoking it must not sign the others out
        # the generator may have written its own (invalid) Authorization header: ours wins
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {bearer}"}
        response = case.call()
        summary.cases[label] += 1
        summary.statuses[response.status_code] += 1
        for name, check in CHECKS.items():
            try:
                case.validate_response(response, checks=[check])
            except BaseException as exc:  # schemathesis raises an exception group
                if isinstance(exc, KeyboardInterrupt):
                    raise
                summary.fail(label, name, describe(case, response, exc))

    run()


def describe(case, response, exc: BaseException) -> str:
    body = case.body if isinstance(case.body, dict | list | str) else type(case.body).__name__
    request = json.dumps({"path": case.path_parameters, "query": case.query, "body": body},
                         default=repr)[:300]
    inner = getattr(exc, "exceptions", None) or [exc]
    first = "; ".join((str(e).strip().splitlines() or [type(e).__name__])[0] for e in inner)
    return f"{response.status_code} for {request}: {first[:200]} / {response.text[:200]!r}"


def reset_login_limits(platform) -> None:
    """Generated sign-ins count as failed attempts of this run's test addresses: forget them
    so the other tests of the run start with a clean slate."""
    for address in ("127.0.0.1", "unknown", "localhost"):
        platform.rate_limiter.reset(f"login:addr:{address}")
