"""Calling Algolia through the official client, with bounded retries and task waits.

The official client already moves between hosts, but with one host (tests, or every host down)
a 5xx or a timeout ends in `AlgoliaUnreachableHostException` and marks the hosts down for five
minutes; a refused connection surfaces as a `requests` error; and a 429 is retried on the same
host only after sleeping `Retry-After` (at least a second). This module owns that policy
instead: 429, 5xx, timeouts and connection errors are retried with exponential backoff (hosts
are reset first so the retry really goes out), and a sustained failure raises
`SearchUnavailable`, which the core understands as "keep the index job pending, try later".
Any other 4xx is a request Algolia refuses: retrying cannot help, so it raises `AlgoliaError`.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

import requests
from algoliasearch.http.exceptions import AlgoliaUnreachableHostException, RequestException
from algoliasearch.http.hosts import Host, HostsCollection
from algoliasearch.search.client import SearchClientSync
from algoliasearch.search.config import SearchConfig

from mustard_algolia.options import AlgoliaOptions
from mustard_core.roles import SearchUnavailable

log = logging.getLogger(__name__)

T = TypeVar("T")
MAX_BACKOFF_SECONDS = 5.0
MAX_TASK_POLL_SECONDS = 1.0


class AlgoliaError(RuntimeError):
    """Algolia refused a request (4xx other than 429): a bug or a misconfiguration."""

    def __init__(self, what: str, status: int | None, message: str):
        super().__init__(f"Algolia refused {what}: HTTP {status}: {message}")
        self.status = status
        self.message = message


class IndexNotFound(AlgoliaError):
    """404: the index (or object) does not exist yet."""


def build_config(options: AlgoliaOptions, api_key: str | None = None) -> SearchConfig:
    """Client configuration; `hosts` replaces Algolia's own hosts (tests, proxies)."""
    config = SearchConfig(options.app_id, api_key or options.api_key)
    config.connect_timeout = options.connect_timeout_ms
    config.read_timeout = options.read_timeout_ms
    config.write_timeout = options.write_timeout_ms
    config.max_rate_limit_retries = 0  # 429 is retried by Gateway.call, with backoff
    if options.hosts:
        config.hosts = HostsCollection([Host(url=h.host, scheme=h.scheme, port=h.port)
                                        for h in options.hosts])
    return config


class Gateway:
    """One client per thread (the client's transporter keeps per-request state) + retries."""

    def __init__(self, options: AlgoliaOptions, metrics: Any = None,
                 sleep: Callable[[float], None] = time.sleep):
        self.options = options
        self.metrics = metrics
        self.sleep = sleep
        self._local = threading.local()

    @property
    def client(self) -> SearchClientSync:
        client = getattr(self._local, "client", None)
        if client is None:
            config = build_config(self.options)
            client = SearchClientSync.create_with_config(config=config)
            # the client fills in the default hosts; keep them to reset after an outage
            self._local.hosts = config.hosts
            self._local.client = client
        return client

    def _reset_hosts(self) -> None:
        hosts = getattr(self._local, "hosts", None)
        if hosts is not None:
            for host in hosts.read() + hosts.write():
                host.reset()

    def _count(self, name: str) -> None:
        if self.metrics is not None:
            try:
                self.metrics.increment(f"search.algolia.{name}")
            except Exception:  # metrics never break a call
                log.debug("metrics increment failed", exc_info=True)

    def call(self, what: str, operation: Callable[[SearchClientSync], T], *,
             retries: int | None = None) -> T:
        """Run operation(client), retrying transient failures; `what` names it in errors."""
        retries = self.options.retries if retries is None else retries
        delay = self.options.retry_backoff_ms / 1000
        for attempt in range(retries + 1):
            try:
                return operation(self.client)
            except RequestException as exc:
                status = exc.status_code
                if status is not None and status != 429 and 400 <= status < 500:
                    message = str(getattr(exc, "message", exc))
                    kind = IndexNotFound if status == 404 else AlgoliaError
                    raise kind(what, status, message) from exc
                failure: Exception = exc
                reason = f"HTTP {status}"
            except (AlgoliaUnreachableHostException, requests.RequestException) as exc:
                failure = exc
                reason = type(exc).__name__
            self._reset_hosts()
            if attempt == retries:
                self._count("unavailable")
                log.warning("Algolia %s failed %d times (%s); giving up for now",
                            what, attempt + 1, reason)
                raise SearchUnavailable(f"Algolia unavailable during {what}: {reason}") \
                    from failure
            self._count("retry")
            log.info("Algolia %s failed (%s); retry %d in %.2fs", what, reason, attempt + 1,
                     delay)
            self.sleep(delay)
            delay = min(delay * 2, MAX_BACKOFF_SECONDS)
        raise AssertionError("unreachable")  # the loop always returns or raises

    def wait(self, index: str, task_id: int | None) -> None:
        """Block until the task is published; tasks of one index publish in order, so
        waiting for the last one of a sequence waits for all of them."""
        if task_id is None:
            return
        deadline = time.monotonic() + self.options.task_timeout_seconds
        pause = 0.005
        while True:
            task = self.call("get task", lambda c: c.get_task(index_name=index, task_id=task_id))
            if task.status == "published":
                return
            if time.monotonic() > deadline:
                raise SearchUnavailable(f"Algolia task {task_id} on {index} not published "
                                        f"after {self.options.task_timeout_seconds}s")
            self.sleep(pause)
            pause = min(pause * 2, MAX_TASK_POLL_SECONDS)
