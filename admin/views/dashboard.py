"""The dashboard: what is in the database, what the job runner is doing, what failed lately.

A tenant's staff see their tenant; a platform superadmin sees every tenant together.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from pyramid.request import Request
from pyramid.view import view_config
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mustard_admin.chart import grouped_bars, last_days
from mustard_admin.scoping import is_platform_user, session_for
from mustard_core.models import (
    Candidate,
    Document,
    GeneratedResume,
    Job,
    JobState,
    Tenant,
    User,
)
from mustard_core.security import Permission

CHART_DAYS = 14


def per_day(session: Session, column, *conditions) -> dict:
    """{date: count} of rows whose `column` falls on each UTC day of the chart's window."""
    since = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0) - timedelta(
        days=CHART_DAYS - 1)
    if session.get_bind().dialect.name == "postgresql":
        day = func.date(func.timezone("UTC", column))
    else:
        day = func.date(column)
    rows = session.execute(select(day, func.count()).where(column >= since, *conditions)
                           .group_by(day)).all()
    out = {}
    for value, count in rows:
        key = value if not isinstance(value, str) else datetime.strptime(value, "%Y-%m-%d")
        out[key.date() if isinstance(key, datetime) else key] = count
    return out


def queue_depth(request: Request, session: Session, *, platform_wide: bool) -> int:
    """Jobs waiting or running. The platform sees the job runner's own queue when it can tell
    (the in-process runner can; every tenant's work, including delayed retries); a tenant sees
    its own jobs only, from the database, never a number that includes other tenants."""
    pending = getattr(request.platform.dispatcher, "pending", None)
    if platform_wide and callable(pending):
        return int(pending())
    return session.scalar(select(func.count()).select_from(Job).where(
        Job.state.in_((JobState.queued, JobState.running)))) or 0


@view_config(route_name="admin.dashboard.index", request_method="GET",
             permission=Permission.console, renderer="admin/dashboard/index.html")
def dashboard(request: Request):
    session = session_for(request)
    platform_wide = is_platform_user(request)

    def count(model) -> int:
        return session.scalar(select(func.count()).select_from(model)) or 0

    users = select(func.count()).select_from(User)
    if not platform_wide:
        users = users.where(User.tenant_id == request.tenant.id)
    counts = {
        "Tenants": count(Tenant) if platform_wide else None,
        "Users": session.scalar(users) or 0,
        "Candidates": count(Candidate),
        "Documents": count(Document),
        "Resumes": count(GeneratedResume),
    }
    by_state = dict(session.execute(select(Job.state, func.count()).group_by(Job.state)).all())
    jobs_by_state = [(state.value, by_state.get(state, 0)) for state in JobState]
    failures = session.scalars(select(Job).where(Job.state == JobState.failed)
                               .order_by(Job.finished_at.desc(), Job.id).limit(5)).all()
    days = last_days(datetime.now(UTC).date(), CHART_DAYS)
    chart = grouped_bars(days, {
        "Uploads": per_day(session, Document.created_at),
        "Parses": per_day(session, Job.finished_at, Job.kind == "parse",
                          Job.state == JobState.succeeded),
    })
    tenant_names = {}
    if platform_wide:
        tenant_names = dict(session.execute(select(Tenant.id, Tenant.name)).all())
    return {"counts": [(k, v) for k, v in counts.items() if v is not None],
            "jobs_by_state": jobs_by_state, "failures": failures,
            "queue_depth": queue_depth(request, session, platform_wide=platform_wide),
            "chart": chart,
            "platform_wide": platform_wide, "tenant_names": tenant_names}
