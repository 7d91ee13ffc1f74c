"""The audit log: who did what, when and from where, written beside the change it describes.

An audit row is added to the same session (and so the same transaction) as the change: if the
change rolls back, so does its record, and a recorded action always happened. Rows hold ids,
names of settings and their before/after values, never passwords, tokens or credential values.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from mustard_core.models import AuditEvent, utcnow

REDACTED = "(redacted)"


def client_address(request: Any) -> str | None:
    """The caller's address as the WSGI server (or a trusted proxy in front of it) saw it."""
    return getattr(request, "client_addr", None) or None


def record(request_or_session: Any, action: str, target: str | None = None,
           details: Mapping[str, Any] | None = None, *, tenant_id: str | None = None,
           actor_id: str | None = None, address: str | None = None) -> AuditEvent:
    """Add one AuditEvent. Given a request, the actor, tenant and address come from it (an
    explicit keyword wins, e.g. a superadmin acting on a tenant); given a session, they are
    whatever the keywords say (tasks, the CLI)."""
    if isinstance(request_or_session, Session):
        session = request_or_session
    else:
        request = request_or_session
        session = request.db
        identity = getattr(request, "identity", None)
        if identity is not None:
            actor_id = actor_id or identity.user.id
            if tenant_id is None and identity.tenant is not None:
                tenant_id = identity.tenant.id
        address = address or client_address(request)
    event = AuditEvent(tenant_id=tenant_id, actor_id=actor_id, action=action,
                       target=(target or None) and str(target)[:200],
                       address=(address or None) and address[:64],
                       details=dict(details or {}), created_at=utcnow())
    session.add(event)
    return event


def changes(before: Mapping[str, Any], after: Mapping[str, Any],
            secret_keys: frozenset[str] = frozenset()) -> dict[str, dict[str, Any]]:
    """{key: {"before": old, "after": new}} for every key whose value changed; secret keys
    are recorded as changed without their values."""
    diff: dict[str, dict[str, Any]] = {}
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        if old != new:
            if key in secret_keys:
                diff[key] = {"before": REDACTED, "after": REDACTED}
            else:
                diff[key] = {"before": old, "after": new}
    return diff
