"""Ops: background jobs (filter by state and kind, read the error, retry a failed one, cancel a
queued one), and the small JSON status that progress bars poll.

A tenant's ops see their tenant's jobs; a platform superadmin sees every tenant's (read only).
"""

from __future__ import annotations

from pyramid.httpexceptions import HTTPSeeOther
from pyramid.request import Request
from pyramid.view import view_config
from sqlalchemy import select

from mustard_admin.pagination import paginate
from mustard_admin.scoping import get_owned, is_platform_user, session_for
from mustard_core import audit
from mustard_core import jobs as job_service
from mustard_core.models import Job, JobState, Tenant
from mustard_core.security import Permission


def _kinds(request: Request) -> list[str]:
    return sorted(job_service.job_kinds(request.platform))


@view_config(route_name="admin.jobs.list", request_method="GET",
             permission=Permission.console, renderer="admin/jobs/list.html")
def list_jobs(request: Request):
    session = session_for(request)
    platform_wide = is_platform_user(request)
    state = request.GET.get("state", "")
    kind = request.GET.get("kind", "")
    tenant_id = request.GET.get("tenant", "") if platform_wide else ""
    stmt = select(Job)
    if state in JobState.__members__:
        stmt = stmt.where(Job.state == JobState(state))
    else:
        state = ""
    if kind in _kinds(request):
        stmt = stmt.where(Job.kind == kind)
    else:
        kind = ""
    tenants = {}
    if platform_wide:
        tenants = dict(session.execute(select(Tenant.id, Tenant.name).order_by(Tenant.name)).all())
        if tenant_id in tenants:
            stmt = stmt.where(Job.tenant_id == tenant_id)
        else:
            tenant_id = ""
    page = paginate(session, stmt.order_by(Job.created_at.desc(), Job.id), request)
    return {"page": page, "state": state, "kind": kind, "states": [s.value for s in JobState],
            "kinds": _kinds(request), "platform_wide": platform_wide, "tenants": tenants,
            "tenant_id": tenant_id}


def _job(request: Request) -> Job:
    return get_owned(session_for(request), request, Job, request.matchdict["id"])


@view_config(route_name="admin.jobs.detail", request_method="GET",
             permission=Permission.console, renderer="admin/jobs/detail.html")
def job_detail(request: Request):
    job = _job(request)
    tenant_name = None
    if is_platform_user(request):
        tenant = request.db.get(Tenant, job.tenant_id)
        tenant_name = tenant.name if tenant else job.tenant_id
    return {"job": job, "tenant_name": tenant_name}


@view_config(route_name="admin.jobs.status", request_method="GET",
             permission=Permission.console, renderer="json")
def job_status(request: Request):
    job = _job(request)
    return {"id": job.id, "kind": job.kind, "state": job.state.value, "progress": job.progress,
            "error": job.error, "result": job.result or {},
            "finished_at": job.finished_at.isoformat() if job.finished_at else None}


@view_config(route_name="admin.jobs.retry", request_method="POST", require_csrf=True,
             permission=Permission.jobs_manage)
def retry(request: Request):
    job = get_owned(request.db, request, Job, request.matchdict["id"])
    try:
        job_service.retry_job(request.db, job)
    except ValueError as exc:
        request.session.flash(str(exc).capitalize() + ".")
    else:
        audit.record(request, "job.retry", f"job:{job.id}", {"kind": job.kind})
        request.session.flash("Job queued again.")
    return HTTPSeeOther(request.route_path("admin.jobs.detail", id=job.id))


@view_config(route_name="admin.jobs.cancel", request_method="POST", require_csrf=True,
             permission=Permission.jobs_manage)
def cancel(request: Request):
    job = get_owned(request.db, request, Job, request.matchdict["id"])
    try:
        job_service.cancel_job(job)
    except ValueError as exc:
        request.session.flash(str(exc).capitalize() + ".")
    else:
        audit.record(request, "job.cancel", f"job:{job.id}", {"kind": job.kind})
        request.session.flash("Job cancelled.")
    return HTTPSeeOther(request.route_path("admin.jobs.detail", id=job.id))
