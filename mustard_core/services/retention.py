"""Retention: a tenant's rule "erase candidates not updated for N months", and the periodic
check that applies it.

The rule lives in the tenant's settings (`settings["retention"]`: enabled, months, who switched
it on and when). It can only be switched on against a dry run: the caller must confirm the
number of candidates the rule would erase now (`confirm_count`), so nobody erases thousands of
people by typing a number. Once on, the periodic worker (Celery beat's `mustard.lifecycle`, or
`run_periodic` called in-process) queues a `retention` job per tenant at most once a day; the
job erases due candidates in batches through the normal erasure (services/erasure.py), with
reason `retention` in the audit log.

Every function takes `now` explicitly where time matters, so tests pass a fixed clock.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mustard_core import audit
from mustard_core.errors import ApiError
from mustard_core.jobs import JobContext, JobKind, enqueue
from mustard_core.models import Candidate, Job, JobState, Tenant, utcnow
from mustard_core.platform import Platform
from mustard_core.services import erasure as erasure_service
from mustard_core.tenancy import ALL_TENANTS

SETTINGS_KEY = "retention"
MIN_MONTHS, MAX_MONTHS = 1, 600
BATCH = 200
"""Candidates erased per job transaction; a job with more to do queues its continuation."""
SAMPLE = 50
"""Candidates listed by name in a dry-run report (the count covers all of them)."""
RUN_EVERY = timedelta(hours=20)
"""A tenant's retention job is queued at most this often (the periodic check runs hourly)."""


@dataclass(frozen=True)
class Rule:
    enabled: bool = False
    months: int | None = None
    enabled_at: str | None = None
    enabled_by: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"enabled": self.enabled, "months": self.months, "enabled_at": self.enabled_at,
                "enabled_by": self.enabled_by}


@dataclass
class Report:
    """What the rule would erase at `now`: the count, and the first candidates by age."""

    months: int
    now: datetime
    cutoff: datetime
    count: int
    sample: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"months": self.months, "as_of": self.now.isoformat(),
                "cutoff": self.cutoff.isoformat(), "count": self.count,
                "candidates": self.sample}


def rule(tenant: Tenant) -> Rule:
    raw = (tenant.settings or {}).get(SETTINGS_KEY) or {}
    months = raw.get("months")
    return Rule(enabled=bool(raw.get("enabled")) and isinstance(months, int),
                months=months if isinstance(months, int) else None,
                enabled_at=raw.get("enabled_at"), enabled_by=raw.get("enabled_by"))


def months_before(now: datetime, months: int) -> datetime:
    """The same moment `months` calendar months earlier (the 31st becomes the month's last)."""
    month_index = now.year * 12 + (now.month - 1) - months
    year, month = divmod(month_index, 12)
    day = min(now.day, calendar.monthrange(year, month + 1)[1])
    return now.replace(year=year, month=month + 1, day=day)


def validate_months(months: Any) -> int:
    if isinstance(months, bool) or not isinstance(months, int) or not (
            MIN_MONTHS <= months <= MAX_MONTHS):
        raise ApiError(422, "The retention rule is not valid.", code="validation_failed",
                       details=[{"field": "months", "message":
                                 f"must be a whole number of months from {MIN_MONTHS} to "
                                 f"{MAX_MONTHS}"}])
    return months


def due(cutoff: datetime):
    """Candidates not updated since `cutoff`, oldest first."""
    return (select(Candidate).where(Candidate.updated_at < cutoff)
            .order_by(Candidate.updated_at, Candidate.id))


def dry_run(session: Session, months: int, now: datetime) -> Report:
    """What the rule would erase at `now` (the session is tenant-scoped). Erases nothing."""
    months = validate_months(months)
    cutoff = months_before(now, months)
    count = session.scalar(select(func.count()).select_from(Candidate)
                           .where(Candidate.updated_at < cutoff)) or 0
    rows = session.scalars(due(cutoff).limit(SAMPLE)).all()
    sample = [{"id": row.id, "name": row.name, "updated_at": row.updated_at.isoformat()}
              for row in rows]
    return Report(months=months, now=now, cutoff=cutoff, count=count, sample=sample)


def set_rule(request_or_session: Any, session: Session, tenant: Tenant, *, enabled: bool,
             months: int | None, confirm_count: int | None, actor_id: str | None,
             now: datetime | None = None) -> Rule:
    """Switch the rule on (only with a confirmed dry run) or off, or change its months.

    Switching it on, or shortening the period while on, needs `confirm_count` equal to what a
    dry run says now; otherwise ApiError 409 carries the dry run's count in its details."""
    now = now or utcnow()
    current = rule(tenant)
    months = months if months is not None else current.months
    if enabled or months is not None:
        months = validate_months(months)
    widens = enabled and (not current.enabled or months < (current.months or 0))
    if widens:
        report = dry_run(session, months, now)
        if confirm_count != report.count:
            raise ApiError(409, f"Review the dry run first: this rule would erase "
                           f"{report.count} candidates now. Send confirm_count={report.count} "
                           "to switch it on.", code="dry_run_required",
                           details=[{"field": "confirm_count",
                                     "message": f"must be {report.count}"}])
    if enabled:
        same = current.enabled and current.months == months
        new = Rule(enabled=True, months=months,
                   enabled_at=current.enabled_at if same else now.isoformat(),
                   enabled_by=current.enabled_by if same else actor_id)
    else:
        new = Rule(enabled=False, months=months)
    if new != current:
        tenant.settings = {**(tenant.settings or {}), SETTINGS_KEY: new.as_dict()}
        audit.record(request_or_session, "retention.update", f"tenant:{tenant.id}",
                     {"changes": audit.changes(
                         {"enabled": current.enabled, "months": current.months},
                         {"enabled": new.enabled, "months": new.months})},
                     tenant_id=tenant.id, actor_id=actor_id)
    return new


def last_run(session: Session) -> Job | None:
    return session.scalar(select(Job).where(Job.kind == "retention")
                          .order_by(Job.created_at.desc(), Job.id.desc()).limit(1))


# --------------------------------------------------------------------------- erasing


def erase_due(platform: Platform, session: Session, tenant: Tenant, now: datetime, *,
              limit: int | None = None, request_id: str | None = None) -> list[str]:
    """Erase up to `limit` (default BATCH) candidates the tenant's rule says are due at `now`;
    returns their ids. Does nothing while the rule is off."""
    current = rule(tenant)
    if not current.enabled or not current.months:
        return []
    cutoff = months_before(now, current.months)
    erased = []
    for candidate in session.scalars(due(cutoff).limit(limit or BATCH)).all():
        erasure_service.request_erasure(platform, session, tenant, candidate,
                                        reason="retention", source="retention",
                                        request_id=request_id)
        erased.append(candidate.id)
    return erased


def run_retention(ctx: JobContext) -> dict[str, Any]:
    """The job: one batch as of the payload's `as_of` (the periodic check's clock); queues the
    next batch when this one was full."""
    as_of = ctx.payload.get("as_of")
    now = datetime.fromisoformat(as_of) if as_of else utcnow()
    tenant = ctx.session.get(Tenant, ctx.tenant.id)
    erased = erase_due(ctx.platform, ctx.session, tenant, now, request_id=ctx.job.request_id)
    more = len(erased) >= BATCH
    if more:
        enqueue(ctx.session, tenant_id=tenant.id, kind="retention",
                payload={"as_of": now.isoformat(), "continued": True},
                request_id=ctx.job.request_id)
    return {"erased": len(erased), "as_of": now.isoformat(), "more": more,
            "months": rule(tenant).months}


RETENTION_KINDS: dict[str, JobKind] = {
    "retention": JobKind("retention", run_retention, max_attempts=5),
}


# --------------------------------------------------------------------------- periodic


def schedule_retention(platform: Platform, now: datetime) -> int:
    """Queue a retention job for each active tenant whose rule is on, unless one is queued or
    running or one was scheduled less than RUN_EVERY before `now` (the rule's `scheduled_at`,
    kept in the same clock as `now`); returns how many were queued."""
    queued = 0
    with platform.session(ALL_TENANTS) as session:
        tenants = session.scalars(select(Tenant).where(Tenant.active.is_(True))).all()
        for tenant in tenants:
            raw = dict((tenant.settings or {}).get(SETTINGS_KEY) or {})
            if not rule(tenant).enabled:
                continue
            scheduled = raw.get("scheduled_at")
            if scheduled and now - datetime.fromisoformat(scheduled) < RUN_EVERY:
                continue
            busy = session.scalar(select(Job.id).where(
                Job.tenant_id == tenant.id, Job.kind == "retention",
                Job.state.in_([JobState.queued, JobState.running])).limit(1))
            if busy:
                continue
            enqueue(session, tenant_id=tenant.id, kind="retention",
                    payload={"as_of": now.isoformat()})
            tenant.settings = {**(tenant.settings or {}),
                               SETTINGS_KEY: {**raw, "scheduled_at": now.isoformat()}}
            queued += 1
    return queued


def run_periodic(platform: Platform, now: datetime | None = None) -> dict[str, int]:
    """The lifecycle's periodic work: retention jobs, stalled erasures queued again, expired
    export archives removed. Celery beat runs it hourly (`mustard.lifecycle`); the embedded
    default, a cron line or a test calls it directly with its own `now`."""
    from mustard_core.services import export as export_service

    now = now or utcnow()
    return {
        "retention_jobs": schedule_retention(platform, now),
        "erasures_requeued": erasure_service.requeue_stalled(platform, now),
        "exports_purged": export_service.purge_expired(platform, now),
    }
