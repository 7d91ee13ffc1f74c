"""Benchmark 3: a full reindex into the Algolia plugin, against the plugin's fake server.

The reindex runs the way a worker runs it: a `reindex` job row executed by `execute_job` in a
process of its own (`python -m benchmarks.reindex`, the "worker"), with `mustard.search =
algolia` pointed at the fake Algolia in a third process. The worker reports its throughput, its
resident memory before the job and its peak during it; the job streams candidates from
PostgreSQL in bounded batches, so the peak must not grow with the number of candidates. It is
measured at both data sizes and the larger peak is reported against the smaller one.

The reference is the same process streaming the same records out of PostgreSQL without sending
them anywhere: the ratio is what the plugin and the fake add.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from typing import Any

from benchmarks.children import run_json, started
from benchmarks.context import Bench
from benchmarks.measure import Summary, peak_rss_mib, settled_rss_mib
from benchmarks.report import Row

FAKE_APP_ID, FAKE_ADMIN_KEY, FAKE_SEARCH_KEY = "FAKEAPPID", "fake-admin-key", "fake-search-key"


def run(bench: Bench) -> None:
    size = bench.loaded
    with started([sys.executable, "-m", "benchmarks.algolia_fake"], stdin=subprocess.PIPE,
                 stdout=subprocess.PIPE, text=True) as fake:
        url = json.loads(fake.stdout.readline())["url"]
        settings = bench.space.settings(**{
            "mustard.search": "algolia",
            "mustard_algolia.app_id": FAKE_APP_ID,
            "mustard_algolia.api_key": FAKE_ADMIN_KEY,
            "mustard_algolia.search_api_key": FAKE_SEARCH_KEY,
            "mustard_algolia.hosts": url,
        })
        answer = run_json("benchmarks.reindex", {"settings": settings,
                                                 "tenant_id": bench.agency.tenant.id},
                          timeout=900)
        fake.stdin.close()
        served = json.loads(fake.stdout.readline())
    if answer["state"] != "succeeded" or answer["indexed"] != size:
        raise RuntimeError(f"the Algolia reindex did not index {size} candidates: {answer}")
    live = f"bench_{bench.agency.tenant.slug}_candidates"
    if served["errors"] or served["records"].get(live) != size:
        raise RuntimeError(f"the fake Algolia holds {served} after the reindex")
    runs: dict[int, dict[str, Any]] = bench.extras.setdefault("algolia", {})
    runs[size] = answer
    bench.results.add(Row(
        "3. Reindex", f"Algolia plugin (fake server): full reindex of {size:,} candidates",
        "cand/s", Summary.of([size / answer["seconds"]], higher_is_better=True),
        reference="streaming the same records, same process",
        reference_figure=Summary.of([size / answer["stream_seconds"]], higher_is_better=True),
        note=f"{answer['seconds']:.1f} s, one run"))
    if len(runs) == 2:
        small, large = sorted(runs)
        bench.results.add(Row(
            "3. Reindex", f"peak RSS of the reindexing worker at {large:,} candidates", "MiB",
            Summary.of([runs[large]["peak_mib"]]),
            reference=f"the same at {small:,} candidates",
            reference_figure=Summary.of([runs[small]["peak_mib"]]),
            note=(f"{runs[small]['baseline_mib']:.0f} MiB before the job; grew "
                  f"{runs[small]['peak_mib'] - runs[small]['baseline_mib']:.0f} and "
                  f"{runs[large]['peak_mib'] - runs[large]['baseline_mib']:.0f} MiB")))


# --------------------------------------------------------------------------- the worker


class NullDispatcher:
    """Publishes nothing: the benchmark runs its one job itself, in this thread."""

    def __init__(self, platform: Any):
        self.platform = platform

    def publish(self, job_id: str, *, delay: float = 0) -> None:
        pass

    def stop(self) -> None:
        pass


def reindex_in_worker(request: dict[str, Any]) -> dict[str, Any]:
    from mustard_core.jobs import enqueue, execute_job
    from mustard_core.models import Job
    from mustard_core.platform import build_platform
    from mustard_core.services.candidates import iter_search_records

    platform = build_platform(request["settings"], dispatcher_factory=NullDispatcher)
    tenant_id = request["tenant_id"]
    try:
        if not platform.search.health().ok:
            raise RuntimeError("the fake Algolia is not reachable")
        baseline = settled_rss_mib()
        with platform.session(tenant_id) as session:
            job_id = enqueue(session, tenant_id=tenant_id, kind="reindex").id
        began = time.perf_counter()
        execute_job(platform, job_id)
        seconds = time.perf_counter() - began
        peak = peak_rss_mib()
        with platform.session(tenant_id, write=False) as session:
            job = session.get(Job, job_id)
            state, result, error = job.state.value, dict(job.result or {}), job.error
        began = time.perf_counter()
        with platform.session(tenant_id, write=False) as reader:
            streamed = sum(1 for _ in iter_search_records(reader))
        stream_seconds = time.perf_counter() - began
    finally:
        platform.engine.dispose()
    return {"state": state, "error": error, "indexed": result.get("indexed"),
            "seconds": seconds, "stream_seconds": stream_seconds, "streamed": streamed,
            "baseline_mib": baseline, "peak_mib": peak}


def main() -> int:
    request = json.loads(sys.stdin.read())
    print(json.dumps(reindex_in_worker(request)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
