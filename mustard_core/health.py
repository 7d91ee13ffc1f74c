"""Liveness and readiness for the load balancer."""

from __future__ import annotations

import concurrent.futures
import logging

import redis
from pyramid.config import Configurator
from pyramid.request import Request
from pyramid.response import Response
from sqlalchemy import text

from mustard_core.plugins import health_checks
from mustard_core.roles import Health

log = logging.getLogger(__name__)
CHECK_TIMEOUT = 2.0


def healthz(request: Request) -> Response:
    return Response(json={"status": "ok"})


def readiness(platform) -> dict[str, Health]:
    """Every check run in parallel with a short timeout each; a hung check is 'timed out'."""
    checks = {"database": lambda: _database(platform)}
    if platform.settings.get("redis.url"):
        checks["redis"] = lambda: _redis(platform.settings["redis.url"])
    checks["storage"] = platform.storage.health
    checks["search"] = platform.search.health
    checks["parser"] = platform.parser.health
    for check in health_checks(platform.pm, platform.settings):
        checks[check.name] = check.check
    results: dict[str, Health] = {}
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=len(checks))
    futures = {name: pool.submit(fn) for name, fn in checks.items()}
    for name, future in futures.items():
        try:
            results[name] = future.result(timeout=CHECK_TIMEOUT)
        except concurrent.futures.TimeoutError:
            results[name] = Health(False, "timed out")
        except Exception as exc:
            results[name] = Health(False, type(exc).__name__)
    pool.shutdown(wait=False)
    return results


def _database(platform) -> Health:
    with platform.engine.connect() as conn:
        conn.execute(text("SELECT 1"))
    return Health(True)


def _redis(url: str) -> Health:
    client = redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)
    try:
        client.ping()
        return Health(True)
    finally:
        client.close()


def readyz(request: Request) -> Response:
    results = readiness(request.platform)
    ok = all(h.ok for h in results.values())
    body = {"status": "ok" if ok else "unavailable",
            "checks": {name: {"ok": h.ok, "detail": h.detail} for name, h in results.items()}}
    return Response(json=body, status=200 if ok else 503)


def includeme(config: Configurator) -> None:
    config.add_route("healthz", "/healthz")
    config.add_view(healthz, route_name="healthz", request_method="GET")
    config.add_route("readyz", "/readyz")
    config.add_view(readyz, route_name="readyz", request_method="GET")
