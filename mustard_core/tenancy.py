"""Tenant scoping: the one place where tenant-owned queries are restricted to one tenant.

Every SQLAlchemy session carries a scope in `session.info`. A select, update or delete that
touches a `TenantOwned` model gets `tenant_id = <scope>` added by the ORM itself, so a view or
a service cannot forget it; a session with no scope refuses such queries outright (fail closed),
and a flush refuses to write a row into another tenant. Platform-wide code (the job relay, the
superadmin console, migrations of data) opts in explicitly with `ALL_TENANTS`.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session, with_loader_criteria

from mustard_core.models.owned import TenantOwned

SCOPE_KEY = "mustard.tenant_scope"


class _AllTenants:
    def __repr__(self) -> str:
        return "ALL_TENANTS"


ALL_TENANTS: Any = _AllTenants()


class TenantScopeError(RuntimeError):
    """Tenant-owned data was queried without a tenant scope: a programming error."""


def scope_session(session: Session, tenant_id: str | Any) -> Session:
    """Restrict `session` to one tenant (or, explicitly, to all of them)."""
    if tenant_id is None:
        raise TenantScopeError("a tenant scope cannot be None")
    session.info[SCOPE_KEY] = tenant_id
    return session


def session_scope(session: Session) -> str | Any | None:
    return session.info.get(SCOPE_KEY)


def _touches_tenant_data(state: ORMExecuteState) -> bool:
    return any(issubclass(mapper.class_, TenantOwned) for mapper in state.all_mappers)


@event.listens_for(Session, "do_orm_execute")
def _add_tenant_criteria(state: ORMExecuteState) -> None:
    if not (state.is_select or state.is_update or state.is_delete):
        return
    if state.is_column_load or state.is_relationship_load:
        return  # the parent row was already scoped
    scope = state.session.info.get(SCOPE_KEY)
    if scope is ALL_TENANTS:
        return
    if scope is None:
        if _touches_tenant_data(state):
            raise TenantScopeError("tenant-owned data queried without a tenant scope")
        return
    tenant_id = scope
    state.statement = state.statement.options(
        with_loader_criteria(TenantOwned, lambda cls: cls.tenant_id == tenant_id,
                             include_aliases=True)
    )


@event.listens_for(Session, "before_flush")
def _check_tenant_writes(session: Session, flush_context: Any, instances: Any) -> None:
    scope = session.info.get(SCOPE_KEY)
    if scope is ALL_TENANTS:
        return
    for obj in list(session.new) + list(session.dirty) + list(session.deleted):
        if not isinstance(obj, TenantOwned):
            continue
        if scope is None:
            raise TenantScopeError(f"{type(obj).__name__} written without a tenant scope")
        if obj.tenant_id is None:
            obj.tenant_id = scope
        elif obj.tenant_id != scope:
            raise TenantScopeError(f"{type(obj).__name__} written into another tenant")
