"""The graphite provider: exact statsd lines on a real UDP socket, and failures that never raise."""

from __future__ import annotations

import socket
import time

import pytest

from mustard_core.testing.conformance import MetricsConformance
from mustard_metrics_graphite.names import sanitise


class TestGraphiteMetricsConformance(MetricsConformance):
    @pytest.fixture
    def metrics(self, make_metrics):
        return make_metrics()


def test_counter_timing_and_gauge_lines(make_metrics, udp):
    metrics = make_metrics()
    metrics.increment("requests.api x.2xx")
    metrics.increment("uploads.accepted", 3)
    metrics.timing("requests.api x", 12.5)
    metrics.gauge("queue.depth", 7)
    assert udp.lines(4) == [
        "mustard.test.requests.api_x.2xx:1|c",
        "mustard.test.uploads.accepted:3|c",
        "mustard.test.requests.api_x:12.500000|ms",
        "mustard.test.queue.depth:7|g",
    ]
    assert udp.nothing_more()
    assert metrics.stats() == {"resolved": True, "errors": 0, "dropped": 0, "last_error": ""}


def test_route_names_keep_their_dots(make_metrics, udp):
    make_metrics().increment("requests.api.candidates.item.5xx")
    assert udp.lines(1) == ["mustard.test.requests.api.candidates.item.5xx:1|c"]


def test_a_negative_gauge_is_sent_as_statsd_expects(make_metrics, udp):
    make_metrics().gauge("jobs.queued", -2)
    assert udp.lines(2) == ["mustard.test.jobs.queued:0|g", "mustard.test.jobs.queued:-2|g"]


def test_names_are_sanitised_on_the_wire(make_metrics, udp):
    metrics = make_metrics()
    metrics.increment("requests.a:b|c\nd.2xx")
    metrics.increment("cache..hit.")
    assert udp.lines(2) == ["mustard.test.requests.a_b_c_d.2xx:1|c", "mustard.test.cache.hit:1|c"]


def test_personal_looking_names_are_redacted(make_metrics, udp):
    metrics = make_metrics()
    metrics.increment("uploads.ada@example.com")
    metrics.increment("tasks.call +44 20 7946 0958.failed")
    assert udp.lines(2) == ["mustard.test.uploads.redacted.com:1|c",
                            "mustard.test.tasks.redacted.failed:1|c"]


@pytest.mark.parametrize("name, expected", [
    ("requests.api.candidates.item.2xx", "requests.api.candidates.item.2xx"),
    ("a b/c\\d", "a_b_c_d"),
    ("é.ü", "_._"),
    (".leading.and.trailing.", "leading.and.trailing"),
    ("x" * 300, "x" * 200),
    ("...", ""),
    ("id.12345678", "id.redacted"),
])
def test_sanitise(name, expected):
    assert sanitise(name) == expected


def test_bad_names_and_values_are_dropped_and_counted(make_metrics, udp):
    metrics = make_metrics()
    metrics.increment("...")
    metrics.timing("requests.x", float("nan"))
    metrics.gauge("queue.depth", float("inf"))
    metrics.increment(None)  # type: ignore[arg-type]
    metrics.gauge("queue.depth", "3")  # type: ignore[arg-type]
    metrics.increment("resumes.rendered")
    assert udp.lines(1) == ["mustard.test.resumes.rendered:1|c"]
    assert metrics.stats()["dropped"] == 5


def test_sample_rate_marks_and_thins_counters_but_not_gauges(make_metrics, udp):
    metrics = make_metrics(sample_rate=0.5)
    for _ in range(200):
        metrics.increment("cache.hit")
    metrics.gauge("queue.depth", 1)
    received: list[str] = []
    while not received or received[-1] != "mustard.test.queue.depth:1|g":
        received.extend(udp.lines(1))
    counters = received[:-1]
    assert counters and all(line == "mustard.test.cache.hit:1|c|@0.5" for line in counters)
    assert 0 < len(counters) < 200  # 2 ** -200 chance of a false failure


def test_an_empty_prefix_sends_bare_names(make_metrics, udp):
    make_metrics(prefix="").increment("cache.miss")
    assert udp.lines(1) == ["cache.miss:1|c"]


def test_an_unreachable_port_never_raises(make_metrics):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed when the block ends: nothing listens there
    metrics = make_metrics(port=port)
    for _ in range(50):
        metrics.increment("requests.x.2xx")
        metrics.timing("requests.x", 1.0)
        metrics.gauge("queue.depth", 1)
    assert metrics.health().ok  # UDP: a refused port is only an error the kernel may report


def test_a_host_that_does_not_resolve_never_raises_and_is_reported(make_metrics):
    metrics = make_metrics(host="statsd.invalid")
    metrics.increment("requests.x.2xx")
    metrics.timing("requests.x", 1.0)
    metrics.gauge("queue.depth", 1)
    stats = metrics.stats()
    assert stats["resolved"] is False
    assert stats["errors"] == 1  # the lookup at start-up
    assert stats["dropped"] == 3
    assert "gaierror" in stats["last_error"]
    health = metrics.health()
    assert not health.ok
    assert "1 errors, 3 dropped" in health.detail


def test_lookups_are_retried_in_the_background(make_metrics):
    metrics = make_metrics(host="statsd.invalid", retry_seconds=0)
    deadline = time.monotonic() + 10
    while metrics.errors < 3 and time.monotonic() < deadline:
        metrics.increment("requests.x.2xx")  # each call may start one background lookup
        time.sleep(0.01)
    assert metrics.errors >= 3
    assert metrics.stats()["resolved"] is False


def test_sending_after_close_never_raises(make_metrics):
    metrics = make_metrics()
    metrics.close()
    metrics.increment("requests.x.2xx")
    assert metrics.stats()["dropped"] == 1
