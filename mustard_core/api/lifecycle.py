"""The candidate data lifecycle over the API: the duplicate review queue, erasures, exports,
consent and the retention rule.

Routes, views and route factories of the area live here; its OpenAPI paths are in
`openapi_lifecycle.yaml` beside this module, and the domain logic in services/duplicates.py,
erasure.py, export.py, retention.py and consent.py. Erasing itself is `DELETE
/api/v1/candidates/{id}` (api/candidates.py), whose `Location` names the erasure to follow. The
export download (`/downloads/exports/{token}`) is outside `/api/v1` on purpose: it takes no
bearer token (the data subject may have no account), the signed token is the credential.
"""

from __future__ import annotations

import functools

from pyramid.config import Configurator
from pyramid.request import Request
from pyramid.security import NO_PERMISSION_REQUIRED
from sqlalchemy import select

from mustard_core.api.files import stored_file_response
from mustard_core.api.resources import CandidateResource, TenantResource
from mustard_core.errors import ApiError
from mustard_core.models import DuplicateReview, Erasure, ExportArchive, utcnow
from mustard_core.security import Permission
from mustard_core.services import consent as consent_service
from mustard_core.services import duplicates as duplicate_service
from mustard_core.services import erasure as erasure_service
from mustard_core.services import export as export_service
from mustard_core.services import retention as retention_service
from mustard_core.services.jobs_view import serialize_job
from mustard_core.services.paging import newest_first_page

API = "/api/v1"


class DuplicateResource(TenantResource):
    model = DuplicateReview
    label = "duplicate review"


class ErasureResource(TenantResource):
    model = Erasure
    label = "erasure"


class ExportResource(TenantResource):
    model = ExportArchive
    label = "export"


def includeme(config: Configurator) -> None:
    add = config.add_route
    add("api.duplicates", f"{API}/duplicates")
    add("api.duplicates.item", f"{API}/duplicates/{{id}}", factory=DuplicateResource)
    add("api.duplicates.merge", f"{API}/duplicates/{{id}}/merge", factory=DuplicateResource)
    add("api.duplicates.keep_apart", f"{API}/duplicates/{{id}}/keep-apart",
        factory=DuplicateResource)
    add("api.erasures", f"{API}/erasures")
    add("api.erasures.item", f"{API}/erasures/{{id}}", factory=ErasureResource)
    add("api.candidates.export", f"{API}/candidates/{{id}}/export", factory=CandidateResource)
    add("api.candidates.consent", f"{API}/candidates/{{id}}/consent",
        factory=CandidateResource)
    add("api.exports.item", f"{API}/exports/{{id}}", factory=ExportResource)
    add("api.exports.link", f"{API}/exports/{{id}}/link", factory=ExportResource)
    add("api.retention", f"{API}/retention")
    add("api.retention.report", f"{API}/retention/report")
    add("export.download", "/downloads/exports/{token}")
    # Views after their routes (the OpenAPI view deriver looks the route up; see resumes.py).
    api = functools.partial(config.add_view, openapi=True)
    read, write = Permission.candidates_read, Permission.candidates_write
    admin = Permission.tenant_settings
    api(list_duplicates, route_name="api.duplicates", request_method="GET", permission=read,
        renderer="json")
    api(get_duplicate, route_name="api.duplicates.item", request_method="GET",
        permission=read, renderer="json")
    api(merge_duplicate, route_name="api.duplicates.merge", request_method="POST",
        permission=write, renderer="json")
    api(keep_apart, route_name="api.duplicates.keep_apart", request_method="POST",
        permission=write, renderer="json")
    api(list_erasures, route_name="api.erasures", request_method="GET", permission=read,
        renderer="json")
    api(get_erasure, route_name="api.erasures.item", request_method="GET", permission=read,
        renderer="json")
    api(start_export, route_name="api.candidates.export", request_method="GET",
        permission=write, renderer="json")
    api(get_export, route_name="api.exports.item", request_method="GET", permission=read,
        renderer="json")
    api(export_link, route_name="api.exports.link", request_method="POST", permission=write,
        renderer="json")
    api(get_consent, route_name="api.candidates.consent", request_method="GET",
        permission=read, renderer="json")
    api(put_consent, route_name="api.candidates.consent", request_method="PUT",
        permission=write, renderer="json")
    api(get_retention, route_name="api.retention", request_method="GET", permission=admin,
        renderer="json")
    api(put_retention, route_name="api.retention", request_method="PUT", permission=admin,
        renderer="json")
    api(retention_report, route_name="api.retention.report", request_method="GET",
        permission=admin, renderer="json")
    # Public on purpose: the signed, single-use token in the URL is the credential.
    config.add_view(download_export, route_name="export.download", request_method="GET",
                    permission=NO_PERMISSION_REQUIRED)


# --------------------------------------------------------------------------- paging


def _page(request: Request, stmt, model, serialize_all) -> dict:
    """Newest first, by an opaque cursor over (created_at, id)."""
    query = request.validated["query"]
    rows, cursor = newest_first_page(request.db, stmt, model, limit=query["limit"],
                                     cursor=query.get("cursor"))
    return {"items": serialize_all(rows), "next_cursor": cursor}


# --------------------------------------------------------------------------- duplicates


def list_duplicates(request: Request):
    state = request.validated["query"]["state"]
    return _page(request, duplicate_service.list_query(state), DuplicateReview,
                 lambda rows: duplicate_service.serialize_all(request.db, rows))


def get_duplicate(context, request: Request):
    return duplicate_service.serialize(request.db, context.item)


def merge_duplicate(context, request: Request):
    body = request.validated["body"] or {}
    survivor = duplicate_service.merge(
        request.platform, request.db, request.tenant, context.item, keep_id=body.get("keep"),
        actor_id=request.user.id, request_id=request.request_id, audit_target=request)
    return {"candidate": duplicate_service.candidate_summary(survivor), "state": "merged"}


def keep_apart(context, request: Request):
    review = duplicate_service.keep_apart(request, context.item, actor_id=request.user.id)
    return duplicate_service.serialize(request.db, review)


# --------------------------------------------------------------------------- erasures


def list_erasures(request: Request):
    state = request.validated["query"].get("state")
    stmt = select(Erasure)
    if state:
        stmt = stmt.where(Erasure.state == state)
    email = request.validated["query"].get("email")
    if email:
        stmt = stmt.where(Erasure.email_sha256 == erasure_service.email_hash(email))
    return _page(request, stmt, Erasure,
                 lambda rows: [erasure_service.serialize(row) for row in rows])


def get_erasure(context, request: Request):
    return erasure_service.serialize(context.item)


# --------------------------------------------------------------------------- exports


def start_export(context, request: Request):
    # A GET that writes (the issue's contract): in its own writing transaction, since a GET's
    # session is a reader (on SQLite a read snapshot cannot always turn into a write).
    with request.platform.session(request.tenant.id) as session:
        archive, job = export_service.request_export(
            session, request.tenant, context.item.id, user_id=request.user.id,
            request_id=request.request_id)
        body = {"export": export_service.serialize(archive), "job": serialize_job(job)}
    request.response.status = 202
    request.response.headers["Location"] = request.route_path("api.exports.item",
                                                              id=body["export"]["id"])
    return body


def get_export(context, request: Request):
    return export_service.serialize(context.item)


def export_link(context, request: Request):
    token, expires = export_service.issue_link(request.platform, context.item)
    request.response.status = 201
    return {"url": request.route_url("export.download", token=token),
            "expires_at": expires.isoformat(), "export": export_service.serialize(context.item)}


def download_export(request: Request):
    """Public: whoever holds a valid, unused link may download this one ZIP, once."""
    try:
        download = export_service.open_link(request.platform, request.matchdict["token"])
    except export_service.LinkRefused as exc:
        raise ApiError(exc.status, f"This download link is not valid: {exc.reason}.",
                       code="gone" if exc.status == 410 else None) from None
    response = stored_file_response(
        request, download.storage_key, media_type=export_service.ZIP_MEDIA_TYPE,
        size=download.size, disposition=f'attachment; filename="{download.filename}"',
        missing=ApiError(410, "This export is no longer available.", code="gone"))
    response.headers["Referrer-Policy"] = "no-referrer"  # the URL is the credential
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


# --------------------------------------------------------------------------- consent


def get_consent(context, request: Request):
    return consent_service.serialize(context.item)


def put_consent(context, request: Request):
    candidate = context.item
    consent_service.update(candidate, request.validated["body"] or {})
    return consent_service.serialize(candidate)


# --------------------------------------------------------------------------- retention


def _retention(request: Request) -> dict:
    rule = retention_service.rule(request.tenant)
    last = retention_service.last_run(request.db)
    return {**rule.as_dict(), "last_run": None if last is None else {
        "job_id": last.id, "state": last.state.value, "created_at": last.created_at.isoformat(),
        "erased": (last.result or {}).get("erased")}}


def get_retention(request: Request):
    return _retention(request)


def put_retention(request: Request):
    body = request.validated["body"] or {}
    retention_service.set_rule(request, request.db, request.tenant,
                               enabled=body["enabled"], months=body.get("months"),
                               confirm_count=body.get("confirm_count"),
                               actor_id=request.user.id)
    return _retention(request)


def retention_report(request: Request):
    months = request.validated["query"].get("months")
    if months is None:
        months = retention_service.rule(request.tenant).months
    if months is None:
        raise ApiError(422, "Say how many months to report on.", code="validation_failed",
                       details=[{"field": "months", "message": "is required while no rule is "
                                 "set"}])
    return retention_service.dry_run(request.db, months, utcnow()).as_dict()
