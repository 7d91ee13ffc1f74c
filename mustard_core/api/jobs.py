"""Jobs: read their state; ops may retry a failed one or cancel a queued one."""

from __future__ import annotations

from pyramid.request import Request
from pyramid.view import view_config
from sqlalchemy import select

from mustard_core import jobs as job_service
from mustard_core.errors import ApiError
from mustard_core.models import Job, JobState
from mustard_core.security import Permission
from mustard_core.services.jobs_view import serialize_job
from mustard_core.services.paging import newest_first_page


@view_config(route_name="api.jobs", request_method="GET", openapi=True,
             permission=Permission.jobs_read, renderer="json")
def list_jobs(request: Request):
    query = request.validated["query"]
    limit = query["limit"]
    stmt = select(Job)
    if query.get("state"):
        stmt = stmt.where(Job.state == JobState(query["state"]))
    if query.get("kind"):
        stmt = stmt.where(Job.kind == query["kind"])
    rows, cursor = newest_first_page(request.db, stmt, Job, limit=limit,
                                     cursor=query.get("cursor"))
    return {"items": [serialize_job(row) for row in rows], "next_cursor": cursor}


@view_config(route_name="api.jobs.item", request_method="GET", openapi=True,
             permission=Permission.jobs_read, renderer="json")
def get_job(context, request: Request):
    return serialize_job(context.item)


@view_config(route_name="api.jobs.retry", request_method="POST", openapi=True,
             permission=Permission.jobs_manage, renderer="json")
def retry_job(context, request: Request):
    try:
        job = job_service.retry_job(request.db, context.item)
    except ValueError as exc:
        raise ApiError(409, str(exc)) from None
    request.response.status = 202
    return serialize_job(job)


@view_config(route_name="api.jobs.cancel", request_method="POST", openapi=True,
             permission=Permission.jobs_manage, renderer="json")
def cancel_job(context, request: Request):
    try:
        job = job_service.cancel_job(context.item)
    except ValueError as exc:
        raise ApiError(409, str(exc)) from None
    return serialize_job(job)
