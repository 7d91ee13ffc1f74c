"""Resumes: branding, tenant templates, render, list, download, preview, share links.

Routes, views and route factories of the area live here; its OpenAPI paths are in
`openapi_resumes.yaml` beside this module, and the domain logic in services/resumes.py and
services/branding.py. The public share view (`/share/resumes/{token}`) is outside `/api/v1` on
purpose: it takes no bearer token, the token in its URL is the only credential.
"""

from __future__ import annotations

import functools

from pyramid.config import Configurator
from pyramid.request import Request
from pyramid.response import Response
from pyramid.security import NO_PERMISSION_REQUIRED
from sqlalchemy import select

from mustard_core.api.files import stored_file_response
from mustard_core.api.resources import CandidateResource, TenantResource
from mustard_core.cache import cached_json
from mustard_core.errors import ApiError, not_found
from mustard_core.models import GeneratedResume
from mustard_core.models.resumes import ResumeShare, ResumeTemplate
from mustard_core.resumes import BUILTIN_TEMPLATES
from mustard_core.security import Permission
from mustard_core.services import branding as branding_service
from mustard_core.services import resumes as service
from mustard_core.services.jobs_view import serialize_job
from mustard_core.services.paging import newest_first_page

API = "/api/v1"
SHARE_NOT_FOUND = "No such shared resume: the link may have expired or been revoked."


class ResumeResource(TenantResource):
    model = GeneratedResume
    label = "resume"


class ResumeTemplateResource(TenantResource):
    model = ResumeTemplate
    label = "template"


def includeme(config: Configurator) -> None:
    add = config.add_route
    add("api.branding", f"{API}/branding")
    add("api.branding.logo", f"{API}/branding/logo")
    add("api.templates", f"{API}/templates")
    add("api.templates.item", f"{API}/templates/{{id}}", factory=ResumeTemplateResource)
    add("api.candidates.resumes", f"{API}/candidates/{{id}}/resumes", factory=CandidateResource)
    add("api.candidates.resumes.preview", f"{API}/candidates/{{id}}/resumes/preview",
        factory=CandidateResource)
    add("api.resumes.item", f"{API}/resumes/{{id}}", factory=ResumeResource)
    add("api.resumes.pdf", f"{API}/resumes/{{id}}/pdf", factory=ResumeResource)
    add("api.resumes.shares", f"{API}/resumes/{{id}}/shares", factory=ResumeResource)
    add("api.resumes.shares.item", f"{API}/resumes/{{id}}/shares/{{share_id}}",
        factory=ResumeResource)
    add("share.resume", "/share/resumes/{token}")
    # Views are added here, after their routes, not by @view_config: the OpenAPI view deriver
    # looks up a view's route when the view is added, and the API's scan runs before this
    # include has added the routes.
    api = functools.partial(config.add_view, openapi=True)
    read, write = Permission.resumes_read, Permission.resumes_write
    admin = Permission.tenant_settings
    api(get_branding, route_name="api.branding", request_method="GET", permission=read,
        renderer="json")
    api(replace_branding, route_name="api.branding", request_method="PUT", permission=admin,
        renderer="json")
    api(upload_logo, route_name="api.branding.logo", request_method="PUT", permission=admin,
        renderer="json")
    api(delete_logo, route_name="api.branding.logo", request_method="DELETE", permission=admin)
    api(list_templates, route_name="api.templates", request_method="GET", permission=read)
    api(create_template, route_name="api.templates", request_method="POST", permission=admin,
        renderer="json")
    api(get_template, route_name="api.templates.item", request_method="GET", permission=read)
    api(replace_template, route_name="api.templates.item", request_method="PUT",
        permission=admin, renderer="json")
    api(delete_template, route_name="api.templates.item", request_method="DELETE",
        permission=admin)
    api(render_resume, route_name="api.candidates.resumes", request_method="POST",
        permission=write, renderer="json")
    api(list_resumes, route_name="api.candidates.resumes", request_method="GET",
        permission=read, renderer="json")
    api(preview_resume, route_name="api.candidates.resumes.preview", request_method="GET",
        permission=read)
    api(get_resume, route_name="api.resumes.item", request_method="GET", permission=read,
        renderer="json")
    api(download_resume, route_name="api.resumes.pdf", request_method="GET", permission=read)
    api(list_shares, route_name="api.resumes.shares", request_method="GET", permission=read,
        renderer="json")
    api(create_share, route_name="api.resumes.shares", request_method="POST",
        permission=write, renderer="json")
    api(revoke_share, route_name="api.resumes.shares.item", request_method="DELETE",
        permission=write)
    # Public on purpose: the signed token in the URL is the credential.
    config.add_view(open_shared_resume, route_name="share.resume", request_method="GET",
                    permission=NO_PERMISSION_REQUIRED)


# --------------------------------------------------------------------------- branding


def get_branding(request: Request):
    return branding_service.branding_settings(request.tenant)


def replace_branding(request: Request):
    return branding_service.replace_branding(request.tenant, request.validated["body"],
                                             service.template_names(request.db))


def upload_logo(request: Request):
    field = request.POST.get("file")
    if field is None or not hasattr(field, "file"):
        raise ApiError(422, "Send the logo in a multipart field named 'file'.",
                       code="validation_failed",
                       details=[{"field": "file", "message": "is required"}])
    data = field.file.read(branding_service.LOGO_MAX_UPLOAD + 1)
    return branding_service.store_logo(request.platform, request.tenant, data)


def delete_logo(request: Request):
    branding_service.remove_logo(request.platform, request.tenant)
    return Response(status=204)


# --------------------------------------------------------------------------- templates


def list_templates(request: Request):
    query = request.validated["query"]
    limit = query["limit"]

    def render():
        stmt = select(ResumeTemplate)
        if query.get("cursor"):
            stmt = stmt.where(ResumeTemplate.name > query["cursor"])
        rows = request.db.scalars(stmt.order_by(ResumeTemplate.name).limit(limit + 1)).all()
        return {"items": [service.serialize_template(row, source=False)
                          for row in rows[:limit]],
                "next_cursor": rows[limit - 1].name if len(rows) > limit else None,
                "builtin": list(BUILTIN_TEMPLATES)}

    return cached_json(request, ("templates",), render)


def create_template(request: Request):
    template = service.save_template(request.platform, request.db, request.tenant,
                                     request.validated["body"], user_id=request.user.id)
    request.response.status = 201
    request.response.headers["Location"] = request.route_path("api.templates.item",
                                                              id=template.id)
    return service.serialize_template(template)


def get_template(context, request: Request):
    return cached_json(request, ("templates",),
                       lambda: service.serialize_template(context.item))


def replace_template(context, request: Request):
    template = service.save_template(request.platform, request.db, request.tenant,
                                     request.validated["body"], user_id=request.user.id,
                                     template=context.item)
    return service.serialize_template(template)


def delete_template(context, request: Request):
    service.delete_template(request.db, request.tenant, context.item)
    return Response(status=204)


# --------------------------------------------------------------------------- resumes


def render_resume(context, request: Request):
    resume, job = service.request_render(
        request.platform, request.db, request.tenant, context.item, request.validated["body"],
        user_id=request.user.id, request_id=request.request_id)
    request.response.status = 202
    request.response.headers["Location"] = request.route_path("api.resumes.item", id=resume.id)
    return {"resume": service.serialize_resume(resume), "job": serialize_job(job)}


def list_resumes(context, request: Request):
    query = request.validated["query"]
    limit = query["limit"]
    rows, cursor = newest_first_page(request.db, service.resumes_query(context.item.id),
                                     GeneratedResume, limit=limit, cursor=query.get("cursor"))
    return {"items": [service.serialize_resume(row) for row in rows], "next_cursor": cursor}


def preview_resume(context, request: Request):
    query = dict(request.validated["query"])
    if "sections" in query:
        query["sections"] = [s.strip() for s in query["sections"].split(",") if s.strip()]
    html = service.preview_html(request.platform, request.db, request.tenant, context.item,
                                query)
    response = Response(html, content_type="text/html", charset="utf-8")
    response.headers["Content-Security-Policy"] = service.PREVIEW_CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def get_resume(context, request: Request):
    return service.serialize_resume(context.item)


def download_resume(context, request: Request):
    resume = context.item
    if resume.state != service.ResumeState.ready or not resume.storage_key:
        raise ApiError(409, f"The resume has no PDF yet (it is {resume.state}).",
                       code="conflict")
    filename = f"resume-{resume.created_at:%Y%m%d}-{resume.id[:8]}.pdf"
    url = request.platform.storage.download_url(
        resume.storage_key, filename=filename, content_type=service.PDF_MEDIA_TYPE,
        expires_seconds=300)
    if url:
        return Response(status=302, location=url)
    return _pdf_response(request, resume.storage_key, resume.size,
                         f'attachment; filename="{filename}"')


# --------------------------------------------------------------------------- share links


def list_shares(context, request: Request):
    rows = request.db.scalars(select(ResumeShare).where(
        ResumeShare.resume_id == context.item.id)
        .order_by(ResumeShare.created_at.desc(), ResumeShare.id.desc())).all()
    return {"items": [service.serialize_share(row) for row in rows], "next_cursor": None}


def create_share(context, request: Request):
    body = request.validated["body"] or {}
    hours = body.get("expires_in_hours", service.SHARE_DEFAULT_HOURS)
    share, token = service.create_share(request.platform, request.db, context.item, hours,
                                        user_id=request.user.id)
    request.response.status = 201
    return {**service.serialize_share(share),
            "url": request.route_url("share.resume", token=token)}


def revoke_share(context, request: Request):
    share_id = request.matchdict.get("share_id", "")
    share = request.db.get(ResumeShare, share_id) if len(share_id) <= 36 else None
    if share is None or share.resume_id != context.item.id:
        raise not_found("share link")
    service.revoke_share(share)
    return Response(status=204)


def open_shared_resume(request: Request):
    """Public: whoever holds a valid link may read this one PDF, inline."""
    shared = service.open_share(request.platform, request.matchdict["token"])
    if shared is None:
        raise ApiError(404, SHARE_NOT_FOUND)
    request.platform.metrics.increment("resumes.share_opened")
    response = _pdf_response(request, shared.storage_key, shared.size,
                             'inline; filename="resume.pdf"', missing=SHARE_NOT_FOUND)
    response.headers["Referrer-Policy"] = "no-referrer"  # the URL is the credential
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _pdf_response(request: Request, key: str, size: int | None, disposition: str, *,
                  missing: str = "No such file.") -> Response:
    return stored_file_response(request, key, media_type=service.PDF_MEDIA_TYPE, size=size,
                                disposition=disposition, missing=ApiError(404, missing))
