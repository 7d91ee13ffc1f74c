"""The `graphite` metrics provider: the Metrics role over statsd's UDP client.

Metrics must never slow down or break a request, so:
- the statsd host is resolved once, when the provider is built at start-up; if that fails
  (DNS down, typo), calls are dropped and counted, and a background thread retries the lookup
  at most every `retry_seconds`: no request ever waits on DNS;
- the UDP socket is non-blocking and a send error is counted, never raised;
- every public method swallows every exception (and counts it).
The counts are exposed by `stats()` and in `health()`, which is how anyone notices.
"""

from __future__ import annotations

import math
import socket
import threading
import time
from collections.abc import Callable
from typing import Any

from statsd import StatsClient

from mustard_core.roles import Health
from mustard_metrics_graphite.names import sanitise


class _UdpClient(StatsClient):
    """statsd's client with a non-blocking socket that reports send errors instead of hiding
    them (its own `_send` swallows them silently; we override that one method)."""

    def __init__(self, address: str, port: int, prefix: str | None, *, ipv6: bool,
                 on_error: Callable[[BaseException], None]):
        super().__init__(host=address, port=port, prefix=prefix, ipv6=ipv6)
        self._sock.setblocking(False)
        self._on_error = on_error

    def _send(self, data: str) -> None:
        try:
            self._sock.sendto(data.encode("ascii"), self._addr)
        except (OSError, UnicodeError) as exc:
            self._on_error(exc)


def _finite(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


class GraphiteMetrics:
    """Counters, timings and gauges sent to statsd as `{prefix}.{name}`."""

    def __init__(self, host: str, port: int, prefix: str = "", sample_rate: float = 1.0, *,
                 retry_seconds: float = 30.0):
        self.host = host
        self.port = port
        self.prefix = sanitise(prefix)
        self.sample_rate = sample_rate
        self.retry_seconds = retry_seconds
        self._lock = threading.Lock()
        self._client: _UdpClient | None = None
        self._resolving = False
        self._closed = False
        self._next_resolve = time.monotonic() + retry_seconds
        self._errors = 0
        self._dropped = 0
        self._last_error = ""
        self._connect()

    # ------------------------------------------------------------------ the Metrics role

    def increment(self, name: str, value: int = 1) -> None:
        self._emit(name, value, lambda client, stat: client.incr(stat, value, self.sample_rate))

    def timing(self, name: str, milliseconds: float) -> None:
        self._emit(name, milliseconds,
                   lambda client, stat: client.timing(stat, milliseconds, self.sample_rate))

    def gauge(self, name: str, value: float) -> None:
        """Gauges are never sampled: a skipped gauge would just leave an old value standing."""
        self._emit(name, value, lambda client, stat: client.gauge(stat, value))

    def health(self) -> Health:
        stats = self.stats()
        detail = (f"statsd udp {self.host}:{self.port} prefix {self.prefix or '(none)'}; "
                  f"{stats['errors']} errors, {stats['dropped']} dropped")
        if stats["last_error"]:
            detail += f"; last error: {stats['last_error']}"
        return Health(ok=stats["resolved"], detail=detail)

    # ------------------------------------------------------------------ debugging

    @property
    def errors(self) -> int:
        """DNS and socket errors so far (the internal error counter)."""
        return self._errors

    def stats(self) -> dict[str, Any]:
        """Error and drop counts for health pages and debugging."""
        with self._lock:
            return {"resolved": self._client is not None, "errors": self._errors,
                    "dropped": self._dropped, "last_error": self._last_error}

    def close(self) -> None:
        """Close the socket; later calls are dropped (and counted), never reconnected."""
        with self._lock:
            self._closed = True
            client, self._client = self._client, None
        if client is not None:
            client.close()

    # ------------------------------------------------------------------ internals

    def _emit(self, name: str, value: Any, send: Callable[[_UdpClient, str], None]) -> None:
        try:
            stat = sanitise(name) if isinstance(name, str) else ""
            client = self._client
            if not stat or not _finite(value) or client is None:
                self._drop()
                if client is None:
                    self._resolve_in_background()
                return
            send(client, stat)
        except Exception as exc:  # never raise into a request
            self._record_error(exc)

    def _drop(self) -> None:
        with self._lock:
            self._dropped += 1

    def _record_error(self, exc: BaseException) -> None:
        with self._lock:
            self._errors += 1
            self._last_error = f"{type(exc).__name__}: {exc}"[:200]

    def _connect(self) -> None:
        """Resolve the host (IPv4 preferred) and open the socket; errors are recorded."""
        try:
            infos = socket.getaddrinfo(self.host, self.port, 0, socket.SOCK_DGRAM)
            family, _, _, _, address = min(infos, key=lambda info: info[0] != socket.AF_INET)
            client = _UdpClient(address[0], self.port, self.prefix or None,
                                ipv6=family == socket.AF_INET6, on_error=self._record_error)
        except Exception as exc:
            self._record_error(exc)
            return
        with self._lock:
            if self._closed:
                client.close()
            else:
                self._client = client

    def _resolve_in_background(self) -> None:
        now = time.monotonic()
        with self._lock:
            if self._closed or self._resolving or now < self._next_resolve:
                return
            self._resolving = True
            self._next_resolve = now + self.retry_seconds
        threading.Thread(target=self._resolve_once, name="mustard-statsd-resolve",
                         daemon=True).start()

    def _resolve_once(self) -> None:
        try:
            self._connect()
        finally:
            with self._lock:
                self._resolving = False
