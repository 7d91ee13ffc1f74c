"""Recruiters' read views: search candidates, open a profile, its documents and resumes.

Search goes through the tenant's search provider (the same engine, synonyms and ranking as
`/api/v1/search`); without a query the newest candidates are listed from the database. Every
value shown is escaped by the templates, and profile links are only linked when http(s).
"""

from __future__ import annotations

from pyramid.httpexceptions import HTTPNotFound
from pyramid.request import Request
from pyramid.response import Response
from pyramid.view import view_config
from sqlalchemy import select

from mustard_admin.pagination import Page, page_number, paginate
from mustard_admin.scoping import get_owned, require_tenant
from mustard_core.models import Candidate, Document, GeneratedResume
from mustard_core.profile import normalised
from mustard_core.roles import SearchQuery, SearchUnavailable, StorageNotFound
from mustard_core.security import Permission
from mustard_core.services import consent
from mustard_core.services.documents import safe_filename

PER_PAGE = 20
MAX_SEARCH_PAGE = 1000


@view_config(route_name="admin.candidates.list", request_method="GET",
             permission=Permission.candidates_read, renderer="admin/candidates/list.html")
def list_candidates(request: Request):
    tenant = require_tenant(request)
    q = request.GET.get("q", "").strip()[:200]
    skills = [s.strip() for s in request.GET.get("skills", "").split(",") if s.strip()][:20]
    page: Page | None = None
    hits = None
    unavailable = False
    if q or skills:
        number = min(page_number(request), MAX_SEARCH_PAGE)
        try:
            result = request.platform.search.search(tenant.ref(), SearchQuery(
                q=q, skills=skills, page=number - 1, per_page=PER_PAGE))
        except SearchUnavailable:
            unavailable = True
            request.response.status = 503
        else:
            hits = result.hits
            page = Page(items=hits, number=number, per_page=PER_PAGE, total=result.total)
    else:
        page = paginate(request.db, select(Candidate).order_by(Candidate.updated_at.desc(),
                                                               Candidate.id),
                        request, per_page=PER_PAGE)
    return {"q": q, "skills": ", ".join(skills), "page": page, "searching": bool(q or skills),
            "unavailable": unavailable}


@view_config(route_name="admin.candidates.detail", request_method="GET",
             permission=Permission.candidates_read, renderer="admin/candidates/detail.html")
def candidate_detail(request: Request):
    candidate = get_owned(request.db, request, Candidate, request.matchdict["id"])
    documents = request.db.scalars(select(Document).where(
        Document.candidate_id == candidate.id).order_by(Document.created_at.desc())
        .limit(100)).all()
    resumes = request.db.scalars(select(GeneratedResume).where(
        GeneratedResume.candidate_id == candidate.id).order_by(
        GeneratedResume.created_at.desc()).limit(100)).all()
    return {"candidate": candidate, "profile": normalised(candidate.profile),
            "documents": documents, "resumes": resumes,
            "consent": consent.serialize(candidate), "consent_labels": consent.LABELS}


def _stream(request: Request, key: str, *, filename: str, media_type: str) -> Response:
    try:
        handle = request.platform.storage.open(key)
    except StorageNotFound:
        raise HTTPNotFound() from None
    response = Response(content_type=media_type, app_iter=_chunks(handle))
    # always a download, never rendered in the console's origin
    response.content_disposition = f'attachment; filename="{_ascii(filename)}"'
    return response


def _chunks(handle, size: int = 64 * 1024):
    try:
        while chunk := handle.read(size):
            yield chunk
    finally:
        handle.close()


def _ascii(filename: str) -> str:
    cleaned = safe_filename(filename).encode("ascii", "replace").decode()
    return cleaned.replace('"', "'").replace("?", "_")


@view_config(route_name="admin.candidates.document", request_method="GET",
             permission=Permission.candidates_read)
def download_document(request: Request):
    candidate = get_owned(request.db, request, Candidate, request.matchdict["id"])
    document = get_owned(request.db, request, Document, request.matchdict["document_id"])
    if document.candidate_id != candidate.id:
        raise HTTPNotFound()
    return _stream(request, document.storage_key, filename=document.filename,
                   media_type=document.media_type)


@view_config(route_name="admin.candidates.resume", request_method="GET",
             permission=Permission.resumes_read)
def download_resume(request: Request):
    candidate = get_owned(request.db, request, Candidate, request.matchdict["id"])
    resume = get_owned(request.db, request, GeneratedResume, request.matchdict["resume_id"])
    if resume.candidate_id != candidate.id or not resume.storage_key:
        raise HTTPNotFound()
    name = f"{candidate.name or 'candidate'} resume.pdf"
    return _stream(request, resume.storage_key, filename=name, media_type="application/pdf")
