"""Small measuring helpers: percentiles, a stopwatch over repeated calls, process memory."""

from __future__ import annotations

import gc
import math
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass


def percentile(values: Sequence[float], fraction: float) -> float:
    """Linear interpolation between closest ranks (numpy's default); `fraction` in [0, 1]."""
    if not values:
        return math.nan
    ordered = sorted(values)
    position = (len(ordered) - 1) * fraction
    low = math.floor(position)
    high = math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclass(frozen=True)
class Summary:
    """Median, p95 and p99 of some samples. For figures where higher is better (throughput)
    the tail is the low end: `p95` is the value 95% of the samples reached."""

    median: float
    p95: float
    p99: float
    count: int

    @classmethod
    def of(cls, values: Sequence[float], *, higher_is_better: bool = False) -> Summary:
        if higher_is_better:
            return cls(percentile(values, 0.5), percentile(values, 0.05),
                       percentile(values, 0.01), len(values))
        return cls(percentile(values, 0.5), percentile(values, 0.95), percentile(values, 0.99),
                   len(values))


def time_calls(call: Callable[[], object], repeats: int) -> list[float]:
    """Milliseconds of each of `repeats` calls."""
    samples = []
    for _ in range(repeats):
        began = time.perf_counter()
        call()
        samples.append((time.perf_counter() - began) * 1000)
    return samples


class Deadline:
    """A time budget: loops stop when it is spent, whatever their count says."""

    def __init__(self, seconds: float):
        self.ends = time.monotonic() + seconds

    @property
    def passed(self) -> bool:
        return time.monotonic() >= self.ends


def _status_mib(field: str, pid: int | None = None) -> float:
    with open(f"/proc/{pid or os.getpid()}/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    raise RuntimeError(f"no {field} in /proc/<pid>/status")


def rss_mib(pid: int | None = None) -> float:
    """Resident set size now, in MiB (Linux /proc)."""
    return _status_mib("VmRSS", pid)


def peak_rss_mib() -> float:
    """This process's peak resident set size so far, in MiB: VmHWM, the high-water mark of
    this program's memory. Not getrusage's ru_maxrss: Linux carries that over exec from the
    forked copy of the parent, so a child started by a big parent reports the parent's size."""
    return _status_mib("VmHWM")


def settled_rss_mib() -> float:
    """RSS after a full garbage collection, so a reading is not just uncollected cycles."""
    gc.collect()
    return rss_mib()
