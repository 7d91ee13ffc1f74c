"""A UDP socket on 127.0.0.1 standing in for statsd: the tests read exactly what was sent."""

from __future__ import annotations

import socket

import pytest

from mustard_metrics_graphite.metrics import GraphiteMetrics


class UdpReceiver:
    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.settimeout(5)
        self.port = self.sock.getsockname()[1]

    def lines(self, count: int) -> list[str]:
        """The next `count` statsd lines (a datagram may carry several, newline-separated)."""
        lines: list[str] = []
        while len(lines) < count:
            lines.extend(self.sock.recv(65535).decode("ascii").split("\n"))
        return lines

    def nothing_more(self) -> bool:
        """True when no further datagram is waiting (everything sent was already read)."""
        self.sock.settimeout(0.2)
        try:
            self.sock.recv(65535)
        except TimeoutError:
            return True
        finally:
            self.sock.settimeout(5)
        return False

    def close(self) -> None:
        self.sock.close()


@pytest.fixture
def udp():
    receiver = UdpReceiver()
    yield receiver
    receiver.close()


@pytest.fixture
def make_metrics(udp):
    built: list[GraphiteMetrics] = []

    def make(**overrides) -> GraphiteMetrics:
        options = {"host": "127.0.0.1", "port": udp.port, "prefix": "mustard.test", **overrides}
        metrics = GraphiteMetrics(**options)
        built.append(metrics)
        return metrics

    yield make
    for metrics in built:
        metrics.close()
