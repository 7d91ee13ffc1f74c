"""Platform superadmin: the client databases (tenants): list, create, edit, deactivate.

These views see every tenant, so they open the request's session to all of them explicitly
(mustard_admin.scoping.platform_session), and only users holding platform_tenants reach them.
"""

from __future__ import annotations

from pyramid.httpexceptions import HTTPNotFound, HTTPSeeOther
from pyramid.renderers import render_to_response
from pyramid.request import Request
from pyramid.view import view_config
from sqlalchemy import func, or_, select

from mustard_admin import invites, tenant_settings
from mustard_admin.forms import Form
from mustard_admin.pagination import paginate
from mustard_admin.scoping import platform_session
from mustard_core import audit
from mustard_core.models import Candidate, Role, Tenant, User
from mustard_core.security import Permission
from mustard_core.services.users import SLUG_RE, UserError, create_tenant, create_user

STATUSES = ("all", "active", "inactive")


@view_config(route_name="admin.tenants.list", request_method="GET",
             permission=Permission.platform_tenants, renderer="admin/tenants/list.html")
def list_tenants(request: Request):
    session = platform_session(request)
    q = request.GET.get("q", "").strip()[:100]
    status = request.GET.get("status", "all")
    status = status if status in STATUSES else "all"
    users = (select(func.count()).select_from(User).where(User.tenant_id == Tenant.id)
             .correlate(Tenant).scalar_subquery())
    candidates = (select(func.count()).select_from(Candidate)
                  .where(Candidate.tenant_id == Tenant.id).correlate(Tenant).scalar_subquery())
    stmt = select(Tenant, users.label("users"), candidates.label("candidates"))
    if q:
        needle = f"%{q.lower()}%"
        stmt = stmt.where(or_(func.lower(Tenant.name).like(needle),
                              func.lower(Tenant.slug).like(needle)))
    if status != "all":
        stmt = stmt.where(Tenant.active.is_(status == "active"))
    page = paginate(session, stmt.order_by(Tenant.name, Tenant.id), request, scalars=False)
    return {"page": page, "q": q, "status": status, "statuses": STATUSES}


def _tenant(request: Request) -> Tenant:
    session = platform_session(request)
    tenant_id = request.matchdict["id"]
    tenant = session.get(Tenant, tenant_id) if len(tenant_id) <= 36 else None
    if tenant is None:
        raise HTTPNotFound()
    return tenant


def _blank_form() -> Form:
    values = dict(tenant_settings.DEFAULTS)
    values.update(name="", slug="", admin_email="")
    return Form(values=values)


def _form_page(form: Form, *, tenant: Tenant | None = None) -> dict:
    return {"form": form, "tenant": tenant, "field_options": tenant_settings.field_options()}


@view_config(route_name="admin.tenants.create", request_method="GET",
             permission=Permission.platform_tenants, renderer="admin/tenants/form.html")
def create_form(request: Request):
    return _form_page(_blank_form())


@view_config(route_name="admin.tenants.create", request_method="POST", require_csrf=True,
             permission=Permission.platform_tenants, renderer="admin/tenants/form.html")
def create(request: Request):
    session = platform_session(request)
    form = Form()
    name = form.text(request.POST, "name", required=True, max_length=200)
    slug = form.text(request.POST, "slug", required=True, max_length=63).lower()
    if slug and not SLUG_RE.match(slug):
        form.error("slug", "Use lower-case letters, digits and hyphens, starting and ending "
                   "with a letter or digit.")
    elif slug and session.scalar(select(Tenant.id).where(Tenant.slug == slug)):
        form.error("slug", "A tenant with this slug already exists.")
    email = form.email(request.POST, "admin_email")
    if email and session.scalar(select(User.id).where(func.lower(User.email) == email)):
        form.error("admin_email", "A user with this email already exists.")
    settings = tenant_settings.read(form, request.POST)
    if not form.ok:
        request.response.status = 400
        return _form_page(form)
    try:
        tenant = create_tenant(session, name=name, slug=slug, settings=settings)
        admin = create_user(session, request.platform.passwords, tenant=tenant, email=email,
                            password=None, role=Role.admin)
    except UserError as exc:  # a race with another superadmin: say so, write nothing
        request.tm.doom()
        field, _, message = str(exc).partition(": ")
        form.error({"email": "admin_email"}.get(field, field) if message else "__all__",
                   message or str(exc))
        request.response.status = 400
        return _form_page(form)
    secret = invites.issue(admin, ttl_seconds=invites.INVITE_TTL_SECONDS)
    audit.record(request, "tenant.create", f"tenant:{tenant.id}", {
        "slug": slug, "name": name, "settings": settings, "admin_user": admin.id},
        tenant_id=tenant.id)
    audit.record(request, "user.invite", f"user:{admin.id}", {"role": Role.admin.value},
                 tenant_id=tenant.id)
    response = render_to_response("admin/tenants/created.html", {
        "tenant": tenant, "admin": admin,
        "invite_url": request.route_url("admin.invites.accept", user_id=admin.id, token=secret),
        "expires_days": invites.INVITE_TTL_SECONDS // 86400}, request=request)
    response.status = 201
    return response


@view_config(route_name="admin.tenants.edit", request_method="GET",
             permission=Permission.platform_tenants, renderer="admin/tenants/form.html")
def edit_form(request: Request):
    tenant = _tenant(request)
    values = tenant_settings.current(tenant.settings)
    values.update(name=tenant.name, slug=tenant.slug)
    return _form_page(Form(values=values), tenant=tenant)


@view_config(route_name="admin.tenants.edit", request_method="POST", require_csrf=True,
             permission=Permission.platform_tenants, renderer="admin/tenants/form.html")
def edit(request: Request):
    tenant = _tenant(request)
    form = Form(values={"slug": tenant.slug})
    name = form.text(request.POST, "name", required=True, max_length=200)
    settings = tenant_settings.read(form, request.POST)
    if not form.ok:
        request.response.status = 400
        return _form_page(form, tenant=tenant)
    before = {"name": tenant.name, **tenant_settings.current(tenant.settings)}
    tenant.name = name
    tenant.settings = {**(tenant.settings or {}), **settings}
    after = {"name": tenant.name, **tenant_settings.current(tenant.settings)}
    diff = audit.changes(before, after)
    if diff:
        audit.record(request, "tenant.update", f"tenant:{tenant.id}", {"changes": diff},
                     tenant_id=tenant.id)
    request.session.flash("Tenant saved." if diff else "No changes to save.")
    return HTTPSeeOther(request.route_path("admin.tenants.edit", id=tenant.id))


def _set_active(request: Request, active: bool):
    tenant = _tenant(request)
    if tenant.active != active:
        audit.record(request, "tenant.activate" if active else "tenant.deactivate",
                     f"tenant:{tenant.id}",
                     {"changes": {"active": {"before": tenant.active, "after": active}}},
                     tenant_id=tenant.id)
        tenant.active = active
    request.session.flash("Tenant reactivated." if active else
                          "Tenant deactivated: its users can no longer sign in.")
    return HTTPSeeOther(request.route_path("admin.tenants.edit", id=tenant.id))


@view_config(route_name="admin.tenants.deactivate", request_method="POST", require_csrf=True,
             permission=Permission.platform_tenants)
def deactivate(request: Request):
    return _set_active(request, False)


@view_config(route_name="admin.tenants.activate", request_method="POST", require_csrf=True,
             permission=Permission.platform_tenants)
def activate(request: Request):
    return _set_active(request, True)
