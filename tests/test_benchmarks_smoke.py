"""The benchmarks' quick mode runs end to end, fills every row of the table, and leaves nothing
behind (database, Redis keys, processes). No timing is asserted: the figures are for reading.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import redis
import sqlalchemy as sa

from benchmarks.environment import PG_ADMIN_URL, REDIS_URL, RUN_VARIABLE
from benchmarks.pipeline import writers
from benchmarks.search import QUERY_KINDS
from mustard_core.resumes.options import BUILTIN_TEMPLATES

ROOT = Path(__file__).resolve().parent.parent
ROW = re.compile(r"^\| (\d\. \w+) \| (.+?) \| (.+?) \| (.+?) \| (.+?) \| (.+?) \| (.+?) \| "
                 r"(.+?) \| (.+?) \| (\d+) \|$")


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory) -> tuple[str, str]:
    """stdout of `python -m benchmarks --quick --output FILE`, and the file."""
    output = tmp_path_factory.mktemp("bench") / "RESULTS.md"
    done = subprocess.run([sys.executable, "-m", "benchmarks", "--quick", "--output",
                           str(output)], cwd=ROOT, capture_output=True, text=True, timeout=600,
                          check=False)
    assert done.returncode == 0, f"the quick benchmark failed:\n{done.stdout[-3000:]}\n" \
                                 f"{done.stderr[-5000:]}"
    return done.stdout, output.read_text(encoding="utf-8")


def rows(text: str) -> list[tuple[str, ...]]:
    return [match.groups() for line in text.splitlines() if (match := ROW.match(line))]


def measures(text: str, group: str) -> list[str]:
    return [row[1] for row in rows(text) if row[0] == group]


@pytest.mark.slow
def test_every_row_is_measured_beside_its_reference(quick_run):
    stdout, written = quick_run
    table = rows(written)
    assert table == rows(stdout), "the file holds the table that was printed"
    for row in table:
        median, reference, ref_median, ratio = row[2], row[5], row[6], row[8]
        assert re.match(r"^-?[\d,.]+ \S+$", median), row
        assert reference != "-" and re.match(r"^[\d,.]+ \S+$", ref_median), row
        assert re.match(r"^[\d.]+x$", ratio), row


@pytest.mark.slow
def test_every_benchmark_of_the_issue_has_its_rows(quick_run):
    _stdout, text = quick_run
    api = measures(text, "1. API")
    endpoints = {m.rsplit(": ", 1)[0] for m in api}
    assert len(endpoints) in (3, 5)  # without / with the response cache
    for endpoint in endpoints:
        assert f"{endpoint}: throughput" in api and f"{endpoint}: latency" in api
    assert any("/candidates/{id}" in e for e in endpoints)
    assert any("list page" in e for e in endpoints)

    search = measures(text, "2. Search")
    for kind in QUERY_KINDS:
        assert sum(m.startswith(f"{kind} at ") for m in search) == 2, kind  # both sizes
    assert sum(m.startswith("SQL provider: full reindex") for m in search) == 2

    reindex = measures(text, "3. Reindex")
    assert sum(m.startswith("Algolia plugin (fake server): full reindex") for m in reindex) == 2
    assert any(m.startswith("peak RSS of the reindexing worker") for m in reindex)

    pipeline = measures(text, "4. Pipeline")
    for fmt in writers():
        assert any(m.startswith(f"built-in parser alone, {fmt.upper()} CV") for m in pipeline)
    assert any(m.startswith("upload → parse → index") for m in pipeline)

    pdf = measures(text, "5. PDF")
    for template in BUILTIN_TEMPLATES:
        assert any(f"template '{template}'" in m for m in pdf), template

    worker = measures(text, "6. Worker")
    assert any(m.startswith("RSS after") for m in worker)
    assert any(m.startswith("one index task through execute_job") for m in worker)

    assert "### Machine" in text and "**PostgreSQL**" in text and "**CPU**" in text


@pytest.mark.slow
def test_nothing_is_left_behind(quick_run):
    stdout, _text = quick_run
    run_id = re.search(r"Run (\w+): database mustard_bench_\1", stdout).group(1)
    engine = sa.create_engine(PG_ADMIN_URL)
    try:
        with engine.connect() as conn:
            left = conn.execute(sa.text("SELECT datname FROM pg_database WHERE datname = :n"),
                                {"n": f"mustard_bench_{run_id}"}).all()
    finally:
        engine.dispose()
    assert left == []
    client = redis.Redis.from_url(REDIS_URL)
    try:
        assert list(client.scan_iter(match=f"mustard-bench-{run_id}*", count=1000)) == []
    finally:
        client.close()
    marker = f"{RUN_VARIABLE}={run_id}".encode()
    alive = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            environ = Path(f"/proc/{pid}/environ").read_bytes()
        except OSError:
            continue  # ended meanwhile, or not ours to read
        if marker in environ.split(b"\0"):
            alive.append(pid)
    assert alive == [], f"processes of the benchmark run still alive: {alive}"
