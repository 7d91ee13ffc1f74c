"""The audit log, browsable: who did what, when, from where, and what a setting was before.

A tenant administrator sees their tenant's events (including what a platform superadmin did to
their tenant); a platform superadmin sees every event and filters by tenant.
"""

from __future__ import annotations

from pyramid.request import Request
from pyramid.view import view_config
from sqlalchemy import select

from mustard_admin.pagination import paginate
from mustard_admin.scoping import is_platform_user, require_tenant
from mustard_core.models import AuditEvent, Tenant, User
from mustard_core.security import Permission

PLATFORM = "platform"


@view_config(route_name="admin.audit.list", request_method="GET",
             permission=Permission.audit_read, renderer="admin/audit/list.html")
def list_events(request: Request):
    platform_wide = is_platform_user(request)
    stmt = select(AuditEvent)
    tenants: dict[str, str] = {}
    tenant_id = ""
    users_stmt = select(User.id, User.email).order_by(User.email).limit(500)
    if platform_wide:
        tenants = dict(request.db.execute(select(Tenant.id, Tenant.name)
                                          .order_by(Tenant.name)).all())
        tenant_id = request.GET.get("tenant", "")
        if tenant_id == PLATFORM:
            stmt = stmt.where(AuditEvent.tenant_id.is_(None))
            users_stmt = users_stmt.where(User.tenant_id.is_(None))
        elif tenant_id in tenants:
            stmt = stmt.where(AuditEvent.tenant_id == tenant_id)
            users_stmt = users_stmt.where(User.tenant_id == tenant_id)
        else:
            tenant_id = ""
    else:
        tenant = require_tenant(request)
        stmt = stmt.where(AuditEvent.tenant_id == tenant.id)
        users_stmt = users_stmt.where(User.tenant_id == tenant.id)
    users = dict(request.db.execute(users_stmt).all())
    actor = request.GET.get("user", "")
    if actor in users:
        stmt = stmt.where(AuditEvent.actor_id == actor)
    else:
        actor = ""
    action = request.GET.get("action", "").strip()[:100]
    if action:
        stmt = stmt.where(AuditEvent.action.startswith(action, autoescape=True))
    page = paginate(request.db, stmt.order_by(AuditEvent.created_at.desc(), AuditEvent.id),
                    request)
    actor_ids = {event.actor_id for event in page.items if event.actor_id}
    emails = dict(request.db.execute(select(User.id, User.email).where(
        User.id.in_(actor_ids))).all()) if actor_ids else {}
    return {"page": page, "platform_wide": platform_wide, "tenants": tenants,
            "tenant_id": tenant_id, "users": users, "actor": actor, "action": action,
            "emails": emails, "PLATFORM": PLATFORM}
