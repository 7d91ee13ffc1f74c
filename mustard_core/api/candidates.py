"""Candidates: list, create, read, change, erase."""

from __future__ import annotations

from pyramid.request import Request
from pyramid.response import Response
from pyramid.view import view_config

from mustard_core import cache
from mustard_core.cache import cached_json
from mustard_core.errors import ApiError
from mustard_core.jobs import enqueue
from mustard_core.plugins import CandidateEvent
from mustard_core.security import Permission
from mustard_core.services import candidates as service
from mustard_core.services import erasure as erasure_service


@view_config(route_name="api.candidates", request_method="GET", openapi=True,
             permission=Permission.candidates_read)
def list_candidates(request: Request):
    query = request.validated["query"]
    limit = query["limit"]

    def render():
        stmt = service.list_query(q=query.get("q"), skill=query.get("skill"),
                                  updated_since=query.get("updated_since"), sort=query["sort"],
                                  cursor=query.get("cursor"))
        rows = request.db.scalars(stmt.limit(limit + 1)).all()
        return {"items": [service.serialize(row) for row in rows[:limit]],
                "next_cursor": service.next_cursor(rows, limit, query["sort"])}

    return cached_json(request, ("candidates",), render)


@view_config(route_name="api.candidates", request_method="POST", openapi=True,
             permission=Permission.candidates_write, renderer="json")
def create_candidate(request: Request):
    candidate = service.create_candidate(request.db, request.tenant, request.validated["body"],
                                         source="api", owner_id=request.user.id)
    after_change(request, candidate, "mustard_candidate_created", ("*",))
    request.response.status = 201
    request.response.headers["Location"] = request.route_path("api.candidates.item",
                                                              id=candidate.id)
    request.response.headers["ETag"] = service.etag(candidate)
    return service.serialize(candidate)


@view_config(route_name="api.candidates.item", request_method="GET", openapi=True,
             permission=Permission.candidates_read)
def get_candidate(context, request: Request):
    # The cached entry keeps the candidate's own ETag (id-version), which If-Match compares.
    return cached_json(request, (f"candidate:{context.id}",),
                       lambda: service.serialize(context.item),
                       etag=lambda: service.etag(context.item))


@view_config(route_name="api.candidates.item", request_method="PATCH", openapi=True,
             permission=Permission.candidates_write)
def update_candidate(context, request: Request):
    candidate = context.item
    if_match = request.headers.get("If-Match")
    if if_match and not cache.matches(if_match, service.etag(candidate)):
        raise ApiError(412, "The candidate changed since you read it; reload and retry.")
    changed = service.update_candidate(request.db, candidate, request.validated["body"] or {})
    if changed:
        after_change(request, candidate, "mustard_candidate_updated", tuple(changed))
    response = Response(json=service.serialize(candidate), charset="utf-8")
    response.headers["ETag"] = service.etag(candidate)
    return response


@view_config(route_name="api.candidates.item", request_method="DELETE", openapi=True,
             permission=Permission.candidates_write)
def delete_candidate(context, request: Request):
    # Rows now; files, index, cache and plugins through the erasure (services/erasure.py),
    # which also invalidates the cache and tells plugins once this transaction commits.
    erasure = erasure_service.request_erasure(
        request.platform, request.db, request.tenant, context.item, actor_id=request.user.id,
        request_id=request.request_id, audit_target=request)
    return Response(status=204, headers={
        "Location": request.route_path("api.erasures.item", id=erasure.id)})


def after_change(request: Request, candidate, hook: str, changed: tuple[str, ...]) -> None:
    """Index the candidate and tell plugins, both once the transaction commits."""
    enqueue(request.db, tenant_id=request.tenant.id, kind="index",
            payload={"candidate_ids": [candidate.id]}, created_by=request.user.id,
            request_id=request.request_id)
    request.platform.emit_after_commit(request.db, hook, CandidateEvent(
        tenant=request.tenant.ref(), candidate_id=candidate.id, source="api", changed=changed))

