"""Uploads and documents: accept files, show them, download them, parse them again."""

from __future__ import annotations

from pyramid.request import Request
from pyramid.response import Response
from pyramid.view import view_config
from sqlalchemy import select

from mustard_core.api.files import stored_file_response
from mustard_core.api.resources import usable_id
from mustard_core.errors import ApiError, not_found
from mustard_core.models import Candidate, Document, DocumentKind
from mustard_core.security import Permission
from mustard_core.services import documents as service
from mustard_core.services.jobs_view import serialize_job


def _file_field(request: Request):
    field = request.POST.get("file")
    if field is None or not hasattr(field, "file"):
        raise ApiError(422, "Send the file in a multipart field named 'file'.",
                       code="validation_failed",
                       details=[{"field": "file", "message": "is required"}])
    return field


def _kind(request: Request, default: DocumentKind) -> DocumentKind:
    raw = request.POST.get("kind") or default.value
    try:
        return DocumentKind(raw)
    except ValueError:
        raise ApiError(422, "Unknown document kind.", code="validation_failed",
                       details=[{"field": "kind", "message": "use cv, photo or other"}]) from None


def _accept(request: Request, candidate: Candidate | None, kind: DocumentKind):
    limit = request.platform.settings["mustard.uploads.max_bytes"]
    if request.content_length and request.content_length > limit + 64 * 1024:
        raise ApiError(413, f"The upload is larger than the limit of {limit // (1024 * 1024)} MB.")
    field = _file_field(request)
    data = service.read_limited(field.file, limit)
    accepted = service.accept_upload(
        request.platform, request.db, request.tenant, data=data, filename=field.filename or "",
        kind=kind, candidate=candidate, user_id=request.user.id, request_id=request.request_id)
    request.response.status = 202
    return {"document": service.serialize(accepted.document),
            "job": serialize_job(accepted.job) if accepted.job else None}


@view_config(route_name="api.uploads", request_method="POST", openapi=True,
             permission=Permission.candidates_write, renderer="json")
def upload(request: Request):
    candidate = None
    candidate_id = request.POST.get("candidate_id")
    if candidate_id:
        candidate = request.db.get(Candidate, candidate_id) if usable_id(candidate_id) else None
        if candidate is None:
            raise ApiError(422, "No such candidate.", code="validation_failed",
                           details=[{"field": "candidate_id", "message": "no such candidate"}])
    return _accept(request, candidate, _kind(request, DocumentKind.cv))


@view_config(route_name="api.candidates.documents", request_method="POST", openapi=True,
             permission=Permission.candidates_write, renderer="json")
def add_document(context, request: Request):
    return _accept(request, context.item, _kind(request, DocumentKind.cv))


@view_config(route_name="api.candidates.documents", request_method="GET", openapi=True,
             permission=Permission.candidates_read, renderer="json")
def list_documents(context, request: Request):
    candidate = context.item
    query = request.validated["query"]
    limit = query["limit"]
    stmt = select(Document).where(Document.candidate_id == candidate.id)
    if query.get("cursor"):
        stmt = stmt.where(Document.id > query["cursor"])
    rows = request.db.scalars(stmt.order_by(Document.id).limit(limit + 1)).all()
    return {"items": [service.serialize(row) for row in rows[:limit]],
            "next_cursor": rows[limit - 1].id if len(rows) > limit else None}


@view_config(route_name="api.documents.item", request_method="GET", openapi=True,
             permission=Permission.candidates_read, renderer="json")
def get_document(context, request: Request):
    return service.serialize(context.item)


@view_config(route_name="api.documents.download", request_method="GET", openapi=True,
             permission=Permission.candidates_read)
def download_document(context, request: Request):
    document = context.item
    storage = request.platform.storage
    filename = service.download_name(document.filename, document.media_type)
    url = storage.download_url(document.storage_key, filename=filename,
                               content_type=document.media_type, expires_seconds=300)
    if url:
        return Response(status=302, location=url)
    return stored_file_response(request, document.storage_key, media_type=document.media_type,
                                size=document.size, disposition=_attachment(filename),
                                missing=not_found("file"))


@view_config(route_name="api.documents.reparse", request_method="POST", openapi=True,
             permission=Permission.candidates_write, renderer="json")
def reparse_document(context, request: Request):
    document = context.item
    job = service.reparse(request.db, document, user_id=request.user.id,
                          request_id=request.request_id)
    request.response.status = 202
    return {"document": service.serialize(document), "job": serialize_job(job)}


def _attachment(filename: str) -> str:
    from urllib.parse import quote

    ascii_name = filename.encode("ascii", "replace").decode().replace('"', "'").replace("?", "_")
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
