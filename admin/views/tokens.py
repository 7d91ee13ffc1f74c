"""Tenant administration: API tokens of the tenant's users (list, create, revoke).

A new token is shown once, on the page that created it; only its sha256 and a short prefix
are stored (mustard_core.security.issue_token), so it can never be shown again.
"""

from __future__ import annotations

from datetime import timedelta

from pyramid.httpexceptions import HTTPNotFound, HTTPSeeOther
from pyramid.renderers import render_to_response
from pyramid.request import Request
from pyramid.view import view_config
from sqlalchemy import select

from mustard_admin.forms import Form
from mustard_admin.pagination import paginate
from mustard_admin.scoping import require_tenant
from mustard_core import audit
from mustard_core.models import ApiToken, User, utcnow
from mustard_core.security import Permission, issue_token

TTL_OPTIONS = [("30", "30 days"), ("90", "90 days"), ("365", "1 year"), ("never", "Never")]
STATUSES = ("active", "all", "revoked")


def token_status(token: ApiToken) -> str:
    if token.revoked_at is not None:
        return "revoked"
    if token.expires_at is not None and token.expires_at <= utcnow():
        return "expired"
    return "active"


@view_config(route_name="admin.tokens.list", request_method="GET",
             permission=Permission.users_manage, renderer="admin/tokens/list.html")
def list_tokens(request: Request):
    tenant = require_tenant(request)
    status = request.GET.get("status", "active")
    status = status if status in STATUSES else "active"
    stmt = select(ApiToken).join(User, ApiToken.user_id == User.id).where(
        User.tenant_id == tenant.id)
    if status == "active":
        stmt = stmt.where(ApiToken.revoked_at.is_(None))
    elif status == "revoked":
        stmt = stmt.where(ApiToken.revoked_at.is_not(None))
    page = paginate(request.db, stmt.order_by(ApiToken.created_at.desc(), ApiToken.id), request)
    return {"page": page, "status": status, "statuses": STATUSES, "token_status": token_status}


def _users(request: Request) -> list[User]:
    tenant = require_tenant(request)
    return list(request.db.scalars(select(User).where(User.tenant_id == tenant.id,
                                                      User.disabled.is_(False))
                                   .order_by(User.email).limit(500)))


def _form_page(request: Request, form: Form) -> dict:
    users = _users(request)
    return {"form": form, "user_options": [(u.id, u.email) for u in users],
            "ttl_options": TTL_OPTIONS}


@view_config(route_name="admin.tokens.create", request_method="GET",
             permission=Permission.users_manage, renderer="admin/tokens/form.html")
def create_form(request: Request):
    return _form_page(request, Form(values={"user_id": request.user.id, "name": "",
                                            "ttl": "90"}))


@view_config(route_name="admin.tokens.create", request_method="POST", require_csrf=True,
             permission=Permission.users_manage, renderer="admin/tokens/form.html")
def create(request: Request):
    users = {u.id: u for u in _users(request)}
    form = Form()
    user_id = form.choice(request.POST, "user_id", list(users))
    name = form.text(request.POST, "name", required=True, max_length=100)
    ttl = form.choice(request.POST, "ttl", [value for value, _ in TTL_OPTIONS])
    if not form.ok:
        request.response.status = 400
        return _form_page(request, form)
    user = users[user_id]
    days = None if ttl == "never" else int(ttl)
    token, row = issue_token(user, name=name, ttl=timedelta(days=days) if days else None)
    request.db.add(row)
    request.db.flush()
    audit.record(request, "token.create", f"token:{row.id}",
                 {"user": user.id, "name": name, "expires_days": days, "prefix": row.prefix})
    response = render_to_response("admin/tokens/created.html",
                                  {"token": token, "row": row, "user": user}, request=request)
    response.status = 201
    return response


@view_config(route_name="admin.tokens.revoke", request_method="POST", require_csrf=True,
             permission=Permission.users_manage)
def revoke(request: Request):
    tenant = require_tenant(request)
    token_id = request.matchdict["id"]
    row = request.db.get(ApiToken, token_id) if len(token_id) <= 36 else None
    if row is None or row.user.tenant_id != tenant.id:
        raise HTTPNotFound()
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        audit.record(request, "token.revoke", f"token:{row.id}",
                     {"user": row.user_id, "prefix": row.prefix})
    request.session.flash("Token revoked.")
    return HTTPSeeOther(request.route_path("admin.tokens.list"))
