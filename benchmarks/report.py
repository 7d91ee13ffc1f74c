"""The results table: one row per figure, beside its reference, and the machine it ran on."""

from __future__ import annotations

import datetime as dt
import math
import os
import platform
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.measure import Summary


@dataclass
class Row:
    """One figure and its reference, measured in the same run.

    `ratio` is figure / reference (medians): for latencies how many times slower than the
    reference, for throughputs the fraction of the reference's rate."""

    benchmark: str
    measure: str
    unit: str
    figure: Summary
    reference: str = ""
    reference_figure: Summary | None = None
    note: str = ""
    show_p99: bool = False

    @property
    def ratio(self) -> float | None:
        if self.reference_figure is None or not self.reference_figure.median:
            return None
        return self.figure.median / self.reference_figure.median


@dataclass
class Results:
    mode: str
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    machine: dict[str, str] = field(default_factory=dict)
    elapsed_seconds: float = 0.0

    def add(self, row: Row) -> Row:
        self.rows.append(row)
        return row

    def note(self, text: str) -> None:
        self.notes.append(text)


def number(value: float | None, unit: str = "") -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return EMPTY
    magnitude = abs(value)
    if magnitude >= 100:
        text = f"{value:,.0f}"
    elif magnitude >= 10:
        text = f"{value:.1f}"
    elif magnitude >= 1:
        text = f"{value:.2f}"
    else:
        text = f"{value:.3f}"
    return f"{text} {unit}".strip()


EMPTY = "-"

HEADER = ("| # | Measure | Median | p95 | p99 | Reference | Ref. median | Ref. p95 | Ratio | n |\n"
          "|---|---|---:|---:|---:|---|---:|---:|---:|---:|")


def table(rows: list[Row]) -> str:
    lines = [HEADER]
    for row in sorted(rows, key=lambda r: r.benchmark):  # stable: measuring order within one
        ref = row.reference_figure
        ratio = row.ratio
        measure = row.measure + (f" ({row.note})" if row.note else "")
        lines.append(" | ".join([
            f"| {row.benchmark}", measure, number(row.figure.median, row.unit),
            number(row.figure.p95, row.unit),
            number(row.figure.p99, row.unit) if row.show_p99 else EMPTY,
            row.reference or EMPTY,
            number(ref.median, row.unit) if ref else EMPTY,
            number(ref.p95, row.unit) if ref else EMPTY,
            f"{ratio:.2f}x" if ratio is not None else EMPTY,
            f"{row.figure.count}"]) + " |")
    return "\n".join(lines)


def describe_machine(postgres: str, extra: dict[str, str] | None = None) -> dict[str, str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except OSError:
        pass
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    info = {
        "CPU": cpu,
        "Cores": f"{os.cpu_count()} logical" + (f" ({usable} usable)" if usable else ""),
        "Memory": memory,
        "OS": platform.platform(),
        "Python": sys.version.split()[0],
        "PostgreSQL": postgres,
        "Commit": _git_commit(),
        "Date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }
    info.update(extra or {})
    return info


def _git_commit() -> str:
    root = Path(__file__).resolve().parent.parent
    try:
        done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root,
                              capture_output=True, text=True, timeout=5, check=False)
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                               cwd=root, capture_output=True, text=True, timeout=10,
                               check=False)
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    commit = done.stdout.strip() or "unknown"
    return commit + (" (with uncommitted changes)" if dirty.stdout.strip() else "")


def markdown(results: Results) -> str:
    machine = "\n".join(f"- **{key}**: {value}" for key, value in results.machine.items())
    notes = "\n".join(f"- {text}" for text in results.notes)
    return (f"## Results ({results.mode} run, {results.elapsed_seconds:.0f} s)\n\n"
            f"{table(results.rows)}\n\n"
            f"### Machine\n\n{machine}\n\n"
            + (f"### Notes\n\n{notes}\n" if notes else ""))
