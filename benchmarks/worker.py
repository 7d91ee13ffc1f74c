"""Benchmark 6: a worker's memory after many tasks (a leak check), and what a task costs.

A process of its own (`python -m benchmarks.worker`, the "worker") builds the platform as a
worker does and runs `index` jobs (one candidate each, the most frequent task in production)
through `execute_job`, the function the Celery task and the in-process runner both call. Jobs
are written in batches, then run one by one in this thread. The resident set size is read after
a garbage collection at each checkpoint: after a warm-up, after the first and after the second
count. A worker that leaks grows roughly in proportion to the tasks it ran; one that does not
stays flat once warm.

The worker also times the task itself: the job machinery around an index call (lock, job row,
transactions, metrics) against the bare work (read the candidate, build its search record,
`search.index`), both on the SQL provider.
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any

from benchmarks.children import run_json
from benchmarks.context import Bench
from benchmarks.measure import Deadline, Summary, settled_rss_mib
from benchmarks.reindex import NullDispatcher
from benchmarks.report import Row

BATCH = 250
TIME_BUDGET_SECONDS = {True: 60.0, False: 900.0}


def run(bench: Bench) -> None:
    first, second = bench.sizes.worker_tasks
    answer = run_json("benchmarks.worker", {
        "settings": bench.space.settings(), "tenant_id": bench.agency.tenant.id,
        "checkpoints": [first, second], "budget": TIME_BUDGET_SECONDS[bench.quick],
        "bare_samples": 100 if bench.quick else 300},
        timeout=TIME_BUDGET_SECONDS[bench.quick] + 120)
    readings = {int(k): v for k, v in answer["rss"].items()}
    done = max(readings)
    if done < second:
        bench.results.note(f"Worker: the time budget ended the run after {done:,} tasks "
                           f"instead of {second:,}.")
    low = readings.get(first, readings[min(readings)])
    grown_kib = (readings[done] - low) * 1024
    bench.results.add(Row(
        "6. Worker", f"RSS after {done:,} index tasks", "MiB", Summary.of([readings[done]]),
        reference=f"RSS after {first:,} tasks", reference_figure=Summary.of([low]),
        note=(f"{answer['warm_mib']:.0f} MiB after {answer['warm_tasks']} tasks; "
              f"{grown_kib / max(1, done - first):.2f} KiB per task after {first:,}")))
    bench.results.add(Row(
        "6. Worker", "one index task through execute_job", "ms", Summary.of(answer["task_ms"]),
        reference="the same index work without the job machinery",
        reference_figure=Summary.of(answer["bare_ms"])))


# --------------------------------------------------------------------------- the worker


def work(request: dict[str, Any]) -> dict[str, Any]:
    from sqlalchemy import select

    from mustard_core.jobs import enqueue, execute_job
    from mustard_core.models import Candidate, Job, JobState, Tenant
    from mustard_core.platform import build_platform
    from mustard_core.services.candidates import search_record

    platform = build_platform(request["settings"], dispatcher_factory=NullDispatcher)
    tenant_id = request["tenant_id"]
    first, second = request["checkpoints"]
    deadline = Deadline(request["budget"])
    warm_tasks = max(10, first // 10)
    with platform.session(tenant_id, write=False) as session:
        ids = list(session.scalars(select(Candidate.id).order_by(Candidate.id).limit(5000)))
    rss: dict[int, float] = {}
    warm = 0.0
    task_ms: list[float] = []
    done = 0
    try:
        while done < second and not deadline.passed:
            target = next(t for t in (warm_tasks, first, second) if t > done)
            with platform.session(tenant_id) as session:
                job_ids = [enqueue(session, tenant_id=tenant_id, kind="index",
                                   payload={"candidate_ids": [ids[(done + n) % len(ids)]]}).id
                           for n in range(min(BATCH, target - done))]
            for job_id in job_ids:
                began = time.perf_counter()
                execute_job(platform, job_id)
                task_ms.append((time.perf_counter() - began) * 1000)
            done += len(job_ids)
            if done == warm_tasks:
                warm = settled_rss_mib()
            if done in (first, second):
                rss[done] = settled_rss_mib()
        if done not in rss:
            rss[done] = settled_rss_mib()
        with platform.session(tenant_id, write=False) as session:
            failed = session.scalar(select(Job.id).where(Job.state != JobState.succeeded)
                                    .limit(1))
        if failed is not None:
            raise RuntimeError(f"an index job did not succeed: {failed}")
        bare_ms = []
        with platform.session(tenant_id, write=False) as session:
            tenant = session.get(Tenant, tenant_id).ref()
        for n in range(min(len(task_ms), request["bare_samples"])):
            began = time.perf_counter()
            with platform.session(tenant_id, write=False) as reader:
                rows = reader.scalars(select(Candidate).where(Candidate.id.in_([ids[n]]))).all()
                records = [search_record(row) for row in rows]
            platform.search.index(tenant, records)
            bare_ms.append((time.perf_counter() - began) * 1000)
    finally:
        platform.engine.dispose()
    return {"rss": rss, "warm_mib": warm, "warm_tasks": warm_tasks,
            "task_ms": task_ms[warm_tasks:] or task_ms, "bare_ms": bare_ms}


def main() -> int:
    print(json.dumps(work(json.loads(sys.stdin.read()))), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
