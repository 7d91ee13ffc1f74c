"""Benchmark 1: API throughput and latency under gunicorn, against a bare Pyramid route.

Two gunicorn servers on 127.0.0.1 with the production configuration
(`mustard_core.gunicorn_conf`: gthread, 2 workers x 4 threads, access log): one serves the
platform on the benchmark database, the other `benchmarks.wsgi:bare_app()`, one route returning a
constant JSON body. A load generator in a separate process (wrk when installed, else
benchmarks.loadgen) keeps 8 keep-alive connections busy for `api_seconds` per run. Each round
measures the bare route and every endpoint once, so the figure and its reference share the
machine's state; rounds repeat `api_rounds` times.

Endpoints, all as a recruiter with a bearer token, on the large data set (when the server
answers with an X-Mustard-Cache header, i.e. the response cache of mustard_core/cache.py is on):
- GET /api/v1/candidates/{id}, cache miss (every request names a candidate no request named
  before) and cache hit (1,000 candidates, each requested once before the runs);
- the same with If-None-Match carrying the candidate's ETag: 304 Not Modified, the cheapest
  answer the API gives for a candidate the client has already seen;
- GET /api/v1/candidates, the first page of 50 (newest change first): cache miss (a distinct
  `updated_since` every candidate passes, so the same rows under a new key) and cache hit.
Without the cache: the candidate over 1,000 candidates, the 304 and the plain list page.
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import text

from benchmarks.children import child_environment, free_port, run_json, started
from benchmarks.context import Bench
from benchmarks.measure import Summary, percentile
from benchmarks.report import Row

CONNECTIONS = 8
HOT_IDS = {True: 100, False: 1000}
"""Candidates requested before the runs, so that 'cache hit' runs only hit."""
LIST_VARIANTS = 20_000


def load_generator() -> str:
    if os.environ.get("MUSTARD_BENCH_CLIENT") != "python" and shutil.which("wrk"):
        return "wrk"
    return "python"


def machine_extra() -> dict[str, str]:
    from importlib.metadata import version

    client = load_generator()
    if client == "wrk":
        done = subprocess.run(["wrk", "--version"], capture_output=True, text=True, check=False)
        client = (done.stdout or done.stderr).splitlines()[0].split(" Copyright")[0]
    else:
        client = "benchmarks.loadgen (Python threads)"
    return {"Load generator": f"{client}, {CONNECTIONS} connections",
            "gunicorn": version("gunicorn"), "WeasyPrint": version("weasyprint"),
            "SQLAlchemy": version("sqlalchemy")}


@dataclass
class Target:
    """One endpoint as measured: `requests(run)` gives the [path, headers] list of a run (run 0
    is the warm-up), `status` is what every answer must be, `cache` what X-Mustard-Cache must
    say when the cache exists."""

    name: str
    requests: Callable[[int], list[list[Any]]]
    status: int = 200
    cache: str | None = None


def run(bench: Bench) -> None:
    settings = json.dumps(bench.space.settings())
    mustard_port, bare_port = free_port(), free_port()
    with ExitStack() as stack:
        logs = stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-gunicorn-"))
        for app, port in (("mustard_app()", mustard_port), ("bare_app()", bare_port)):
            log = stack.enter_context(open(Path(logs) / f"{port}.log", "w"))
            stack.enter_context(started(
                [sys.executable, "-m", "gunicorn", f"benchmarks.wsgi:{app}",
                 "--bind", f"127.0.0.1:{port}", "--config", "python:mustard_core.gunicorn_conf"],
                stdout=subprocess.DEVNULL, stderr=log,
                env=child_environment(MUSTARD_BENCH_SETTINGS=settings,
                                      MUSTARD_WEB_WORKERS="2", MUSTARD_WEB_THREADS="4")))
        _wait_ready(mustard_port, "/healthz", Path(logs) / f"{mustard_port}.log")
        _wait_ready(bare_port, "/bare", Path(logs) / f"{bare_port}.log")
        targets, cached = _targets(bench, mustard_port)
        bare = Target("bare", lambda _run: [["/bare", {}]])
        runs: dict[str, list[dict[str, float]]] = {t.name: [] for t in (bare, *targets)}
        rounds = bench.sizes.api_rounds
        for number in range(rounds + 1):  # run 0 warms every worker and is not counted
            seconds = 1.0 if number == 0 else bench.sizes.api_seconds
            for target in (bare, *targets):
                port = bare_port if target is bare else mustard_port
                measured = _measure(port, target.requests(number), seconds, bench)
                if number:
                    runs[target.name].append(measured)
    reference = runs.pop("bare")
    for name, measured in runs.items():
        bench.results.add(Row(
            "1. API", f"{name}: throughput", "req/s",
            Summary.of([m["rps"] for m in measured], higher_is_better=True),
            reference="bare Pyramid route, same gunicorn setup",
            reference_figure=Summary.of([m["rps"] for m in reference], higher_is_better=True)))
        bench.results.add(Row(
            "1. API", f"{name}: latency", "ms", _latency(measured),
            reference="bare Pyramid route, same gunicorn setup",
            reference_figure=_latency(reference), show_p99=True))
    bench.results.note(
        f"API: {bench.loaded:,} candidates; each run {bench.sizes.api_seconds:g} s with "
        f"{CONNECTIONS} connections, {rounds} rounds after a warm-up round; latency columns "
        "are the medians over the runs of each run's p50, p95 and p99. "
        + ("The response cache (mustard_core/cache.py, Redis) is on: 'cache miss' requests "
           "name candidates (or list filters) no earlier request named, 'cache hit' ones were "
           "all requested once before the run." if cached else
           "No server-side cache exists (mustard_core/cache.py is absent): every read is "
           "uncached."))


def _targets(bench: Bench, port: int) -> tuple[list[Target], bool]:
    """The endpoints, and whether the server answers from a response cache."""
    auth = {"Authorization": f"Bearer {bench.agency.token}"}
    with bench.platform.engine.connect() as conn:
        rows = conn.execute(text("SELECT id, version FROM candidates WHERE tenant_id = :t "
                                 "ORDER BY md5(id)"), {"t": bench.agency.tenant.id}).all()
    hot = rows[:HOT_IDS[bench.quick]]
    cold = rows[len(hot):]
    runs = bench.sizes.api_rounds + 1
    per_run = len(cold) // (runs + 1)  # the last slice is left for the checks below

    def item(candidate_id: str) -> str:
        return f"/api/v1/candidates/{candidate_id}"

    def cold_slice(run: int) -> list[list[Any]]:
        return [[item(i), auth] for i, _ in cold[run * per_run:(run + 1) * per_run]]

    def cold_lists(run: int) -> list[list[Any]]:
        first = datetime(2001, 1, 1, tzinfo=UTC) + timedelta(days=run * 10)
        return [[f"/api/v1/candidates?updated_since="
                 f"{(first + timedelta(seconds=n)).strftime('%Y-%m-%dT%H:%M:%SZ')}", auth]
                for n in range(LIST_VARIANTS)]

    probe = cold[-1][0]
    cached = _get(port, item(probe), auth).getheader("X-Mustard-Cache") is not None
    if not cached:
        return [Target("GET /api/v1/candidates/{id} (no server-side cache)",
                       lambda _run: [[item(i), auth] for i, _ in hot]),
                Target("GET /api/v1/candidates/{id}, If-None-Match (304)",
                       lambda _run: [[item(i), {**auth, "If-None-Match": f'"{i}-{v}"'}]
                                     for i, v in hot], status=304),
                Target("GET /api/v1/candidates (list page of 50)",
                       lambda _run: [["/api/v1/candidates", auth]])], False
    for candidate_id, _ in hot:  # every hot candidate is in the cache before the first run
        _get(port, item(candidate_id), auth)
    _get(port, "/api/v1/candidates", auth)
    targets = [
        Target("GET /api/v1/candidates/{id}, cache miss", cold_slice, cache="miss"),
        Target("GET /api/v1/candidates/{id}, cache hit",
               lambda _run: [[item(i), auth] for i, _ in hot], cache="hit"),
        Target("GET /api/v1/candidates/{id}, If-None-Match (304 from the cache)",
               lambda _run: [[item(i), {**auth, "If-None-Match": f'"{i}-{v}"'}]
                             for i, v in hot], status=304, cache="hit"),
        Target("GET /api/v1/candidates (list page of 50), cache miss", cold_lists,
               cache="miss"),
        Target("GET /api/v1/candidates (list page of 50), cache hit",
               lambda _run: [["/api/v1/candidates", auth]], cache="hit"),
    ]
    for target in targets:  # each answers what we mean to measure, the first time it is asked
        path, headers = target.requests(runs)[0] if target.cache == "miss" else \
            target.requests(0)[0]
        response = _get(port, path, headers)
        state = response.getheader("X-Mustard-Cache")
        if response.status != target.status or state != target.cache:
            raise RuntimeError(f"{target.name} answered {response.status} ({state})")
    return targets, True


def _get(port: int, path: str, headers: dict[str, str]) -> http.client.HTTPResponse:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    response.read()
    conn.close()
    return response


def _wait_ready(port: int, path: str, log: Path, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", path)
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn on port {port} did not answer {path}: "
                       f"{log.read_text()[-3000:]}")


def _measure(port: int, requests: list[list[Any]], seconds: float,
             bench: Bench) -> dict[str, float]:
    if load_generator() == "wrk":
        return _wrk(port, requests, seconds, bench.space.folder)
    answer = run_json("benchmarks.loadgen", {"port": port, "requests": requests,
                                             "connections": CONNECTIONS, "seconds": seconds},
                      timeout=seconds + 120)
    bad = {k: v for k, v in answer["statuses"].items() if k not in ("200", "304")}
    if bad or answer["errors"]:
        raise RuntimeError(f"load on port {port}: {answer['errors']} errors, statuses {bad}")
    values = answer["latencies_ms"]
    return {"rps": answer["requests"] / answer["seconds"], "p50": percentile(values, 0.5),
            "p95": percentile(values, 0.95), "p99": percentile(values, 0.99)}


WRK_SCRIPT = """
local requests = %s
local threads = 0
setup = function(thread)
  thread:set("first", threads)
  threads = threads + 1
end
init = function(_)
  -- each thread starts at its own share of the list (2 threads: the start and the middle)
  counter = first * math.floor(#requests / 2)
end
request = function()
  counter = counter + 1
  local item = requests[(counter %% #requests) + 1]
  return wrk.format("GET", item[1], item[2])
end
done = function(summary, latency, _)
  local e = summary.errors
  io.write(string.format(
    "\\nRESULT {\\"requests\\": %%d, \\"seconds\\": %%f, \\"errors\\": %%d, \\"status\\": %%d, " ..
    "\\"p50\\": %%f, \\"p95\\": %%f, \\"p99\\": %%f}\\n",
    summary.requests, summary.duration / 1e6, e.connect + e.read + e.write + e.timeout,
    e.status, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000))
end
"""


def _lua(value: Any) -> str:
    if isinstance(value, list):
        return "{" + ", ".join(_lua(v) for v in value) + "}"
    if isinstance(value, dict):
        return "{" + ", ".join(f"[{_lua(k)}] = {_lua(v)}" for k, v in value.items()) + "}"
    return json.dumps(value)  # strings and numbers read the same in Lua


def _wrk(port: int, requests: list[list[Any]], seconds: float, folder: str) -> dict[str, float]:
    script = Path(folder) / f"wrk-{port}-{len(requests)}.lua"
    script.write_text(WRK_SCRIPT % _lua(requests))
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{max(1, round(seconds))}s", "--timeout", "30s",
               "-s", str(script), f"http://127.0.0.1:{port}"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60,
                          check=False)
    lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"wrk failed: {done.stdout[-1000:]} {done.stderr[-1000:]}")
    answer = json.loads(lines[-1][len("RESULT "):])
    if answer["errors"] or answer["status"]:
        raise RuntimeError(f"load on port {port}: {answer}")
    return {"rps": answer["requests"] / answer["seconds"], "p50": answer["p50"],
            "p95": answer["p95"], "p99": answer["p99"]}


def _latency(measured: list[dict[str, float]]) -> Summary:
    def median(key: str) -> float:
        return percentile([m[key] for m in measured], 0.5)

    return Summary(median("p50"), median("p95"), median("p99"), len(measured))
