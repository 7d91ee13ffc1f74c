"""Metric names: the documented contract, and the sanitising every name goes through.

The core emits the names in METRICS (the README's table is the same list, and a test keeps the
two and the Grafana dashboard in step). Whatever the core or a partner passes, only
`[A-Za-z0-9_.-]` reaches the wire: anything else would break the statsd line protocol
(`name:value|type`) or Graphite's dotted tree, and a name that looks like personal data is
replaced rather than sent.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache

MAX_NAME_LENGTH = 200
REDACTED = "redacted"
_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]")
_SEGMENT = "[A-Za-z0-9_-]+"
_DOTTED = rf"{_SEGMENT}(?:\.{_SEGMENT})*"
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
DOTTED_PLACEHOLDERS = frozenset({"route", "task"})
"""Route names (`api.candidates.item`) and task names may contain dots: they span segments."""


def _looks_personal(segment: str) -> bool:
    """An e-mail address or a phone-number-like run of digits (7 or more)."""
    return "@" in segment or sum(ch.isdigit() for ch in segment) >= 7


@lru_cache(maxsize=4096)
def sanitise(name: str) -> str:
    """The name as sent: safe characters only, no empty segments, nothing personal-looking.

    Each dot-separated segment keeps `[A-Za-z0-9_-]`, anything else becomes `_`; empty segments
    (`a..b`, leading or trailing dots) are dropped; a segment holding an `@` or 7+ digits becomes
    `redacted`. Dots inside a route name are kept (`api.candidates.item`). Returns "" when
    nothing is left, which callers drop.
    """
    segments = []
    for segment in str(name).split("."):
        if not segment:
            continue
        segments.append(REDACTED if _looks_personal(segment) else _UNSAFE.sub("_", segment))
    return ".".join(segments)[:MAX_NAME_LENGTH].strip(".")


@dataclass(frozen=True)
class MetricName:
    """One documented metric: its template, statsd type and the values its parts take."""

    template: str
    kind: str  # "counter" | "timing" | "gauge"
    meaning: str
    values: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Enumerated placeholders; the others are free words (route and task names may hold dots)."""

    def pattern(self) -> re.Pattern[str]:
        """A regex matching the concrete names this template stands for."""
        parts = _PLACEHOLDER.split(self.template)  # literal, placeholder, literal, ...
        regex = "".join(re.escape(part) if index % 2 == 0 else self._placeholder(part)
                        for index, part in enumerate(parts))
        return re.compile(rf"^{regex}$")

    def _placeholder(self, placeholder: str) -> str:
        if placeholder in self.values:
            return "(?:" + "|".join(map(re.escape, self.values[placeholder])) + ")"
        return _DOTTED if placeholder in DOTTED_PLACEHOLDERS else _SEGMENT


STATUS_CLASSES = ("1xx", "2xx", "3xx", "4xx", "5xx")
JOB_STATES = ("queued", "running", "succeeded", "failed", "cancelled")

METRICS: tuple[MetricName, ...] = (
    MetricName("requests.{route}.{status_class}", "counter",
               "one per HTTP request, by Pyramid route name and status class",
               {"status_class": STATUS_CLASSES}),
    MetricName("requests.{route}", "timing", "request duration in milliseconds"),
    MetricName("tasks.{task}.{outcome}", "counter", "one per task run, by outcome",
               {"outcome": ("succeeded", "failed", "retried")}),
    MetricName("tasks.{task}", "timing", "task run time in milliseconds"),
    MetricName("uploads.{outcome}", "counter",
               "one per upload: stored, refused by validation, or failed to store",
               {"outcome": ("accepted", "rejected", "failed")}),
    MetricName("parses.{parser}.{outcome}", "counter", "one per CV parse, by parser provider",
               {"outcome": ("succeeded", "failed")}),
    MetricName("index.{operation}.{outcome}", "counter", "one per search-engine call",
               {"operation": ("index", "delete", "reindex", "synonyms", "clear"),
                "outcome": ("succeeded", "failed")}),
    MetricName("resumes.rendered", "counter", "one per PDF resume rendered and stored"),
    MetricName("cache.hit", "counter", "an API cache lookup that found an entry"),
    MetricName("cache.miss", "counter", "an API cache lookup that found nothing"),
    MetricName("queue.depth", "gauge", "jobs waiting in the broker queue"),
    MetricName("jobs.{state}", "gauge", "Job rows in each state", {"state": JOB_STATES}),
)


def documented(name: str, kind: str | None = None) -> MetricName | None:
    """The documented metric a concrete name belongs to (of the given kind), or None.

    For the core's tests: every name it emits should be documented here.
    """
    for metric in METRICS:
        if (kind is None or metric.kind == kind) and metric.pattern().match(name):
            return metric
    return None
