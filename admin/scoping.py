"""Finding rows for console views: scoped to the user's tenant, or, explicitly, to all of them.

`request.db` is already scoped to the signed-in user's tenant (mustard_core.security). Users,
tokens and audit rows are not tenant-owned models, so views filter those by tenant themselves
through the helpers here. A row of another tenant answers 404, exactly like a missing one.
"""

from __future__ import annotations

from typing import Any

from pyramid.httpexceptions import HTTPForbidden, HTTPNotFound
from pyramid.request import Request
from sqlalchemy.orm import Session

from mustard_core.models import Tenant, TenantOwned, User
from mustard_core.security import Permission
from mustard_core.tenancy import ALL_TENANTS, scope_session


def platform_session(request: Request) -> Session:
    """`request.db` opened to every tenant, only for a user holding platform_tenants."""
    if not request.has_permission(Permission.platform_tenants):
        raise HTTPForbidden()
    return scope_session(request.db, ALL_TENANTS)


def is_platform_user(request: Request) -> bool:
    """A superadmin without a tenant of their own sees the platform, all tenants at once."""
    return request.tenant is None and bool(request.has_permission(Permission.platform_tenants))


def session_for(request: Request) -> Session:
    """The user's tenant's session, or the platform session for a tenant-less superadmin."""
    if request.tenant is not None:
        return request.db
    return platform_session(request)


def require_tenant(request: Request) -> Tenant:
    if request.tenant is None:
        raise HTTPNotFound()
    return request.tenant


def get_owned(session: Session, request: Request, model: type, row_id: str) -> Any:
    """A tenant-owned row by id, or 404 (also for another tenant's row)."""
    row = session.get(model, row_id) if row_id and len(row_id) <= 36 else None
    if row is None:
        raise HTTPNotFound()
    tenant = request.tenant
    if isinstance(row, TenantOwned) and tenant is not None and row.tenant_id != tenant.id:
        raise HTTPNotFound()
    return row


def get_tenant_user(request: Request, user_id: str) -> User:
    """A user of the signed-in admin's own tenant, or 404."""
    tenant = require_tenant(request)
    user = request.db.get(User, user_id) if user_id and len(user_id) <= 36 else None
    if user is None or user.tenant_id != tenant.id:
        raise HTTPNotFound()
    return user
