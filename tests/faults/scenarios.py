"""The fault scenarios: each builds its stack, does its operations through the served API while
injecting one fault, waits for the platform to settle, and counts what became of every
operation.

Every scenario returns an `Outcome` row:
- attempted: operations a client started (uploads, creations, changes);
- completed: operations whose effect is entirely there at the end (e.g. a CV parsed into its
  candidate AND that candidate found in the search index);
- failed_visibly: operations that ended, at least once, in a state a person can see and act on
  (a failed job with its reason, a 503 with Retry-After) and were then completed by a retry;
- lost: attempted operations that are neither completed nor visibly failed (must be 0);
- duplicated: effects that happened twice (a second candidate for one CV, a second revision for
  one parse, an index record no candidate has, a second row for one request; must be 0).

Scenarios also assert what is specific to their fault (the job really was redelivered, the
reason is readable, ...), so a run that "passes" without the fault having bitten fails instead.
"""

from __future__ import annotations

import collections
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

import requests

from mustard_core.models import Candidate, CandidateRevision, Document, Job, JobState, Synonym
from tests import processes
from tests.faults.stack import Stack
from tests.fixtures import cvs

TERMINAL = {JobState.succeeded, JobState.failed, JobState.cancelled}


@dataclass
class Outcome:
    scenario: str
    attempted: int
    completed: int
    failed_visibly: int
    lost: int
    duplicated: int
    notes: str = ""


# --------------------------------------------------------------------------- helpers


FIRST_NAMES = ("Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "John",
               "Margaret", "Dennis", "Radia", "Ken", "Hedy", "Tim", "Karen", "Niklaus", "Sophie",
               "Linus", "Annie", "Guido")
LAST_NAMES = ("Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen", "Backus",
              "Hamilton", "Ritchie", "Perlman", "Thompson", "Lamarr", "Berners", "Jones",
              "Wirth", "Wilson", "Torvalds", "Easley", "Rossum")


def person_cv(tag: str, number: int, *, extra: bytes = b"") -> tuple[str, bytes, str]:
    """(file name, CV bytes, e-mail) of a distinct person: own name (up to 400), e-mail, phone
    number, profile link and employers (people who share a profile link, or a similar name
    and an employer, are rightly queued as possible duplicates, which is not what these
    scenarios are about)."""
    name = f"{FIRST_NAMES[number % 20]} {LAST_NAMES[(number // 20) % 20]}"
    email = f"{name.lower().replace(' ', '.')}.{tag}.{number}@example.com"
    slug = f"{name.lower().replace(' ', '-')}-{tag}-{number}"
    person = replace(cvs.ADA, name=name, email=email, phone=f"+44 20 7946 {number:04d}",
                     links=(f"https://www.linkedin.com/in/{slug}",),
                     jobs=tuple(replace(job, company=f"{job.company} {tag} {number}")
                                for job in cvs.ADA.jobs))
    return f"cv-{tag}-{number}.txt", cvs.txt_cv(person) + extra, email


def algolia_settings(fake) -> dict[str, str]:
    return {
        "mustard.search": "algolia",
        "mustard_algolia.app_id": fake.app_id,
        "mustard_algolia.api_key": fake.admin_key,
        "mustard_algolia.search_api_key": fake.search_key,
        "mustard_algolia.hosts": fake.url,
        "mustard_algolia.retries": "1",
        "mustard_algolia.retry_backoff_ms": "10",
        "mustard_algolia.connect_timeout_ms": "500",
        "mustard_algolia.read_timeout_ms": "2000",
        "mustard_algolia.write_timeout_ms": "5000",
        "mustard_algolia.task_timeout_seconds": "10",
    }


def index_records(fake, tenant) -> dict[str, dict]:
    index = fake.index(f"faults_{tenant.slug}_candidates")
    return dict(index.records) if index is not None else {}


def settled(stack: Stack, tenant) -> bool:
    """Every job of the tenant has ended (nothing queued, running or waiting to retry)."""
    jobs = stack.rows(Job, Job.tenant_id == tenant.id)
    return bool(jobs) and all(job.state in TERMINAL for job in jobs)


def pipeline_outcome(scenario: str, stack: Stack, fake, tenant, uploads: list[dict],
                     failed_visibly: int = 0, notes: str = "") -> Outcome:
    """Count what became of CV uploads: parsed into one candidate each, and indexed."""
    documents = {d.id: d for d in stack.rows(Document, Document.tenant_id == tenant.id)}
    candidates = {c.id: c for c in stack.rows(Candidate, Candidate.tenant_id == tenant.id)}
    revisions = collections.Counter(
        r.document_id for r in stack.rows(CandidateRevision,
                                          CandidateRevision.tenant_id == tenant.id))
    records = index_records(fake, tenant)
    completed = 0
    for upload in uploads:
        document = documents.get(upload["document_id"])
        if (document is not None and document.parse_state == "parsed"
                and document.candidate_id in candidates and document.candidate_id in records
                and candidates[document.candidate_id].email == upload["email"]):
            completed += 1
    emails = {u["email"] for u in uploads}
    duplicated = (max(0, len(candidates) - len(emails))
                  + sum(n - 1 for n in revisions.values() if n > 1)
                  + len(set(records) - set(candidates))
                  + max(0, len(documents) - len(uploads)))
    return Outcome(scenario, len(uploads), completed, failed_visibly,
                   len(uploads) - completed, duplicated, notes)


def retry_failed_parses(stack: Stack, api, tenant) -> int:
    """An operator's move: retry every failed job (POST /jobs/{id}/retry); returns how many."""
    failed = stack.rows(Job, Job.tenant_id == tenant.id, Job.state == JobState.failed)
    for job in failed:
        response = api.post(f"/api/v1/jobs/{job.id}/retry")
        assert response.status_code == 202, response.text
    return len(failed)


# --------------------------------------------------------------------------- 1. kill -9 mid-parse


def kill_worker_mid_parse(workdir: Path) -> Outcome:
    """A worker is killed (SIGKILL to it and its pool) while it parses a CV; a new worker
    starts. The message was never acknowledged (acks_late) and the job's advisory lock died
    with the worker's database connection, so the job is delivered again (the broker's
    visibility timeout, and the relay) and runs to its end once: no second candidate, no
    second revision, one index record per candidate."""
    control = workdir / "control"
    control.mkdir()
    fake = processes.fake_algolia().FakeAlgolia().start()
    settings = {"mustard.plugins": "tests.faults.slow_parser", "mustard.parser": "faults_slow",
                "mustard_faults.control_dir": str(control), **algolia_settings(fake)}
    try:
        with Stack("kill", workdir, settings) as stack:
            stack.start_server(workers=1)
            first = stack.start_worker(concurrency=1, name="worker-1")
            tenant, api = stack.tenant_client()
            uploads = []

            def upload(filename: str, data: bytes, email: str) -> dict:
                response = api.upload(filename, data)
                assert response.status_code == 202, response.text
                body = response.json()
                uploads.append({"document_id": body["document"]["id"],
                                "job_id": body["job"]["id"], "email": email})
                return uploads[-1]

            held = upload(*person_cv("kill", 0, extra=b"\nFAULTS-HOLD-PARSE\n"))
            stack.wait_until(lambda: list(control.glob("started-*")), "the held parse",
                             beat=False, watch=[first])
            for number in range(1, 5):  # queued behind the held one
                upload(*person_cv("kill", number))
            first.kill9()
            [job] = stack.rows(Job, Job.id == held["job_id"])
            assert job.state == JobState.running and job.attempts == 1, (job.state, job.attempts)
            (control / "release").write_text("go")
            second = stack.start_worker(concurrency=2, name="worker-2")
            stack.wait_until(lambda: settled(stack, tenant), "every job to end", watch=[second])
            [job] = stack.rows(Job, Job.id == held["job_id"])
            assert job.state == JobState.succeeded, job.error
            assert job.attempts >= 2, "the killed parse was not delivered again"
            return pipeline_outcome(
                "kill -9 the worker mid-parse", stack, fake, tenant, uploads,
                notes=f"held parse redelivered: attempt {job.attempts} succeeded")
    finally:
        fake.stop()


# --------------------------------------------------------------------------- 2. Redis restart


def restart_redis_during_uploads(workdir: Path, total: int = 200) -> Outcome:
    """200 CV uploads through the served API from 8 concurrent clients. The worker's four
    processes are first held inside four parses (the test parser), so the next uploads pile up
    as messages in Redis; once 50 are accepted the scenario's Redis (the Celery broker) is
    killed and started again empty, while uploads go on. The queued messages are gone,
    publishes during the outage fail (logged, counted) and the held tasks cannot be
    acknowledged; the relay publishes every job whose message may be lost. Every upload ends
    parsed and indexed, or failed with a reason and then completed by an operator's retry."""
    control = workdir / "control"
    control.mkdir()
    fake = processes.fake_algolia().FakeAlgolia().start()
    settings = {"mustard.plugins": "tests.faults.slow_parser", "mustard.parser": "faults_slow",
                "mustard_faults.control_dir": str(control), "mustard_faults.in_process": "true",
                "mustard.jobs.relay_after_seconds": "10", **algolia_settings(fake)}
    try:
        with Stack("redis", workdir, settings) as stack:
            stack.beat_every = 5.0
            stack.start_server(workers=2)
            worker = stack.start_worker(concurrency=4)
            tenant, api = stack.tenant_client()
            accepted: list[dict] = []
            client_retries = collections.Counter()
            lock = threading.Lock()

            def upload(number: int, extra: bytes = b"") -> None:
                filename, data, email = person_cv("redis", number, extra=extra)
                for attempt in range(5):
                    try:
                        response = api.upload(filename, data, timeout=30)
                    except requests.RequestException:
                        response = None
                    if response is not None and response.status_code == 202:
                        body = response.json()
                        with lock:
                            accepted.append({"document_id": body["document"]["id"],
                                             "job_id": body["job"]["id"], "email": email})
                        return
                    assert response is None or response.status_code >= 500, response.text
                    client_retries[number] += 1
                    time.sleep(0.5 * (attempt + 1))
                raise AssertionError(f"upload {number} was refused 5 times")

            held = 4
            for number in range(held):
                upload(number, extra=b"\nFAULTS-HOLD-PARSE\n")
            stack.wait_until(lambda: len(list(control.glob("started-*"))) == held,
                             "four held parses", beat=False, watch=[worker])
            with ThreadPoolExecutor(8) as pool:
                futures = [pool.submit(upload, number) for number in range(held, total)]
                stack.wait_until(lambda: len(accepted) >= 50, "50 accepted uploads", beat=False,
                                 watch=[worker])
                queued = len(stack.rows(Job, Job.tenant_id == tenant.id,
                                        Job.state == JobState.queued))
                stack.redis.restart(down_seconds=1.0)
                (control / "release").write_text("go")
                for future in futures:
                    future.result()
            assert queued >= 40, f"only {queued} messages were waiting in Redis"
            stack.wait_until(lambda: settled(stack, tenant), "every job to end", timeout=240,
                             watch=[worker])
            retried = retry_failed_parses(stack, api, tenant)
            if retried:
                stack.wait_until(lambda: settled(stack, tenant), "the retried jobs",
                                 watch=[worker])
            notes = (f"{queued} queued messages lost with Redis, republished by the relay; "
                     f"{sum(client_retries.values())} client re-sends of refused uploads; "
                     f"{retried} failed jobs retried by an operator")
            return pipeline_outcome("restart Redis with 200 uploads in flight", stack, fake,
                                    tenant, accepted, failed_visibly=retried, notes=notes)
    finally:
        fake.stop()


# --------------------------------------------------------------------------- 3. search down


def search_backend_down(workdir: Path, creations: int = 20, changes: int = 10) -> Outcome:
    """Algolia answers 503 to everything for a while. Candidates are created and changed
    through the API meanwhile: each change writes its index job in its own transaction (the
    outbox row is there as soon as the API answered), the jobs fail transiently and wait with
    doubling delays, survive a worker crash, and drain once Algolia is back. Every candidate
    ends in the index with its latest data."""
    fake = processes.fake_algolia().FakeAlgolia().start()
    try:
        with Stack("search", workdir, algolia_settings(fake)) as stack:
            stack.start_server(workers=1)
            worker = stack.start_worker(concurrency=2)
            tenant, api = stack.tenant_client()
            fake.down()
            expected: dict[str, str] = {}
            for number in range(creations):
                response = api.post("/api/v1/candidates", json={
                    "name": f"Outage Person {number}", "email": f"outage.{number}@example.com"})
                assert response.status_code == 201, response.text
                candidate_id = response.json()["id"]
                expected[candidate_id] = f"Outage Person {number}"
                outbox = [j for j in stack.rows(Job, Job.tenant_id == tenant.id,
                                                Job.kind == "index")
                          if candidate_id in (j.payload or {}).get("candidate_ids", [])]
                assert outbox, "no index job was committed with the candidate"
            for candidate_id in list(expected)[:changes]:
                name = expected[candidate_id] + " Changed"
                response = api.request("PATCH", f"/api/v1/candidates/{candidate_id}",
                                       json={"name": name})
                assert response.status_code == 200, response.text
                expected[candidate_id] = name
            search = api.get("/api/v1/search", params={"q": "outage"})
            assert search.status_code == 503 and search.headers.get("Retry-After"), search.text

            def retried_everywhere():
                jobs = stack.rows(Job, Job.tenant_id == tenant.id, Job.kind == "index")
                return jobs and all(j.attempts >= 2 and j.state == JobState.queued
                                    and "search engine unavailable" in (j.error or "")
                                    for j in jobs)

            stack.wait_until(retried_everywhere, "every index job to retry", watch=[worker])
            worker.kill9()  # the pending index work must not live only in a worker
            worker = stack.start_worker(concurrency=2, name="worker-2")
            fake.up()
            stack.wait_until(lambda: settled(stack, tenant), "the index jobs to drain",
                             watch=[worker])
            jobs = stack.rows(Job, Job.tenant_id == tenant.id, Job.kind == "index")
            records = index_records(fake, tenant)
            completed = sum(1 for cid, name in expected.items()
                            if records.get(cid, {}).get("name") == name)
            failed = [j for j in jobs if j.state != JobState.succeeded]
            assert not failed, [j.error for j in failed]
            attempted = creations + changes
            unchanged = len(expected) - completed
            return Outcome(
                "search backend (Algolia) down", attempted, attempted - unchanged, 0, unchanged,
                len(set(records) - set(expected)),
                notes=f"{len(jobs)} index jobs, at most {max(j.attempts for j in jobs)} "
                      "attempts each, drained after the outage and a worker crash")
    finally:
        fake.stop()


# --------------------------------------------------------------------------- 4. Daxtra faults


def parser_backend_faults(workdir: Path) -> Outcome:
    """Daxtra (the fake) times out and answers 5xx. Transient failures are retried, first by
    the client (once, at once) then by the job with backoff; past the job's limit the parse
    ends failed with a readable reason on the job and the document, and an operator's retry
    completes it. With `mustard_daxtra.fallback = builtin`, a Daxtra outage is parsed by the
    built-in parser instead."""
    daxtra_cvs = processes.daxtra_cvs()
    fake = processes.fake_daxtra().FakeDaxtra(accounts=("MUSTARD",), resumes=daxtra_cvs.RESUMES,
                                           slow_seconds=3).start()
    settings = {"mustard.parser": "daxtra", "mustard_daxtra.base_url": fake.base_url,
                "mustard_daxtra.account": "MUSTARD", "mustard_daxtra.timeout": "1",
                "mustard_daxtra.retries": "1", "mustard_daxtra.retry_backoff": "0.05",
                "mustard.jobs.max_attempts": "3"}
    try:
        with Stack("daxtra", workdir, settings) as stack:
            stack.start_server(workers=1)
            worker = stack.start_worker(concurrency=1)
            tenant, api = stack.tenant_client()
            uploads: list[dict] = []

            def parse(filename: str, data: bytes) -> Job:
                response = api.upload(filename, data)
                assert response.status_code == 202, response.text
                body = response.json()
                uploads.append({"document_id": body["document"]["id"],
                                "job_id": body["job"]["id"]})
                return stack.wait_until(lambda: finished(stack, body["job"]["id"]),
                                        f"the parse of {filename}", watch=[worker])

            # 5xx twice per attempt (the client's immediate retry included), then an answer
            fake.fail_next("http_500", 3)
            ada = parse("ada.txt", daxtra_cvs.ADA_CV)
            assert ada.state == JobState.succeeded and ada.attempts == 2, (ada.state, ada.error)
            # timeouts, then an answer
            fake.fail_next("slow", 2)
            grace = parse("grace.txt", daxtra_cvs.GRACE_CV)
            assert grace.state == JobState.succeeded and grace.attempts == 2, grace.error
            # unavailable past the job's limit: failed, readably, on the job and the document
            fake.fail_next("http_503", 6)
            alan = parse("alan.txt", daxtra_cvs.ALAN_CV)
            assert alan.state == JobState.failed and alan.attempts == 3, alan.state
            assert "Daxtra is unavailable" in alan.error, alan.error
            assert "gave up after 3 attempts" in alan.error, alan.error
            [document] = stack.rows(Document, Document.id == uploads[-1]["document_id"])
            assert document.parse_state == "failed" and document.parse_error == alan.error
            retried = retry_failed_parses(stack, api, tenant)
            assert retried == 1, retried
            alan = stack.wait_until(lambda: finished(stack, alan.id), "the retried parse",
                                    watch=[worker])
            assert alan.state == JobState.succeeded, alan.error

            # the fallback: Daxtra down, the built-in parser reads the CV
            worker.stop()
            stack.extra_settings["mustard_daxtra.fallback"] = "builtin"
            stack.write_ini()
            worker = stack.start_worker(concurrency=1, name="worker-fallback")
            calls_before = len(fake.calls("profile/full/json"))
            fake.fail_next("http_503", 2)
            filename, data, _ = person_cv("daxtra", 1)
            fallback = parse(filename, data)
            assert fallback.state == JobState.succeeded, fallback.error
            assert fallback.attempts == 1, "the fallback should parse at once"
            assert len(fake.calls("profile/full/json")) - calls_before == 2
            outcome = daxtra_outcome(stack, tenant, uploads, failed_visibly=retried)
            outcome.notes = ("5xx and timeouts retried (attempt 2 succeeded); 503 past the "
                             "limit failed readably, then an operator's retry succeeded; "
                             "outage parsed by the built-in fallback")
            return outcome
    finally:
        fake.stop()


def finished(stack: Stack, job_id: str) -> Job | None:
    [job] = stack.rows(Job, Job.id == job_id)
    return job if job.state in TERMINAL else None


def daxtra_outcome(stack: Stack, tenant, uploads: list[dict], failed_visibly: int) -> Outcome:
    documents = {d.id: d for d in stack.rows(Document, Document.tenant_id == tenant.id)}
    candidates = stack.rows(Candidate, Candidate.tenant_id == tenant.id)
    revisions = collections.Counter(
        r.document_id for r in stack.rows(CandidateRevision,
                                          CandidateRevision.tenant_id == tenant.id))
    completed = sum(1 for u in uploads if documents[u["document_id"]].parse_state == "parsed")
    duplicated = (max(0, len(candidates) - len(uploads))
                  + sum(n - 1 for n in revisions.values() if n > 1))
    return Outcome("parser backend (Daxtra) timeouts and 5xx", len(uploads), completed,
                   failed_visibly, len(uploads) - completed, duplicated)


# --------------------------------------------------------------------------- 5. DB connection


def database_connection_killed(workdir: Path) -> Outcome:
    """Requests whose PostgreSQL backend is terminated after their first rows were flushed
    (a test plugin does it from inside the request). Each answers a clean 503 (the error shape,
    Retry-After) and leaves nothing behind: no row, no job; the client's retry then completes
    the operation exactly once, and the server keeps serving."""
    settings = {"mustard.plugins": "tests.faults.db_killer"}
    with Stack("db", workdir, settings) as stack:
        stack.start_server(workers=1)
        worker = stack.start_worker(concurrency=1)
        tenant, api = stack.tenant_client()
        kill = {"X-Faults-Kill-Db": "after-first-flush"}
        existing = []
        for number in range(2):
            response = api.post("/api/v1/candidates", json={"name": f"Existing {number}"})
            assert response.status_code == 201, response.text
            existing.append(response.json())
        operations = []
        for number in range(4):
            operations.append(("create", "POST", "/api/v1/candidates",
                               {"json": {"name": f"Killed Create {number}",
                                         "email": f"killed.{number}@example.com"}}, 201))
        for number in range(3):
            filename, data, _ = person_cv("db", number)
            operations.append(("upload", "POST", "/api/v1/uploads",
                               {"files": {"file": (filename, data)}}, 202))
        for candidate in existing:
            operations.append(("change", "PATCH", f"/api/v1/candidates/{candidate['id']}",
                               {"json": {"headline": "Changed after a fault"}}, 200))
        operations.append(("synonym", "POST", "/api/v1/synonyms",
                           {"json": {"type": "synonym", "synonyms": ["killed", "terminated"]}},
                           201))
        refused = 0
        for _, method, path, kwargs, ok in operations:
            before = snapshot(stack, tenant)
            response = api.request(method, path, headers=kill, **kwargs)
            assert response.status_code == 503, (path, response.status_code, response.text)
            assert response.json()["error"]["code"] == "unavailable", response.text
            assert response.headers.get("Retry-After"), response.headers
            assert snapshot(stack, tenant) == before, f"{method} {path} left rows behind"
            refused += 1
            retry = api.request(method, path, **kwargs)
            assert retry.status_code == ok, (path, retry.status_code, retry.text)
        assert api.get("/api/v1/candidates").status_code == 200
        stack.wait_until(lambda: settled(stack, tenant), "every job to end", watch=[worker])
        counts = snapshot(stack, tenant)
        wanted = {"candidates": 2 + 4 + 3, "documents": 3, "synonyms": 1}
        changed = sum(1 for c in stack.rows(Candidate, Candidate.tenant_id == tenant.id)
                      if c.headline == "Changed after a fault")
        created = {c.email for c in stack.rows(Candidate, Candidate.tenant_id == tenant.id)}
        completed = (sum(1 for n in range(4) if f"killed.{n}@example.com" in created)
                     + min(counts["documents"], 3) + changed + min(counts["synonyms"], 1))
        duplicated = sum(max(0, counts[key] - wanted[key]) for key in wanted)
        stored = set(stack.platform.storage.keys(f"{tenant.id}/"))
        kept = {d.storage_key for d in stack.rows(Document, Document.tenant_id == tenant.id)}
        orphans = stored - kept
        assert not orphans, f"{len(orphans)} stored CVs have no document row (never erasable)"
        return Outcome("database connection killed mid-request", len(operations), completed,
                       refused, len(operations) - completed, duplicated,
                       notes="each answered 503 + Retry-After with no row (and no stored "
                             "file) left behind; the client's retry succeeded once")


def snapshot(stack: Stack, tenant) -> dict[str, int]:
    return {
        "candidates": len(stack.rows(Candidate, Candidate.tenant_id == tenant.id)),
        "documents": len(stack.rows(Document, Document.tenant_id == tenant.id)),
        "jobs": len(stack.rows(Job, Job.tenant_id == tenant.id)),
        "synonyms": len(stack.rows(Synonym, Synonym.tenant_id == tenant.id)),
        "headlines": sum(1 for c in stack.rows(Candidate, Candidate.tenant_id == tenant.id)
                         if c.headline),
    }


SCENARIOS = {
    "kill-worker": kill_worker_mid_parse,
    "restart-redis": restart_redis_during_uploads,
    "search-down": search_backend_down,
    "parser-faults": parser_backend_faults,
    "db-killed": database_connection_killed,
}
