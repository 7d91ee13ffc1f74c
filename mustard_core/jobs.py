"""Jobs: background work recorded as rows, published after commit, run at least once.

The life of a job:
1. `enqueue` writes a `Job` row in the caller's transaction (the outbox) and asks for it to be
   published when that transaction commits. If it never commits, nothing runs; if it commits and
   the publish fails (broker down, crash), the relay (`relay_pending`) publishes it again later.
2. `execute_job` runs it: it takes a per-job lock (so a duplicate delivery waits its turn or
   leaves), skips jobs already finished (so a redelivery is harmless), counts the attempt (so a
   poison message ends failed), and runs the kind's handler in ONE transaction that also marks
   the job succeeded: the job's effects and its success commit together or not at all.
3. A transient error (a store or engine unreachable) puts the job back in the queue with an
   exponential delay; anything else fails it with a readable reason for the recruiter or ops.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import or_, select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from mustard_core.models import Job, JobState, Tenant, utcnow
from mustard_core.observability import job_log_context
from mustard_core.platform import PENDING_JOBS, Platform
from mustard_core.roles import ParseError, SearchUnavailable, StorageError
from mustard_core.tenancy import ALL_TENANTS

log = logging.getLogger(__name__)


class JobFailed(Exception):
    """A permanent failure: `reason` is shown as the job's error."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class JobRetry(Exception):
    """A transient failure: the job runs again after a delay."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class JobKind:
    name: str
    handler: Callable[[JobContext], dict[str, Any] | None]
    max_attempts: int | None = None  # None: the platform setting
    retry_base_seconds: int | None = None
    max_delay_seconds: int = 600
    on_failure: Callable[[Platform, Session, Job, str], None] | None = None
    """Called in the transaction that marks the job failed (e.g. to mark its document)."""


@dataclass
class JobContext:
    """What a handler gets: the platform, its job and tenant (detached snapshots), and a session
    scoped to the job's tenant that commits together with the job's success.

    The session begins on first use: a handler that first reads with `platform.session()` and
    then does slow work (a parse) holds no transaction meanwhile, which matters on SQLite where a
    write transaction blocks every other writer.
    """

    platform: Platform
    job: Job
    session: Session
    tenant: Tenant

    @property
    def payload(self) -> dict[str, Any]:
        return self.job.payload or {}

    def progress(self, percent: int) -> None:
        """Record progress in its own short transaction, so readers see it move."""
        percent = max(0, min(100, int(percent)))
        with self.platform.session(self.job.tenant_id) as session:
            row = session.get(Job, self.job.id)
            if row is not None and row.progress != percent:
                row.progress = percent


def enqueue(session: Session, *, tenant_id: str, kind: str, payload: dict[str, Any] | None = None,
            created_by: str | None = None, request_id: str | None = None,
            delay: float = 0) -> Job:
    """Write a job in the caller's transaction; it is published once that transaction commits."""
    job = Job(tenant_id=tenant_id, kind=kind, payload=payload or {}, created_by=created_by,
              request_id=request_id, state=JobState.queued, progress=0, attempts=0,
              result={}, created_at=utcnow(),
              run_after=utcnow() + timedelta(seconds=delay) if delay else None)
    session.add(job)
    session.flush()
    session.info.setdefault(PENDING_JOBS, []).append((job.id, delay))
    return job


def job_kinds(platform: Platform) -> dict[str, JobKind]:
    """Core kinds plus those plugins add through `mustard_job_handlers`."""
    if "job_kinds" not in platform.extras:
        from mustard_core.services import handlers

        kinds = dict(handlers.CORE_KINDS)
        for offered in platform.pm.hook.mustard_job_handlers():
            for name, handler in (offered or {}).items():
                kinds[name] = handler if isinstance(handler, JobKind) else JobKind(name, handler)
        platform.extras["job_kinds"] = kinds
    return platform.extras["job_kinds"]


# --------------------------------------------------------------------------- locking

_local_locks: dict[str, threading.Lock] = {}
_local_guard = threading.Lock()


@contextmanager
def job_lock(platform: Platform, job_id: str) -> Iterator[bool]:
    """Hold a lock on this job while it runs; yields False if someone else holds it.

    PostgreSQL: a session advisory lock on a dedicated connection, released by the server if
    the worker dies (kill -9 closes the socket). SQLite (one process): a thread lock.
    """
    if platform.engine.dialect.name == "postgresql":
        with platform.engine.connect() as conn:
            got = conn.execute(text("SELECT pg_try_advisory_lock(hashtextextended(:k, 0))"),
                               {"k": job_id}).scalar()
            conn.commit()
            try:
                yield bool(got)
            finally:
                if got:
                    conn.execute(text("SELECT pg_advisory_unlock(hashtextextended(:k, 0))"),
                                 {"k": job_id})
                    conn.commit()
        return
    with _local_guard:
        lock = _local_locks.setdefault(job_id, threading.Lock())
    got = lock.acquire(blocking=False)
    try:
        yield got
    finally:
        if got:
            lock.release()
            with _local_guard:
                _local_locks.pop(job_id, None)


# --------------------------------------------------------------------------- running


def _transient(exc: BaseException) -> str | None:
    """A readable reason if the error is worth retrying, else None."""
    if isinstance(exc, JobRetry):
        return exc.reason
    if isinstance(exc, ParseError) and exc.transient:
        return exc.reason
    if isinstance(exc, StorageError):
        return f"storage unavailable: {exc}"
    if isinstance(exc, SearchUnavailable):
        return f"search engine unavailable: {exc}"
    if isinstance(exc, OperationalError):
        return "database unavailable"
    if isinstance(exc, ConnectionError | TimeoutError):
        return f"connection failed: {type(exc).__name__}"
    return None


def execute_job(platform: Platform, job_id: str) -> str:
    """Run one job if it is due and not already done; returns what happened (for logs/tests)."""
    with job_lock(platform, job_id) as locked:
        if not locked:
            return "locked"
        return _execute_locked(platform, job_id)


def _execute_locked(platform: Platform, job_id: str) -> str:
    kinds = job_kinds(platform)
    with platform.session(ALL_TENANTS) as session:
        job = session.get(Job, job_id)
        if job is None:
            return "missing"
        if job.state in {JobState.succeeded, JobState.failed, JobState.cancelled}:
            return "done-already"
        if job.run_after is not None and job.run_after > utcnow():
            # delivered early (a relay, a duplicate): ask again when it is due
            platform.dispatcher.publish(job_id, delay=(job.run_after - utcnow()).total_seconds())
            return "not-due"
        kind = kinds.get(job.kind)
        max_attempts = _max_attempts(platform, kind)
        job.attempts += 1
        job.state = JobState.running
        job.started_at = utcnow()
        if kind is None:
            _finish(job, JobState.failed, error=f"unknown job kind {job.kind!r}")
            return "failed"
        if job.attempts > max_attempts:
            _finish(job, JobState.failed,
                    error=f"gave up after {max_attempts} attempts: {job.error or 'no reason'}")
            return "failed"
        # Sessions do not expire on commit: after this block, `job` and `tenant` are detached
        # snapshots of the running job, handed to the handler without reading them again.
        tenant = session.get(Tenant, job.tenant_id)
    started = time.perf_counter()
    with job_log_context(job_id, kind.name, job.request_id):
        outcome = _run_handler(platform, kind, job, tenant, max_attempts)
        elapsed = (time.perf_counter() - started) * 1000
        log.info("job %s %s in %.0f ms", kind.name, outcome, elapsed)
    platform.metrics.increment(f"tasks.{kind.name}.{outcome}")
    platform.metrics.timing(f"tasks.{kind.name}", elapsed)
    return outcome


def _run_handler(platform: Platform, kind: JobKind, snapshot: Job, tenant: Tenant,
                 max_attempts: int) -> str:
    job_id, tenant_id = snapshot.id, snapshot.tenant_id
    try:
        with platform.session(tenant_id) as session:
            ctx = JobContext(platform=platform, job=snapshot, session=session, tenant=tenant)
            result = kind.handler(ctx) or {}
            _finish(session.get(Job, job_id), JobState.succeeded, result=result)
        return "succeeded"
    except Exception as exc:  # every failure becomes a job state, never a crashed worker
        reason = _transient(exc)
        with platform.session(tenant_id) as session:
            job = session.get(Job, job_id)
            if reason is not None and job.attempts < max_attempts:
                delay = _backoff(platform, kind, job.attempts)
                job.state = JobState.queued
                job.error = f"{reason} (attempt {job.attempts} of {max_attempts}, retrying)"
                job.run_after = utcnow() + timedelta(seconds=delay)
                job.published_at = None  # a fresh message; the relay's clock starts again
                session.info.setdefault(PENDING_JOBS, []).append((job_id, delay))
                log.warning("job %s (%s) will retry in %ss: %s", job_id, kind.name, delay,
                            reason)
                return "retried"
            if reason is not None:
                error = f"{reason} (gave up after {job.attempts} attempts)"
            elif isinstance(exc, JobFailed | ParseError):
                error = getattr(exc, "reason", str(exc))
            else:
                log.exception("job %s (%s) failed unexpectedly", job_id, kind.name)
                error = f"internal error while running {kind.name} ({type(exc).__name__})"
            _finish(job, JobState.failed, error=error)
            if kind.on_failure is not None:
                kind.on_failure(platform, session, job, error)
        return "failed"


def _finish(job: Job, state: JobState, *, result: dict[str, Any] | None = None,
            error: str | None = None) -> None:
    job.state = state
    job.finished_at = utcnow()
    if result is not None:
        job.result = result
    if state == JobState.succeeded:
        job.progress = 100
        job.error = None
    if error is not None:
        job.error = error[:2000]


def _max_attempts(platform: Platform, kind: JobKind | None) -> int:
    if kind is not None and kind.max_attempts:
        return kind.max_attempts
    return platform.settings["mustard.jobs.max_attempts"]


def _backoff(platform: Platform, kind: JobKind, attempts: int) -> float:
    base = kind.retry_base_seconds or platform.settings["mustard.jobs.retry_base_seconds"]
    return float(min(kind.max_delay_seconds, base * 2 ** max(0, attempts - 1)))


# --------------------------------------------------------------------------- relay and ops


def relay_pending(platform: Platform, *, older_than_seconds: float | None = None) -> int:
    """Publish again every job that should be running but may have no message in the broker:
    queued jobs that are due and were created (or last retried) a while ago, and running jobs
    whose worker is gone (their lock is free). Returns how many were published.

    A queued job may only be waiting behind a backlog, so each relay is recorded in
    `published_at` and the same job is relayed again only after the broker's visibility timeout
    (when Redis would have redelivered an unacked message anyway): a backlog costs one extra
    message per job per timeout, not one per pass."""
    older = older_than_seconds
    if older is None:
        older = platform.settings["mustard.jobs.relay_after_seconds"]
    now = utcnow()
    cutoff = now - timedelta(seconds=older)
    relayed_cutoff = now - max(timedelta(seconds=older), timedelta(
        seconds=platform.settings["mustard.jobs.visibility_timeout"]))
    published = 0
    with platform.session(ALL_TENANTS) as session:
        due = session.scalars(
            select(Job).where(
                Job.state == JobState.queued,
                or_(Job.run_after.is_(None), Job.run_after <= now),
                or_(Job.run_after.is_not(None) & (Job.run_after <= cutoff),
                    Job.run_after.is_(None) & (Job.created_at <= cutoff)),
                or_(Job.published_at.is_(None), Job.published_at <= relayed_cutoff),
            ).order_by(Job.created_at).limit(1000)).all()
        for job in due:
            job.published_at = now
        queued = [job.id for job in due]
        running = session.scalars(
            select(Job.id).where(Job.state == JobState.running, Job.started_at <= cutoff)
            .limit(1000)).all()
    for job_id in queued:
        platform.dispatcher.publish(job_id)
        published += 1
    for job_id in running:
        with job_lock(platform, job_id) as free:
            if not free:
                continue  # a live worker holds it
            with platform.session(ALL_TENANTS) as session:
                job = session.get(Job, job_id)
                if job is not None and job.state == JobState.running:
                    job.state = JobState.queued
                    job.error = "worker stopped while running; requeued"
        platform.dispatcher.publish(job_id)
        published += 1
    return published


def retry_job(session: Session, job: Job) -> Job:
    """Ops: run a failed or cancelled job again from scratch."""
    if job.state not in {JobState.failed, JobState.cancelled}:
        raise ValueError(f"only failed or cancelled jobs can be retried (this one is {job.state})")
    job.state = JobState.queued
    job.attempts = 0
    job.progress = 0
    job.error = None
    job.run_after = None
    job.published_at = None
    job.finished_at = None
    session.info.setdefault(PENDING_JOBS, []).append((job.id, 0))
    return job


def cancel_job(job: Job) -> Job:
    if job.state != JobState.queued:
        raise ValueError(f"only queued jobs can be cancelled (this one is {job.state})")
    job.state = JobState.cancelled
    job.finished_at = utcnow()
    job.error = "cancelled"
    return job
