"""Send the hostile corpus through the served API to a real worker and record what happened.

The stack is the fault scenarios' (tests/faults/stack.py): PostgreSQL, its own redis-server,
`mustard serve` and `mustard worker` processes. The worker's parser runs each file in the
sandboxed child with tight limits (LIMITS below), so a bomb ends as "too much memory" or
"took too long" instead of taking the worker with it. Multipart bodies are written by hand so
that hostile names (NUL, CR LF, quotes) reach the server byte for byte, as a hostile client
would send them; a browser or `requests` would escape them first.
"""

from __future__ import annotations

import threading
import unicodedata
import uuid
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from mustard_core.models import Candidate, Document, Job, JobState
from tests.faults.stack import Stack
from tests.hostile.corpus import FAILS, HANDLED, REFUSED, REFUSED_OR_FAILS, Hostile, corpus

LIMITS = {"mustard.parser.builtin.memory_mb": "384", "mustard.parser.builtin.cpu_seconds": "5",
          "mustard.parser.builtin.timeout_seconds": "15"}
SANDBOX_REASONS = ("the file needs too much memory to read", "the file took too long to read")
TERMINAL = {JobState.succeeded, JobState.failed, JobState.cancelled}


@dataclass
class Result:
    item: Hostile
    status: int
    message: str = ""
    document: Document | None = None
    job: Job | None = None
    download_headers: dict | None = None
    problems: list[str] | None = None

    @property
    def outcome(self) -> str:
        if self.job is None:
            return f"HTTP {self.status}"
        return f"HTTP {self.status}, parse {self.job.state.value}"

    @property
    def reason(self) -> str:
        if self.job is None:
            return self.message
        reason = self.job.error or "(parsed)"
        if "safe-name" in self.item.checks and isinstance(self.document, Document):
            reason += f"; stored name {self.document.filename[:60]!r}"
            if len(self.document.filename) > 60:
                reason += f" ({len(self.document.filename)} characters)"
        return reason

    @property
    def seconds(self) -> float | None:
        if self.job is None or not (self.job.started_at and self.job.finished_at):
            return None
        return (self.job.finished_at - self.job.started_at).total_seconds()


class Canary:
    """An HTTP server external entities point at; it counts every request it gets."""

    def __init__(self):
        canary = self
        self.hits: list[str] = []

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                canary.hits.append(self.path)
                self.send_response(200)
                self.end_headers()
                self.wfile.write(b"<!ENTITY fetched 'FETCHED'>")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def multipart(filename: str, data: bytes, kind: str) -> tuple[bytes, str]:
    """A multipart/form-data body with the file name written raw (UTF-8, nothing escaped)."""
    boundary = "mustard-hostile-" + uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\n{kind}\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
            ).encode() + filename.encode("utf-8", "surrogateescape") + (
            b"\"\r\nContent-Type: application/octet-stream\r\n\r\n") + data + (
            f"\r\n--{boundary}--\r\n").encode()
    return body, f"multipart/form-data; boundary={boundary}"


def readable(reason: str | None) -> bool:
    """A reason a recruiter can read: one short line of words, no stack trace, no internals."""
    return bool(reason) and len(reason) <= 400 and "\n" not in reason and \
        "Traceback" not in reason and not reason.startswith("internal error") and \
        any(ch.isalpha() for ch in reason)


def safe_name(name: str) -> bool:
    return (0 < len(name) <= 200 and "/" not in name and "\\" not in name
            and not name.startswith(".")
            and all(unicodedata.category(ch)[0] != "C" for ch in name))


def run_corpus(workdir: Path) -> tuple[list[Result], dict]:
    """Upload every hostile file, wait for every parse, check each; returns the results and
    facts about the worker (alive, same process, parses a normal CV afterwards)."""
    canary = Canary()
    try:
        with Stack("hostile", workdir, LIMITS) as stack:
            stack.start_server(workers=2)
            worker = stack.start_worker(concurrency=2)
            tenant, api = stack.tenant_client()
            results = [upload(api, item) for item in corpus(canary.url)]
            stack.wait_until(lambda: all(finished(stack, r) for r in results), "every parse",
                             timeout=240, watch=[worker])
            for result in results:
                judge(stack, api, result, canary, tenant)
            from tests.faults.scenarios import person_cv

            filename, data, _ = person_cv("after-hostile", 1)
            body, content_type = multipart(filename, data, "cv")
            after = api.post("/api/v1/uploads", data=body,
                             headers={"Content-Type": content_type}).json()
            final = stack.wait_until(lambda: finished_job(stack, after["job"]["id"]),
                                     "the normal CV after the corpus", watch=[worker])
            facts = {"worker_alive": worker.alive(), "normal_cv_after": final.state.value,
                     "canary_hits": list(canary.hits)}
            return results, facts
    finally:
        canary.stop()


def upload(api, item: Hostile) -> Result:
    body, content_type = multipart(item.filename, item.data, item.kind)
    response = api.post("/api/v1/uploads", data=body, headers={"Content-Type": content_type})
    try:
        payload = response.json()
    except ValueError:
        return Result(item, response.status_code, f"(not JSON: {response.text[:80]!r})")
    if response.status_code == 202:
        result = Result(item, 202)
        result.document = payload["document"]
        result.job = payload["job"]
        return result
    return Result(item, response.status_code, payload.get("error", {}).get("message", ""))


def finished(stack: Stack, result: Result) -> bool:
    if result.job is None:
        return True
    job = finished_job(stack, result.job["id"] if isinstance(result.job, dict) else result.job.id)
    return job is not None


def finished_job(stack: Stack, job_id: str) -> Job | None:
    rows = stack.rows(Job, Job.id == job_id)
    return rows[0] if rows and rows[0].state in TERMINAL else None


def judge(stack: Stack, api, result: Result, canary: Canary, tenant) -> None:
    """Load the final rows and list every way this result breaks its expectation."""
    item = result.item
    problems: list[str] = []
    if result.job is not None:
        result.job = stack.rows(Job, Job.id == result.job["id"])[0]
        result.document = stack.rows(Document, Document.id == result.document["id"])[0]
    refused = 400 <= result.status < 500
    failed = result.job is not None and result.job.state == JobState.failed
    if result.status != 202 and not refused:
        problems.append(f"answered HTTP {result.status}")
    if refused and not readable(result.message):
        problems.append(f"unreadable refusal {result.message!r}")
    if failed and not readable(result.job.error):
        problems.append(f"unreadable failure {result.job.error!r}")
    if result.document is not None and result.document.kind.value == "cv" and \
            result.job.state == JobState.failed and result.document.parse_state != "failed":
        problems.append("the document does not show the failed parse")
    wanted = {REFUSED: refused, FAILS: failed, REFUSED_OR_FAILS: refused or failed,
              HANDLED: result.status == 202 and result.job is not None
              and result.job.state in TERMINAL}[item.expect]
    if not wanted:
        problems.append(f"expected {item.expect}, got {result.outcome}")
    if "safe-name" in item.checks and result.document is not None and \
            not safe_name(result.document.filename):
        problems.append(f"stored name {result.document.filename!r}")
    if result.document is not None:
        response = api.get(f"/api/v1/documents/{result.document.id}/download")
        headers = {k.lower(): v for k, v in response.headers.items()}
        result.download_headers = headers
        disposition = headers.get("content-disposition", "")
        if response.status_code != 200 or not disposition.startswith("attachment;") or \
                headers.get("x-content-type-options") != "nosniff" or \
                "x-injected" in headers or "\r" in disposition or "\n" in disposition:
            problems.append(f"download headers {headers}")
    if "no-passwd" in item.checks:
        texts = [str(c.profile) for c in stack.rows(Candidate, Candidate.tenant_id == tenant.id)]
        if any("root:x:0:0" in text for text in texts):
            problems.append("/etc/passwd reached a candidate")
    if "no-fetch" in item.checks and canary.hits:
        problems.append(f"external entities were fetched: {canary.hits}")
    if item.label in {"pdf-flate-bomb", "pdf-glyph-flood"} and (
            result.job is None or result.job.error not in SANDBOX_REASONS):
        problems.append("the sandbox's limit did not end it")
    result.problems = problems


def table(results: list[Result], facts: dict, markdown: bool = True) -> str:
    """The results as a Markdown table, then the facts about the worker."""
    lines = ["| file | what it is | expected | outcome | reason | parse time |",
             "|---|---|---|---|---|---|"]
    for r in results:
        seconds = f"{r.seconds:.1f} s" if r.seconds is not None else "-"
        reason = r.reason.replace("|", "/")
        flag = "" if not r.problems else " **NOT OK: " + "; ".join(r.problems) + "**"
        lines.append(f"| {r.item.label} | {r.item.what} | {r.item.expect} | {r.outcome} | "
                     f"{reason}{flag} | {seconds} |")
    ok = sum(1 for r in results if not r.problems)
    lines.append("")
    lines.append(f"{ok} of {len(results)} files handled as expected; worker alive after the "
                 f"corpus: {facts['worker_alive']}; a normal CV uploaded afterwards: "
                 f"{facts['normal_cv_after']}; requests to the external-entity canary: "
                 f"{len(facts['canary_hits'])}.")
    return "\n".join(lines)
