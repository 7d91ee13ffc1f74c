"""The contract documents: README table, names.METRICS and the Grafana dashboard agree."""

from __future__ import annotations

import itertools
import json
import re
from fnmatch import fnmatchcase
from pathlib import Path

import pytest

from mustard_metrics_graphite.names import DOTTED_PLACEHOLDERS, METRICS, MetricName, documented

ROOT = Path(__file__).resolve().parents[1]
DASHBOARD = ROOT / "grafana" / "mustard.json"
README = ROOT / "README.md"

# statsd -> Graphite (legacyNamespace false): tree per type, and the leaves statsd writes.
TREES = {"counters": "counter", "timers": "timing", "gauges": "gauge"}
LEAVES = {
    "counter": {"rate", "count"},
    "timing": {"count_ps", "count", "mean", "median", "upper", "lower", "sum", "std",
               "upper_90", "upper_95", "upper_99", "mean_95", "sum_95"},
    "gauge": set(),
}
SERIES = re.compile(r"stats\.(counters|timers|gauges)\.\$prefix\.((?:[\w*?\[\]-]|\{[^}]*\}|\.)+)")


def targets() -> list[str]:
    dashboard = json.loads(DASHBOARD.read_text())
    return [target["target"] for panel in dashboard["panels"] for target in panel["targets"]]


def expand_braces(path: str) -> list[str]:
    """Graphite's `{a,b}` alternatives, expanded into plain glob paths."""
    parts = re.split(r"(\{[^}]*\})", path)
    choices = [part[1:-1].split(",") if part.startswith("{") else [part] for part in parts]
    return ["".join(combination) for combination in itertools.product(*choices)]


def glob_matches(metric: MetricName, segments: list[str]) -> bool:
    """Whether a Graphite glob path (split on dots) can name series of this metric."""

    def match(template: list[str], path: list[str]) -> bool:
        if not template:
            return not path
        if not path:
            return False
        head = re.fullmatch(r"\{(\w+)\}", template[0])
        if head is None:
            return fnmatchcase(template[0], path[0]) and match(template[1:], path[1:])
        name = head.group(1)
        if name in metric.values:
            allowed = any(fnmatchcase(value, path[0]) for value in metric.values[name])
            return allowed and match(template[1:], path[1:])
        if name in DOTTED_PLACEHOLDERS:
            return any(match(template[1:], path[taken:]) for taken in range(1, len(path) + 1))
        return match(template[1:], path[1:])

    return match(metric.template.split("."), segments)


def series_in(target: str) -> list[tuple[str, list[str]]]:
    """(kind, metric path segments) for every series pattern in a target expression."""
    found = []
    for tree, raw in SERIES.findall(target):
        kind = TREES[tree]
        for path in expand_braces(raw):
            segments = path.split(".")
            if LEAVES[kind]:
                assert segments[-1] in LEAVES[kind], f"{path}: not a statsd {kind} leaf"
                segments = segments[:-1]
            found.append((kind, segments))
    return found


def test_dashboard_is_valid_json_with_graphite_panels():
    dashboard = json.loads(DASHBOARD.read_text())
    assert dashboard["panels"]
    variables = {variable["name"] for variable in dashboard["templating"]["list"]}
    assert {"datasource", "prefix"} <= variables
    for panel in dashboard["panels"]:
        assert panel["datasource"]["type"] == "graphite"
        assert panel["targets"] and all(target["target"] for target in panel["targets"])
    assert len({panel["id"] for panel in dashboard["panels"]}) == len(dashboard["panels"])


@pytest.mark.parametrize("target", targets())
def test_every_target_refers_to_documented_metrics(target):
    found = series_in(target)
    assert found, f"no metric series in {target}"
    for kind, segments in found:
        matches = [metric for metric in METRICS
                   if metric.kind == kind and glob_matches(metric, segments)]
        assert matches, f"{'.'.join(segments)} ({kind}) is not a documented metric"


def test_every_documented_metric_is_charted():
    charted = set()
    for target in targets():
        for kind, segments in series_in(target):
            charted.update(metric.template for metric in METRICS
                           if metric.kind == kind and glob_matches(metric, segments))
    assert charted == {metric.template for metric in METRICS}


def test_the_matcher_refuses_undocumented_paths():
    """Guards the checks above: an undocumented or mistyped metric must not pass."""
    counters = [metric for metric in METRICS if metric.kind == "counter"]
    for path in ("requests.*.6xx", "tasks.*.exploded", "uploads", "cache.maybe", "search.*"):
        assert not any(glob_matches(metric, path.split(".")) for metric in counters), path


def test_readme_table_lists_exactly_the_documented_metrics():
    rows = re.findall(r"^\| `([^`]+)` \| (counter|timing|gauge)", README.read_text(), re.M)
    assert sorted(rows) == sorted((metric.template, metric.kind) for metric in METRICS)


@pytest.mark.parametrize("name, kind, template", [
    ("requests.api.candidates.item.2xx", "counter", "requests.{route}.{status_class}"),
    ("requests.api.candidates.item", "timing", "requests.{route}"),
    ("tasks.mustard.parse_document.retried", "counter", "tasks.{task}.{outcome}"),
    ("parses.daxtra.failed", "counter", "parses.{parser}.{outcome}"),
    ("jobs.queued", "gauge", "jobs.{state}"),
    ("cache.hit", "counter", "cache.hit"),
])
def test_documented_recognises_names_the_core_emits(name, kind, template):
    assert documented(name, kind).template == template


@pytest.mark.parametrize("name, kind", [
    ("requests.api.9xx", "counter"), ("jobs.exploded", "gauge"), ("cache.hit", "gauge"),
    ("uploads.accepted.extra", "counter"),
])
def test_documented_refuses_other_names(name, kind):
    assert documented(name, kind) is None
