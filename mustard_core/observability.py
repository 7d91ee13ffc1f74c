"""Request ids, one structured log line per request, and request metrics.

The id comes from the load balancer's header (X-Request-Id / X-Amzn-Trace-Id) or is made
here; it is echoed back, written on every log line of the request, and stored on the jobs the
request enqueues so a task's logs can be joined to the request that caused it. Log lines hold
route names and ids, never candidate data, tokens or passwords.
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from pyramid.config import Configurator

request_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "mustard_request_id", default=None)
job_var: contextvars.ContextVar[tuple[str, str] | None] = contextvars.ContextVar(
    "mustard_job", default=None)
SAFE_ID = re.compile(r"^[A-Za-z0-9._:=/+-]{1,64}$")
access_log = logging.getLogger("mustard.access")


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get() or "-"
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line, for the log pipeline of the container platform."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "ts": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
            "request_id": getattr(record, "request_id", None) or request_id_var.get(),
        }
        job = job_var.get()
        if job is not None:
            entry["job_id"], entry["job_kind"] = job
        for key in ("route", "status", "ms", "method"):
            if hasattr(record, key):
                entry[key] = getattr(record, key)
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return json.dumps(entry)


@contextmanager
def job_log_context(job_id: str, job_kind: str, request_id: str | None) -> Iterator[None]:
    """While a job runs, its log lines carry its id, its kind and the id of the request that
    enqueued it, so one request can be followed into the worker's logs."""
    request_token = request_id_var.set(request_id)
    job_token = job_var.set((job_id, job_kind))
    try:
        yield
    finally:
        job_var.reset(job_token)
        request_id_var.reset(request_token)


def incoming_request_id(headers) -> str:
    for header in ("X-Request-Id", "X-Amzn-Trace-Id"):
        value = headers.get(header)
        if value and SAFE_ID.match(value):
            return value
    return uuid.uuid4().hex


def observability_tween_factory(handler, registry):
    platform = registry["platform"]

    def tween(request):
        request_id = incoming_request_id(request.headers)
        request.request_id = request_id
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        status = 500
        try:
            response = handler(request)
            status = response.status_code
            response.headers["X-Request-Id"] = request_id
            return response
        finally:
            elapsed = (time.perf_counter() - started) * 1000
            route = request.matched_route.name if request.matched_route else "unmatched"
            platform.metrics.increment(f"requests.{route}.{status // 100}xx")
            platform.metrics.timing(f"requests.{route}", elapsed)
            access_log.info("%s %s %s %.1fms", request.method, route, status, elapsed,
                            extra={"route": route, "status": status, "ms": round(elapsed, 1),
                                   "method": request.method})
            request_id_var.reset(token)

    return tween


def includeme(config: Configurator) -> None:
    from pyramid.tweens import INGRESS

    config.add_tween("mustard_core.observability.observability_tween_factory", under=INGRESS)
