"""One benchmark run: set up the workspace, run each benchmark in order, write the table.

The order matters and is fixed: the data set grows from the small size to the large one, and
each benchmark that needs data runs when the data it needs is there. PDF rendering needs no
database and runs first, while the machine is quiet.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks import api, pdf, pipeline, reindex, search, worker
from benchmarks.context import FULL, QUICK, Bench
from benchmarks.data import CandidateGenerator
from benchmarks.environment import create_agency, make_platform, postgres_version, workspace
from benchmarks.report import Results, describe_machine, markdown

log = logging.getLogger("benchmarks")

KEEP_MARKER = "<!-- Everything below this line is written by hand and kept by each run. -->"
TITLE = "# Mustard benchmarks\n\nWritten by `python -m benchmarks`; see README.md for methods.\n"

STAGES = ("pdf", "search", "reindex", "api", "worker", "pipeline")


def run(*, quick: bool, output: Path | None, only: tuple[str, ...] = STAGES,
        echo: Callable[[str], None] = print) -> Results:
    sizes = QUICK if quick else FULL
    results = Results(mode="quick" if quick else "full")
    began = time.perf_counter()
    load_at_start = os.getloadavg()

    def stage(name: str) -> bool:
        if name in only:
            echo(f"-- {name} ({time.perf_counter() - began:.0f} s)")
            return True
        return False

    if stage("pdf"):
        pdf.run(sizes, results)
    needs_data = {"search", "reindex", "api", "worker", "pipeline"} & set(only)
    if needs_data:
        with workspace() as space:
            results.note(f"Run {space.run_id}: database mustard_bench_{space.run_id}, Redis "
                         f"prefix {space.queue}; both removed at the end.")
            platform = make_platform(space)
            try:
                bench = Bench(sizes=sizes, quick=quick, results=results, space=space,
                              platform=platform, generator=CandidateGenerator(),
                              agency=create_agency(platform, "bench-main"))
                search.add_synonyms(bench)
                for size in (sizes.small, sizes.large):
                    if {"search", "reindex", "api", "worker"} & set(only):
                        echo(f"-- data: {size:,} candidates "
                             f"({time.perf_counter() - began:.0f} s)")
                        search.grow(bench, size)
                    if stage("search"):
                        search.measure_search(bench)
                    if stage("reindex"):
                        reindex.run(bench)
                if stage("api"):
                    api.run(bench)
                if stage("worker"):
                    worker.run(bench)
                if stage("pipeline"):
                    pipeline.run(bench)
            finally:
                platform.dispatcher.stop()
                platform.engine.dispose()
    results.elapsed_seconds = time.perf_counter() - began
    load = "{:.2f}, {:.2f}, {:.2f}"
    results.machine = describe_machine(postgres_version(), extra={
        **api.machine_extra(),
        "Load average (1, 5, 15 min)": f"{load.format(*load_at_start)} at the start, "
                                       f"{load.format(*os.getloadavg())} at the end"})
    text = markdown(results)
    echo(text)
    if output is not None:
        write_results(output, text)
    return results


def write_results(path: Path, text: str) -> None:
    """Replace the generated part of the file, keeping whatever follows KEEP_MARKER."""
    kept = ""
    if path.exists():
        previous = path.read_text(encoding="utf-8")
        if KEEP_MARKER in previous:
            kept = previous[previous.index(KEEP_MARKER):]
    path.write_text(f"{TITLE}\n{text}\n{kept or KEEP_MARKER + chr(10)}", encoding="utf-8")
