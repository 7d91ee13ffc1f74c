"""Signing in and out, and the one-time links that let an invited person choose a password.

Sign-in shares the API's accounts, password hashing and login rate limits
(mustard_core.api.auth); the console then keeps the user in its session instead of a token.
"""

from __future__ import annotations

from pyramid.httpexceptions import HTTPSeeOther
from pyramid.request import Request
from pyramid.security import NO_PERMISSION_REQUIRED
from pyramid.view import view_config
from sqlalchemy import func, select

from mustard_admin import invites
from mustard_admin import session as console_session
from mustard_admin.forms import Form
from mustard_admin.nav import home_url
from mustard_core import audit
from mustard_core.api.auth import check_login_rate, record_failure
from mustard_core.errors import ApiError
from mustard_core.models import User, utcnow
from mustard_core.security import usable

MIN_PASSWORD = 10
WRONG = "Wrong email or password."


@view_config(route_name="admin.root", permission=NO_PERMISSION_REQUIRED)
def root(request: Request):
    if request.user is None:
        return HTTPSeeOther(request.route_path("admin.auth.login"))
    return HTTPSeeOther(home_url(request))


@view_config(route_name="admin.auth.login", request_method="GET",
             permission=NO_PERMISSION_REQUIRED, renderer="admin/auth/login.html")
def login_form(request: Request):
    if request.user is not None:
        return HTTPSeeOther(home_url(request))
    if console_session.USER_KEY in request.session:
        console_session.end(request)  # a session whose user was disabled or deactivated
    return {"form": Form(values={"email": ""}),
            "next": console_session.safe_next(request.GET.get("next")),
            "notice": _notice(request.GET.get("notice"))}


def _notice(code: str | None) -> str | None:
    return {"password-set": "Your password is set. Sign in with it now.",
            "signed-out": "You are signed out.",
            }.get(code or "")


@view_config(route_name="admin.auth.login", request_method="POST", require_csrf=True,
             permission=NO_PERMISSION_REQUIRED, renderer="admin/auth/login.html")
def login(request: Request):
    form = Form()
    email = form.email(request.POST)
    password = request.POST.get("password", "")
    if not password:
        form.error("password", "Password is required.")
    next_url = console_session.safe_next(request.POST.get("next"))
    page = {"form": form, "next": next_url, "notice": None}
    if not form.ok:
        request.response.status = 400
        return page
    try:
        check_login_rate(request, email)
    except ApiError as exc:
        form.error("__all__", "Too many failed sign-in attempts. Try again in "
                   f"{_minutes(exc.headers.get('Retry-After'))}.")
        request.response.status = 429
        return page
    passwords = request.platform.passwords
    user = request.db.scalar(select(User).where(func.lower(User.email) == email))
    if user is None:
        passwords.burn(password)
        record_failure(request, email)
        form.error("__all__", WRONG)
        request.response.status = 401
        return page
    ok, new_hash = passwords.verify(user.password_hash, password)
    if not ok or not usable(user):
        record_failure(request, email)
        audit.record(request.db, "auth.login_failed", f"user:{user.id}", actor_id=user.id,
                     tenant_id=user.tenant_id, address=audit.client_address(request))
        form.error("__all__", WRONG)
        request.response.status = 401
        return page
    if new_hash:
        user.password_hash = new_hash
    user.last_login_at = utcnow()
    request.platform.rate_limiter.reset(f"login:acct:{email}")
    console_session.start(request, user)
    audit.record(request.db, "auth.login", f"user:{user.id}", actor_id=user.id,
                 tenant_id=user.tenant_id, address=audit.client_address(request))
    return HTTPSeeOther(next_url or request.route_path("admin.root"))


def _minutes(retry_after: str | None) -> str:
    try:
        minutes = max(1, -(-int(retry_after or "60") // 60))
    except ValueError:
        minutes = 1
    return "1 minute" if minutes == 1 else f"{minutes} minutes"


@view_config(route_name="admin.auth.logout", request_method="POST", require_csrf=True,
             permission=NO_PERMISSION_REQUIRED)
def logout(request: Request):
    user = request.user
    if user is not None:
        audit.record(request, "auth.logout", f"user:{user.id}")
    console_session.end(request)
    return HTTPSeeOther(request.route_path("admin.auth.login", _query={"notice": "signed-out"}))


# --------------------------------------------------------------------------- invites


def _invited_user(request: Request) -> User | None:
    user_id = request.matchdict["user_id"]
    user = request.db.get(User, user_id) if len(user_id) <= 36 else None
    return user if invites.check(user, request.matchdict["token"]) else None


@view_config(route_name="admin.invites.accept", request_method="GET",
             permission=NO_PERMISSION_REQUIRED, renderer="admin/auth/accept.html")
def accept_form(request: Request):
    user = _invited_user(request)
    if user is None:
        request.response.status = 404
    return {"valid": user is not None, "form": Form(), "email": user.email if user else None}


@view_config(route_name="admin.invites.accept", request_method="POST", require_csrf=True,
             permission=NO_PERMISSION_REQUIRED, renderer="admin/auth/accept.html")
def accept(request: Request):
    user = _invited_user(request)
    if user is None:
        request.response.status = 404
        return {"valid": False, "form": Form(), "email": None}
    form = Form()
    password = request.POST.get("password", "")
    if len(password) < MIN_PASSWORD:
        form.error("password", f"Use at least {MIN_PASSWORD} characters.")
    elif password != request.POST.get("confirm", ""):
        form.error("confirm", "The two passwords differ.")
    if not form.ok:
        request.response.status = 400
        return {"valid": True, "form": form, "email": user.email}
    user.password_hash = request.platform.passwords.hash(password)
    audit.record(request.db, "user.password_set", f"user:{user.id}", actor_id=user.id,
                 tenant_id=user.tenant_id, address=audit.client_address(request))
    return HTTPSeeOther(request.route_path("admin.auth.login",
                                           _query={"notice": "password-set"}))
