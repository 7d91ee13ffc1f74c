"""Erasure: forgetting a candidate in every store, and saying so only when it is true.

The request (DELETE /api/v1/candidates/{id}, the console's erase button, the retention rule)
deletes the database rows in its own transaction (the candidate, documents, resumes, revisions;
reviews and export archives cascade) and writes an `Erasure` that lists what is left to do:

- storage: every stored file (uploads, photos, every generated PDF, export ZIPs) through the
  storage provider;
- search: the index entry through the search provider;
- cache: cached API responses (their generation tokens are replaced, and entries naming the
  candidate are deleted from Redis rather than left to expire);
- plugins: the `mustard_candidate_deleted` event, delivered once the transaction commits; a
  plugin whose handler raises is delivered to again by the job until it succeeds.

The `erase` job (services/handlers.py hands it to `run_erasure`) works through the steps,
marking each one done in its own short transaction as soon as it held, so a store that is down
leaves the erasure `pending`, visibly (API, console, the job's error), and the job retries with
backoff; when it finally gives up, the periodic lifecycle check queues it again. The erasure is
`completed` only when every step is done.

The audit log records the erasure with ids and a sha256 of the email address only.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import datetime, timedelta
from typing import Any

import redis
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from mustard_core import audit, cache
from mustard_core.jobs import JobContext, JobFailed, JobRetry, enqueue
from mustard_core.models import (
    Candidate,
    Erasure,
    ExportArchive,
    GeneratedResume,
    Job,
    JobState,
    Tenant,
    utcnow,
)
from mustard_core.platform import Platform
from mustard_core.plugins import CandidateEvent
from mustard_core.roles import StorageError
from mustard_core.services import candidates as candidate_service
from mustard_core.services.resumes import resume_key
from mustard_core.tenancy import ALL_TENANTS

log = logging.getLogger(__name__)

PENDING, COMPLETED = "pending", "completed"
DONE, WAITING, FAILED = "done", "pending", "failed"
STEPS = ("database", "storage", "search", "cache", "plugins")
HOOK = "mustard_candidate_deleted"
PLUGIN_GRACE = timedelta(minutes=5)
"""How long the job leaves the deletion event to the request that committed the erasure (it is
delivered right after the commit); past that the request is presumed to have died first."""
STALLED_AFTER = timedelta(minutes=10)
"""A pending erasure whose job has ended this long ago is queued again by the periodic check."""
_PENDING_DELIVERIES = "mustard.erasure.deliveries"
FINISHED_JOB_STATES = {JobState.succeeded, JobState.failed, JobState.cancelled}


def email_hash(email: str | None) -> str | None:
    """The sha256 of the normalised address: enough to answer "was this person erased?", and
    no address to leak."""
    normalised = candidate_service.normalise_email(email)
    return hashlib.sha256(normalised.encode()).hexdigest() if normalised else None


def export_key(tenant_id: str, export_id: str) -> str:
    return f"{tenant_id}/exports/{export_id}.zip"


# --------------------------------------------------------------------------- the request


def request_erasure(platform: Platform, session: Session, tenant: Tenant, candidate: Candidate,
                    *, reason: str = "request", source: str = "api",
                    actor_id: str | None = None, request_id: str | None = None,
                    audit_target: Any = None) -> Erasure:
    """Delete the candidate's rows now and set the rest in motion (after this transaction
    commits: the job, the cache invalidation, the plugins' event).

    `audit_target` is the request when there is one (the audit row then names the caller's
    address too), else the session is used."""
    candidate_id = candidate.id
    hashed = email_hash(candidate.email)
    # Keys of files that may exist without a row saying so yet (a render or an export running
    # now stores under a key derived from its row's id), so none is missed.
    keys = {resume_key(tenant.id, row_id) for row_id in session.scalars(
        select(GeneratedResume.id).where(GeneratedResume.candidate_id == candidate_id))}
    keys |= {export_key(tenant.id, row_id) for row_id in session.scalars(
        select(ExportArchive.id).where(ExportArchive.candidate_id == candidate_id))}
    erased = candidate_service.erase_candidate(session, candidate)
    keys |= set(erased["storage_keys"])
    erasure = Erasure(tenant_id=tenant.id, candidate_id=candidate_id, email_sha256=hashed,
                      reason=reason, state=PENDING, storage_keys=sorted(keys),
                      plugin_failures=[], requested_by=actor_id, created_at=utcnow(),
                      steps={"database": DONE, "storage": WAITING, "search": WAITING,
                             "cache": WAITING, "plugins": WAITING})
    session.add(erasure)
    session.flush()
    job = enqueue(session, tenant_id=tenant.id, kind="erase",
                  payload={"erasure_id": erasure.id}, created_by=actor_id,
                  request_id=request_id)
    erasure.job_id = job.id
    cache.candidate_changed(session, tenant.id, candidate_id)
    audit.record(audit_target if audit_target is not None else session, "candidate.erase",
                 f"candidate:{candidate_id}",
                 {"erasure": erasure.id, "email_sha256": hashed, "reason": reason,
                  "files": len(keys)}, tenant_id=tenant.id, actor_id=actor_id)
    deliver_after_commit(platform, session, erasure.id, CandidateEvent(
        tenant=tenant.ref(), candidate_id=candidate_id, source=source))
    platform.metrics.increment(f"erasures.requested.{reason}")
    return erasure


# --------------------------------------------------------------------------- plugins


def deliver_after_commit(platform: Platform, session: Session, erasure_id: str,
                         event_obj: CandidateEvent) -> None:
    """Tell plugins once the session commits (never if it rolls back), and record whether each
    one handled it."""
    pending = session.info.get(_PENDING_DELIVERIES)
    if pending is None:
        pending = session.info[_PENDING_DELIVERIES] = []
        event.listen(session, "after_commit", _deliver_pending)
        event.listen(session, "after_soft_rollback",
                     lambda s, previous: s.info.get(_PENDING_DELIVERIES, []).clear())
    pending.append((platform, erasure_id, event_obj))


def _deliver_pending(session: Session) -> None:
    pending = session.info.get(_PENDING_DELIVERIES) or []
    items, pending[:] = list(pending), []
    for platform, erasure_id, event_obj in items:
        try:
            failures = deliver(platform, event_obj)
            record_plugins(platform, event_obj.tenant.id, erasure_id, failures)
        except Exception:  # the erasure stays pending; its job or the periodic check delivers
            log.exception("delivering erasure %s to plugins failed", erasure_id)


def deliver(platform: Platform, event_obj: CandidateEvent,
            only: list[str] | None = None) -> list[str]:
    """Call each plugin's `mustard_candidate_deleted` (or only those named); returns the names
    of the plugins whose handler raised."""
    failed = []
    for impl in reversed(getattr(platform.pm.hook, HOOK).get_hookimpls()):
        if only is not None and impl.plugin_name not in only:
            continue
        try:
            impl.function(**{arg: event_obj for arg in impl.argnames})
        except Exception:
            log.exception("plugin %s failed handling a candidate's erasure", impl.plugin_name)
            platform.metrics.increment(f"events.{HOOK}.failed")
            failed.append(impl.plugin_name)
    return failed


def record_plugins(platform: Platform, tenant_id: str, erasure_id: str,
                   failures: list[str]) -> None:
    """Mark the plugins step done, or failed (the erasure's job delivers again; a new job is
    queued if that one has already ended)."""
    with platform.session(tenant_id) as session:
        erasure = _locked(session, erasure_id)
        if erasure is None:
            return
        erasure.plugin_failures = sorted(failures)
        if failures:
            _set_step(erasure, "plugins", FAILED)
            erasure.error = "plugins failed to erase their copy: " + ", ".join(sorted(failures))
            job = session.get(Job, erasure.job_id) if erasure.job_id else None
            if job is None or job.state in FINISHED_JOB_STATES:
                job = enqueue(session, tenant_id=tenant_id, kind="erase",
                              payload={"erasure_id": erasure.id})
                erasure.job_id = job.id
        else:
            _set_step(erasure, "plugins", DONE)
        _complete_if_done(platform, session, erasure)


# --------------------------------------------------------------------------- the job


def run_erasure(ctx: JobContext) -> dict[str, Any]:
    """Work through the steps still pending; each is marked done as soon as it held."""
    platform = ctx.platform
    tenant_id = ctx.tenant.id
    erasure_id = ctx.payload.get("erasure_id")
    with platform.session(tenant_id, write=False) as reader:
        erasure = reader.get(Erasure, erasure_id)
        if erasure is None:
            raise JobFailed("no such erasure")
        if erasure.state == COMPLETED:
            return result(erasure)
        steps = dict(erasure.steps or {})
        keys = list(erasure.storage_keys or [])
        failures = list(erasure.plugin_failures or [])
        candidate_id, created_at, reason = (erasure.candidate_id, erasure.created_at,
                                            erasure.reason)
    tenant = ctx.tenant.ref()
    if steps.get("storage") != DONE:
        _erase_files(platform, tenant_id, erasure_id, keys)
    if steps.get("search") != DONE:
        platform.search.delete(tenant, [candidate_id])
        cache.search_changed(platform, tenant_id)
        _mark(platform, tenant_id, erasure_id, "search")
    if steps.get("cache") != DONE:
        response_cache = cache.cache_for(platform)
        response_cache.invalidate(tenant_id, *cache.candidate_resources(candidate_id))
        try:
            response_cache.purge_mentions(tenant_id, candidate_id)
        except redis.RedisError as exc:
            raise JobRetry(f"cache unavailable: {type(exc).__name__}") from None
        _mark(platform, tenant_id, erasure_id, "cache")
    plugins = steps.get("plugins")
    overdue = utcnow() - created_at > PLUGIN_GRACE
    if plugins == FAILED or (plugins == WAITING and overdue):
        event_obj = CandidateEvent(tenant=tenant, candidate_id=candidate_id, source=reason)
        still = deliver(platform, event_obj, only=failures if plugins == FAILED else None)
        _record_plugins_in_job(platform, tenant_id, erasure_id, still)
        if still:
            raise JobRetry("plugins failed to erase their copy: " + ", ".join(still))
    with platform.session(tenant_id) as session:
        erasure = _locked(session, erasure_id)
        if erasure is None:
            raise JobFailed("the erasure record was removed while it ran")
        if (erasure.steps or {}).get("plugins") == FAILED:
            # the request's delivery failed while this run was past its plugins step
            raise JobRetry("plugins failed to erase their copy: "
                           + ", ".join(erasure.plugin_failures or []))
        _complete_if_done(platform, session, erasure)
        return result(erasure)


def _erase_files(platform: Platform, tenant_id: str, erasure_id: str, keys: list[str]) -> None:
    remaining = list(keys)
    try:
        for key in keys:
            platform.storage.delete(key)
            remaining.remove(key)
    except StorageError as exc:
        # Say how far it got (the count shows on the erasure), then let the job retry.
        _mark(platform, tenant_id, erasure_id, None, storage_keys=remaining,
              error=f"storage unavailable: {exc}")
        raise
    _mark(platform, tenant_id, erasure_id, "storage", storage_keys=[])


def _record_plugins_in_job(platform: Platform, tenant_id: str, erasure_id: str,
                           failures: list[str]) -> None:
    with platform.session(tenant_id) as session:
        erasure = _locked(session, erasure_id)
        if erasure is not None:
            erasure.plugin_failures = sorted(failures)
            _set_step(erasure, "plugins", FAILED if failures else DONE)


def erasure_failed(platform: Platform, session: Session, job: Job, error: str) -> None:
    """The `erase` job gave up (after about a day of retries): say so on the erasure."""
    erasure = session.get(Erasure, (job.payload or {}).get("erasure_id"))
    if erasure is not None and erasure.state != COMPLETED:
        erasure.error = f"{error}; the periodic lifecycle check will queue it again"


# --------------------------------------------------------------------------- steps


def _locked(session: Session, erasure_id: str) -> Erasure | None:
    """The row, locked for this transaction: the request's plugin delivery and the job may
    record their steps at the same moment."""
    return session.scalar(select(Erasure).where(Erasure.id == erasure_id).with_for_update())


def _set_step(erasure: Erasure, step: str, value: str) -> None:
    erasure.steps = {**(erasure.steps or {}), step: value}


def _mark(platform: Platform, tenant_id: str, erasure_id: str, step: str | None, *,
          storage_keys: list[str] | None = None, error: str | None = None) -> None:
    with platform.session(tenant_id) as session:
        erasure = _locked(session, erasure_id)
        if erasure is None:
            return
        if step is not None:
            _set_step(erasure, step, DONE)
        if storage_keys is not None:
            erasure.storage_keys = storage_keys
        if error is not None:
            erasure.error = error[:2000]


def _complete_if_done(platform: Platform, session: Session, erasure: Erasure) -> None:
    if erasure.state == COMPLETED or any((erasure.steps or {}).get(s) != DONE for s in STEPS):
        return
    erasure.state = COMPLETED
    erasure.completed_at = utcnow()
    erasure.error = None
    audit.record(session, "candidate.erase.completed", f"candidate:{erasure.candidate_id}",
                 {"erasure": erasure.id, "email_sha256": erasure.email_sha256},
                 tenant_id=erasure.tenant_id)
    platform.metrics.increment("erasures.completed")


# --------------------------------------------------------------------------- periodic


def requeue_stalled(platform: Platform, now: datetime | None = None) -> int:
    """Queue a new job for every pending erasure whose job has ended (given up after a long
    outage, or lost): erasures are retried until they complete."""
    now = now or utcnow()
    queued = 0
    with platform.session(ALL_TENANTS) as session:
        pending = session.scalars(select(Erasure).where(
            Erasure.state == PENDING, Erasure.created_at <= now - STALLED_AFTER)
            .order_by(Erasure.created_at).limit(1000)).all()
        for erasure in pending:
            job = session.get(Job, erasure.job_id) if erasure.job_id else None
            if job is not None and (job.state not in FINISHED_JOB_STATES or (
                    job.finished_at and job.finished_at > now - STALLED_AFTER)):
                continue
            new = enqueue(session, tenant_id=erasure.tenant_id, kind="erase",
                          payload={"erasure_id": erasure.id})
            erasure.job_id = new.id
            queued += 1
    return queued


# --------------------------------------------------------------------------- reading


def result(erasure: Erasure) -> dict[str, Any]:
    return {"erasure_id": erasure.id, "candidate_id": erasure.candidate_id,
            "state": erasure.state, "steps": dict(erasure.steps or {})}


def serialize(erasure: Erasure) -> dict[str, Any]:
    return {
        "id": erasure.id,
        "candidate_id": erasure.candidate_id,
        "reason": erasure.reason,
        "state": erasure.state,
        "steps": {step: (erasure.steps or {}).get(step, WAITING) for step in STEPS},
        "files_remaining": len(erasure.storage_keys or []),
        "plugin_failures": list(erasure.plugin_failures or []),
        "error": erasure.error,
        "job_id": erasure.job_id,
        "requested_by": erasure.requested_by,
        "created_at": erasure.created_at.isoformat(),
        "completed_at": erasure.completed_at.isoformat() if erasure.completed_at else None,
    }
