"""Ops: rebuild the tenant's search index from the database, with a live progress bar.

The reindex is a job like any other (kind "reindex"); the page polls the job's small JSON
status endpoint (admin.jobs.status) from static/admin.js, so the bar moves without a reload.
"""

from __future__ import annotations

from pyramid.httpexceptions import HTTPSeeOther
from pyramid.request import Request
from pyramid.view import view_config
from sqlalchemy import select

from mustard_admin.pagination import paginate
from mustard_admin.scoping import require_tenant
from mustard_core import audit
from mustard_core.jobs import enqueue
from mustard_core.models import Job, JobState
from mustard_core.security import Permission
from mustard_core.services import candidates as candidate_service

ACTIVE = (JobState.queued, JobState.running)


def _active(request: Request) -> Job | None:
    return request.db.scalar(select(Job).where(Job.kind == "reindex", Job.state.in_(ACTIVE))
                             .order_by(Job.created_at.desc()).limit(1))


@view_config(route_name="admin.reindex.index", request_method="GET",
             permission=Permission.reindex, renderer="admin/reindex/index.html")
def reindex_page(request: Request):
    require_tenant(request)
    watched = None
    job_id = request.GET.get("job", "")
    if job_id and len(job_id) <= 36:
        watched = request.db.get(Job, job_id)
        if watched is not None and watched.kind != "reindex":
            watched = None
    watched = watched or _active(request)
    page = paginate(request.db, select(Job).where(Job.kind == "reindex")
                    .order_by(Job.created_at.desc(), Job.id), request, per_page=10)
    return {"watched": watched, "page": page, "active": _active(request),
            "candidates": candidate_service.count(request.db)}


@view_config(route_name="admin.reindex.index", request_method="POST", require_csrf=True,
             permission=Permission.reindex)
def start_reindex(request: Request):
    tenant = require_tenant(request)
    job = _active(request)
    if job is not None:
        request.session.flash("A reindex is already under way; showing it.")
    else:
        job = enqueue(request.db, tenant_id=tenant.id, kind="reindex",
                      created_by=request.user.id, request_id=request.request_id)
        audit.record(request, "search.reindex", f"job:{job.id}")
    return HTTPSeeOther(request.route_path("admin.reindex.index", _query={"job": job.id}))
