"""Signing in and out of the console, on top of the signed-cookie session.

The cookie carries only the user's id, the login time and the CSRF token: no PII. A login
invalidates whatever session came before it (so a session planted before login is worthless and
the CSRF token changes), and the absolute timeout is measured from that login.
"""

from __future__ import annotations

import time
from urllib.parse import urlsplit

from pyramid.request import Request

from mustard_core.models import User
from mustard_core.sessions import ABSOLUTE_TIMEOUT

USER_KEY = "user_id"
LOGIN_AT_KEY = "login_at"


def start(request: Request, user: User, *, now: float | None = None) -> None:
    """A fresh session for this user (the old one, and its CSRF token, are gone)."""
    request.session.invalidate()
    request.session[USER_KEY] = user.id
    request.session[LOGIN_AT_KEY] = int(now if now is not None else time.time())
    request.session.new_csrf_token()


def end(request: Request) -> None:
    request.session.invalidate()


def enforce_absolute_timeout(request: Request, *, now: float) -> None:
    """End a signed-in session older than ABSOLUTE_TIMEOUT (or one without a login time)."""
    session = request.session
    if USER_KEY not in session:
        return
    login_at = session.get(LOGIN_AT_KEY)
    if not isinstance(login_at, int | float) or now - login_at > ABSOLUTE_TIMEOUT:
        session.invalidate()


def safe_next(target: str | None) -> str | None:
    """A post-login destination only if it is a path inside the console (no open redirect)."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or "\\" in target:
        return None
    if not (parts.path == "/admin" or parts.path.startswith("/admin/")):
        return None
    if parts.path.startswith("/admin/login") or parts.path.startswith("/admin/logout"):
        return None
    return target
