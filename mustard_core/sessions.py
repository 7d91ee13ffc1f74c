"""Admin console sessions: signed cookies that carry only a user id and timestamps.

HttpOnly, SameSite=Lax, Secure outside development, an idle timeout (the cookie's timeout) and
an absolute one (checked by the console on every request); the console issues a new cookie at
login, so a session id planted before login is worthless.
"""

from __future__ import annotations

from pyramid.config import Configurator
from pyramid.session import SignedCookieSessionFactory

IDLE_TIMEOUT = 30 * 60
ABSOLUTE_TIMEOUT = 12 * 60 * 60


def includeme(config: Configurator) -> None:
    settings = config.get_settings()
    secure = settings.get("mustard.env") not in {"development", "test"}
    factory = SignedCookieSessionFactory(
        settings["mustard.secret_key"], cookie_name="mustard_session", secure=secure,
        httponly=True, samesite="Lax", timeout=IDLE_TIMEOUT, reissue_time=60,
        salt="mustard-admin-session")
    config.set_session_factory(factory)
