"""What every /admin response gets: strict security headers, and sessions that end.

The idle timeout is the session cookie's own (mustard_core.sessions); the absolute timeout is
checked here, before any view runs, so a session that was kept alive by activity still ends
ABSOLUTE_TIMEOUT after its login. Plugin panels under /admin get the same headers.
"""

from __future__ import annotations

import time

from pyramid.request import Request
from pyramid.response import Response

from mustard_admin import session as console_session

ADMIN_PREFIX = "/admin"

SECURITY_HEADERS = {
    # Scripts and styles only from our own origin: no inline script, no CDN.
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def clock() -> float:
    """The time the absolute timeout is measured with (tests move it forward)."""
    return time.time()


def is_admin_path(path: str) -> bool:
    return path == ADMIN_PREFIX or path.startswith(ADMIN_PREFIX + "/")


def admin_tween_factory(handler, registry):
    def tween(request: Request) -> Response:
        if not is_admin_path(request.path):
            return handler(request)
        console_session.enforce_absolute_timeout(request, now=clock())
        response = handler(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if not request.path.startswith(ADMIN_PREFIX + "/static/"):
            # pages may show a token once, or candidate data: never keep them in a cache
            response.headers["Cache-Control"] = "no-store"
        return response

    return tween
