"""Search through the selected provider, synonyms CRUD, and the reindex job."""

from __future__ import annotations

from dataclasses import asdict

from pyramid.request import Request
from pyramid.response import Response
from pyramid.view import view_config
from sqlalchemy import func, select

from mustard_core.cache import cached_json
from mustard_core.errors import ApiError
from mustard_core.jobs import enqueue
from mustard_core.models import Synonym
from mustard_core.roles import SearchQuery, SearchUnavailable
from mustard_core.security import Permission
from mustard_core.services import synonyms as synonym_service
from mustard_core.services.jobs_view import serialize_job


@view_config(route_name="api.search", request_method="GET", openapi=True,
             permission=Permission.search_read)
def search(request: Request):
    query = request.validated["query"]
    skills = [s.strip() for s in (query.get("skills") or "").split(",") if s.strip()]
    search_query = SearchQuery(q=(query.get("q") or "").strip(), skills=skills[:20],
                               company=query.get("company"), title=query.get("title"),
                               location=query.get("location"), page=query["page"],
                               per_page=query["per_page"])

    def render():
        try:
            result = request.platform.search.search(request.tenant.ref(), search_query)
        except SearchUnavailable:
            raise ApiError(503, "Search is unavailable right now; retry shortly.",
                           headers={"Retry-After": "5"}) from None
        return {"hits": [asdict(hit) for hit in result.hits], "total": result.total,
                "page": result.page, "facets": result.facets,
                "facets_exhaustive": result.facets_exhaustive}

    return cached_json(request, ("search",), render)


@view_config(route_name="api.synonyms", request_method="GET", openapi=True,
             permission=Permission.synonyms_read)
def list_synonyms(request: Request):
    query = request.validated["query"]
    limit = query["limit"]

    def render():
        stmt = select(Synonym)
        if query.get("q"):
            needle = query["q"].lower()
            stmt = stmt.where(func.lower(func.coalesce(Synonym.input, "") + " " +
                                         _json_text(Synonym.synonyms)).contains(
                                             needle, autoescape=True))
        if query.get("cursor"):
            stmt = stmt.where(Synonym.id > query["cursor"])
        rows = request.db.scalars(stmt.order_by(Synonym.id).limit(limit + 1)).all()
        return {"items": [synonym_service.serialize(row) for row in rows[:limit]],
                "next_cursor": rows[limit - 1].id if len(rows) > limit else None}

    return cached_json(request, ("synonyms",), render)


def _json_text(column):
    from sqlalchemy import String, cast

    return cast(column, String)


@view_config(route_name="api.synonyms", request_method="POST", openapi=True,
             permission=Permission.synonyms_write, renderer="json")
def create_synonym(request: Request):
    row = synonym_service.create(request.db, request.tenant, request.validated["body"],
                                 request_id=request.request_id)
    request.response.status = 201
    return synonym_service.serialize(row)


@view_config(route_name="api.synonyms.item", request_method="GET", openapi=True,
             permission=Permission.synonyms_read)
def get_synonym(context, request: Request):
    return cached_json(request, ("synonyms",), lambda: synonym_service.serialize(context.item))


@view_config(route_name="api.synonyms.item", request_method="PUT", openapi=True,
             permission=Permission.synonyms_write, renderer="json")
def replace_synonym(context, request: Request):
    row = synonym_service.replace(request.db, context.item, request.validated["body"],
                                  request_id=request.request_id)
    return synonym_service.serialize(row)


@view_config(route_name="api.synonyms.item", request_method="DELETE", openapi=True,
             permission=Permission.synonyms_write)
def delete_synonym(context, request: Request):
    synonym_service.delete(request.db, context.item, request_id=request.request_id)
    return Response(status=204)


@view_config(route_name="api.reindex", request_method="POST", openapi=True,
             permission=Permission.reindex, renderer="json")
def reindex(request: Request):
    job = enqueue(request.db, tenant_id=request.tenant.id, kind="reindex",
                  created_by=request.user.id, request_id=request.request_id)
    request.response.status = 202
    return {"job": serialize_job(job)}
