"""Signing in for the API: email + password -> bearer token; revoke; who am I."""

from __future__ import annotations

from datetime import timedelta

from pyramid.httpexceptions import HTTPUnauthorized
from pyramid.request import Request
from pyramid.response import Response
from pyramid.view import view_config
from sqlalchemy import func, select

from mustard_core.errors import ApiError
from mustard_core.models import User, utcnow
from mustard_core.security import issue_token, usable
from mustard_core.services.users import serialize_user


def client_address(request: Request) -> str:
    return request.client_addr or "unknown"


def check_login_rate(request: Request, email: str) -> None:
    settings = request.platform.settings
    limiter = request.platform.rate_limiter
    limit = settings["mustard.login.max_attempts"]
    window = settings["mustard.login.window_seconds"]
    for key, allowed in ((f"login:acct:{email}", limit),
                         (f"login:addr:{client_address(request)}", limit * 5)):
        wait = limiter.blocked(key, allowed, window)
        if wait:
            raise ApiError(429, "Too many failed sign-in attempts; try again later.",
                           headers={"Retry-After": str(wait)})


def record_failure(request: Request, email: str) -> None:
    settings = request.platform.settings
    limiter = request.platform.rate_limiter
    window = settings["mustard.login.window_seconds"]
    limit = settings["mustard.login.max_attempts"]
    limiter.hit(f"login:acct:{email}", limit, window)
    limiter.hit(f"login:addr:{client_address(request)}", limit * 5, window)


def authenticate(request: Request, email: str, password: str) -> User:
    """The user for these credentials, upgrading a legacy hash; raises 401/429 otherwise."""
    email = email.strip().lower()
    check_login_rate(request, email)
    passwords = request.platform.passwords
    user = request.db.scalar(select(User).where(func.lower(User.email) == email))
    if user is None:
        passwords.burn(password)
        record_failure(request, email)
        raise ApiError(401, "Wrong email or password.", code="invalid_credentials")
    ok, new_hash = passwords.verify(user.password_hash, password)
    if not ok or not usable(user):
        record_failure(request, email)
        raise ApiError(401, "Wrong email or password.", code="invalid_credentials")
    if new_hash:
        user.password_hash = new_hash
    user.last_login_at = utcnow()
    request.platform.rate_limiter.reset(f"login:acct:{email}")
    return user


@view_config(route_name="api.auth.token", request_method="POST", openapi=True,
             renderer="json")
def create_token(request: Request):
    body = request.validated["body"]
    user = authenticate(request, body["email"], body["password"])
    ttl = timedelta(hours=request.platform.settings["mustard.tokens.ttl_hours"])
    token, row = issue_token(user, name=body.get("name") or "login", ttl=ttl)
    request.db.add(row)
    request.db.flush()
    request.response.status = 201
    return {"token": token, "expires_at": row.expires_at.isoformat(),
            "user": serialize_user(user)}


@view_config(route_name="api.auth.token", request_method="DELETE", openapi=True)
def revoke_token(request: Request):
    identity = request.identity
    if identity is None or identity.token is None:
        raise HTTPUnauthorized()
    identity.token.revoked_at = utcnow()
    return Response(status=204)


@view_config(route_name="api.me", request_method="GET", openapi=True, renderer="json")
def me(request: Request):
    if request.identity is None:
        raise HTTPUnauthorized()
    return serialize_user(request.identity.user)
