"""Tenant administration: the tenant's users (invite, role, disable, reset password).

Users are not tenant-owned rows (a platform superadmin has no tenant), so every query here
filters by the administrator's tenant itself, and a user of another tenant answers 404.
"""

from __future__ import annotations

from pyramid.httpexceptions import HTTPSeeOther
from pyramid.renderers import render_to_response
from pyramid.request import Request
from pyramid.response import Response
from pyramid.view import view_config
from sqlalchemy import func, or_, select

from mustard_admin import invites
from mustard_admin.forms import Form
from mustard_admin.pagination import paginate
from mustard_admin.scoping import get_tenant_user, require_tenant
from mustard_core import audit
from mustard_core.models import Role, User
from mustard_core.security import Permission
from mustard_core.services.users import UserError, create_user

ROLE_OPTIONS = [(Role.recruiter.value, "Recruiter"), (Role.ops.value, "Ops"),
                (Role.admin.value, "Administrator")]
ROLES = [value for value, _ in ROLE_OPTIONS]


def status_of(user: User) -> str:
    if user.disabled:
        return "disabled"
    if invites.pending(user) is not None:
        return "invited"
    return "active"


@view_config(route_name="admin.users.list", request_method="GET",
             permission=Permission.users_manage, renderer="admin/users/list.html")
def list_users(request: Request):
    tenant = require_tenant(request)
    q = request.GET.get("q", "").strip()[:100]
    role = request.GET.get("role", "")
    stmt = select(User).where(User.tenant_id == tenant.id)
    if q:
        needle = f"%{q.lower()}%"
        stmt = stmt.where(or_(func.lower(User.email).like(needle),
                              func.lower(User.name).like(needle)))
    if role in ROLES:
        stmt = stmt.where(User.role == Role(role))
    page = paginate(request.db, stmt.order_by(User.email), request)
    return {"page": page, "q": q, "role": role, "role_options": ROLE_OPTIONS,
            "status_of": status_of}


def _invite_page(request: Request, form: Form) -> dict:
    return {"form": form, "role_options": ROLE_OPTIONS}


@view_config(route_name="admin.users.invite", request_method="GET",
             permission=Permission.users_manage, renderer="admin/users/invite.html")
def invite_form(request: Request):
    require_tenant(request)
    return _invite_page(request, Form(values={"email": "", "name": "",
                                              "role": Role.recruiter.value}))


@view_config(route_name="admin.users.invite", request_method="POST", require_csrf=True,
             permission=Permission.users_manage, renderer="admin/users/invite.html")
def invite(request: Request):
    tenant = require_tenant(request)
    form = Form()
    email = form.email(request.POST)
    name = form.text(request.POST, "name", max_length=200)
    role = form.choice(request.POST, "role", ROLES)
    if email and request.db.scalar(select(User.id).where(func.lower(User.email) == email)):
        form.error("email", "A user with this email already exists.")
    if not form.ok:
        request.response.status = 400
        return _invite_page(request, form)
    try:
        user = create_user(request.db, request.platform.passwords, tenant=tenant, email=email,
                           password=None, role=role, name=name)
    except UserError as exc:
        request.tm.doom()
        form.error("email", str(exc).partition(": ")[2] or str(exc))
        request.response.status = 400
        return _invite_page(request, form)
    secret = invites.issue(user, ttl_seconds=invites.INVITE_TTL_SECONDS)
    audit.record(request, "user.invite", f"user:{user.id}", {"role": role})
    return _link_page(request, user, secret, invites.INVITE_TTL_SECONDS, invited=True)


def _link_page(request: Request, user: User, secret: str, ttl: int, *, invited: bool):
    response = render_to_response("admin/users/link.html", {
        "user": user, "invited": invited, "hours": ttl // 3600,
        "link": request.route_url("admin.invites.accept", user_id=user.id, token=secret),
    }, request=request)
    response.status = 201 if invited else 200
    return response


def _edit_page(request: Request, user: User, form: Form) -> dict:
    return {"user": user, "form": form, "role_options": ROLE_OPTIONS,
            "status": status_of(user), "is_self": user.id == request.user.id}


@view_config(route_name="admin.users.edit", request_method="GET",
             permission=Permission.users_manage, renderer="admin/users/edit.html")
def edit_form(request: Request):
    user = get_tenant_user(request, request.matchdict["id"])
    return _edit_page(request, user, Form(values={"name": user.name,
                                                  "role": user.role.value}))


@view_config(route_name="admin.users.edit", request_method="POST", require_csrf=True,
             permission=Permission.users_manage, renderer="admin/users/edit.html")
def edit(request: Request):
    user = get_tenant_user(request, request.matchdict["id"])
    form = Form()
    name = form.text(request.POST, "name", max_length=200)
    role = form.choice(request.POST, "role", ROLES)
    if user.id == request.user.id and role and role != user.role.value:
        form.error("role", "You cannot change your own role; ask another administrator.")
    if not form.ok:
        request.response.status = 400
        return _edit_page(request, user, form)
    before = {"name": user.name, "role": user.role.value}
    user.name = name
    user.role = Role(role)
    diff = audit.changes(before, {"name": user.name, "role": user.role.value})
    if diff:
        audit.record(request, "user.update", f"user:{user.id}", {"changes": diff})
    request.session.flash("User saved." if diff else "No changes to save.")
    return HTTPSeeOther(request.route_path("admin.users.edit", id=user.id))


def _set_disabled(request: Request, disabled: bool) -> Response:
    user = get_tenant_user(request, request.matchdict["id"])
    if user.id == request.user.id:
        request.session.flash("You cannot disable your own account.")
    elif user.disabled != disabled:
        audit.record(request, "user.disable" if disabled else "user.enable", f"user:{user.id}",
                     {"changes": {"disabled": {"before": user.disabled, "after": disabled}}})
        user.disabled = disabled
        request.session.flash("User disabled: they can no longer sign in or use their tokens."
                              if disabled else "User enabled.")
    return HTTPSeeOther(request.route_path("admin.users.edit", id=user.id))


@view_config(route_name="admin.users.disable", request_method="POST", require_csrf=True,
             permission=Permission.users_manage)
def disable(request: Request):
    return _set_disabled(request, True)


@view_config(route_name="admin.users.enable", request_method="POST", require_csrf=True,
             permission=Permission.users_manage)
def enable(request: Request):
    return _set_disabled(request, False)


@view_config(route_name="admin.users.reset_password", request_method="POST",
             require_csrf=True, permission=Permission.users_manage)
def reset_password(request: Request):
    """A new one-time link; the old password stops working at once."""
    user = get_tenant_user(request, request.matchdict["id"])
    secret = invites.issue(user, ttl_seconds=invites.RESET_TTL_SECONDS)
    audit.record(request, "user.reset_password", f"user:{user.id}")
    return _link_page(request, user, secret, invites.RESET_TTL_SECONDS, invited=False)
