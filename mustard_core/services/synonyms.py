"""Synonym sets per tenant, as Algolia models them, pushed to the search engine on change."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from mustard_core.cache import invalidate_after_commit
from mustard_core.errors import ApiError
from mustard_core.jobs import enqueue
from mustard_core.models import Job, JobState, Synonym, Tenant, utcnow


def clean(body: dict[str, Any]) -> tuple[str, str | None, list[str]]:
    kind = body["type"]
    words = list(dict.fromkeys(w.strip() for w in body["synonyms"] if w.strip()))
    source = (body.get("input") or "").strip() or None
    details = []
    if kind == "onewaysynonym" and not source:
        details.append({"field": "input", "message": "a one-way synonym needs an input"})
    if kind == "synonym":
        if source:
            details.append({"field": "input", "message": "only one-way synonyms have an input"})
        if len(words) < 2:
            details.append({"field": "synonyms", "message": "a synonym set needs two words"})
    if not words:
        details.append({"field": "synonyms", "message": "at least one word"})
    if details:
        raise ApiError(422, "The synonym set is not valid.", code="validation_failed",
                       details=details)
    return kind, source, words


def request_push(session: Session, tenant_id: str, request_id: str | None = None) -> Job:
    """One pending push per tenant is enough: the push sends the whole current list."""
    pending = session.scalar(select(Job).where(Job.kind == "push_synonyms",
                                               Job.state == JobState.queued,
                                               Job.attempts == 0).limit(1))
    if pending is not None:
        return pending
    return enqueue(session, tenant_id=tenant_id, kind="push_synonyms", request_id=request_id)


def create(session: Session, tenant: Tenant, body: dict[str, Any], *,
           request_id: str | None = None) -> Synonym:
    kind, source, words = clean(body)
    row = Synonym(tenant_id=tenant.id, type=kind, input=source, synonyms=words)
    session.add(row)
    session.flush()
    invalidate_after_commit(session, tenant.id, "synonyms", "search")
    request_push(session, tenant.id, request_id)
    return row


def replace(session: Session, row: Synonym, body: dict[str, Any], *,
            request_id: str | None = None) -> Synonym:
    row.type, row.input, row.synonyms = clean(body)
    row.updated_at = utcnow()
    session.flush()
    invalidate_after_commit(session, row.tenant_id, "synonyms", "search")
    request_push(session, row.tenant_id, request_id)
    return row


def delete(session: Session, row: Synonym, *, request_id: str | None = None) -> None:
    tenant_id = row.tenant_id
    session.delete(row)
    session.flush()
    invalidate_after_commit(session, tenant_id, "synonyms", "search")
    request_push(session, tenant_id, request_id)


def serialize(row: Synonym) -> dict[str, Any]:
    return {"id": row.id, "type": row.type, "input": row.input, "synonyms": list(row.synonyms)}
