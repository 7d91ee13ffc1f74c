"""Subject-access export: everything held on one candidate, as a ZIP downloadable once.

`GET /api/v1/candidates/{id}/export` writes an `ExportArchive` (pending) and an `export` job in
one transaction. The job builds the ZIP with no transaction open:

    profile.json              the candidate (contact, profile, consent), and a manifest of
                              every document, resume and parse/merge revision
    documents/<id>-<name>     every stored document, byte for byte (CVs, photos, other files)
    resumes/<id>.pdf          every generated resume

and stores it under `{tenant_id}/exports/{export_id}.zip`. A download link is then issued on
request (POST /api/v1/exports/{id}/link): a random nonce with its expiry, signed with the
platform's secret; only the sha256 of the current link is stored, so issuing a new link voids
the previous one. The link works once: the first download marks the archive downloaded and
its ZIP is deleted shortly after; an expired or used link answers 410 Gone. An archive that is
never downloaded is deleted when it expires (the periodic lifecycle check).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import secrets
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from mustard_core.errors import ApiError
from mustard_core.jobs import JobContext, JobFailed, JobKind, enqueue
from mustard_core.models import (
    Candidate,
    CandidateRevision,
    Document,
    ExportArchive,
    GeneratedResume,
    Job,
    Tenant,
    utcnow,
)
from mustard_core.platform import Platform
from mustard_core.roles import StorageError, StorageNotFound
from mustard_core.services import candidates as candidate_service
from mustard_core.services import consent
from mustard_core.services.documents import download_name, safe_filename
from mustard_core.services.erasure import export_key
from mustard_core.tenancy import ALL_TENANTS

log = logging.getLogger(__name__)

PENDING, READY, DOWNLOADED, EXPIRED, FAILED = "pending", "ready", "downloaded", "expired", \
    "failed"
ZIP_MEDIA_TYPE = "application/zip"
FORMAT = "mustard-subject-access-export/1"
ARCHIVE_HOURS = 72
"""How long a built archive waits for its download before it is deleted."""
LINK_HOURS = 24
"""The longest a download link lives (never past the archive's own expiry)."""
PURGE_DELAY_SECONDS = 600
"""After the one download, the ZIP is deleted this much later (the stream must finish)."""
SPOOL_BYTES = 16 * 1024 * 1024
CHUNK = 1024 * 1024


# --------------------------------------------------------------------------- requesting


def request_export(session: Session, tenant: Tenant, candidate_id: str, *,
                   user_id: str | None, request_id: str | None) -> tuple[ExportArchive, Job]:
    """A pending archive and its job; an export already being built is returned instead."""
    building = session.scalar(select(ExportArchive).where(
        ExportArchive.candidate_id == candidate_id, ExportArchive.state == PENDING)
        .order_by(ExportArchive.created_at.desc()).limit(1))
    job = session.get(Job, building.job_id) if building is not None and building.job_id \
        else None
    if building is not None and job is not None:
        return building, job
    archive = ExportArchive(tenant_id=tenant.id, candidate_id=candidate_id, state=PENDING,
                            requested_by=user_id, created_at=utcnow())
    session.add(archive)
    session.flush()
    job = enqueue(session, tenant_id=tenant.id, kind="export",
                  payload={"export_id": archive.id}, created_by=user_id, request_id=request_id)
    archive.job_id = job.id
    return archive, job


# --------------------------------------------------------------------------- building


@dataclass
class _Plan:
    profile: dict[str, Any]
    files: list[tuple[str, str]]  # (path in the ZIP, storage key)


def _plan(session: Session, archive: ExportArchive, now: datetime) -> _Plan:
    candidate = session.get(Candidate, archive.candidate_id)
    if candidate is None:
        raise JobFailed("the candidate no longer exists (erased?)")
    documents = session.scalars(select(Document).where(Document.candidate_id == candidate.id)
                                .order_by(Document.created_at, Document.id)).all()
    resumes = session.scalars(select(GeneratedResume).where(
        GeneratedResume.candidate_id == candidate.id).order_by(
        GeneratedResume.created_at, GeneratedResume.id)).all()
    revisions = session.scalars(select(CandidateRevision).where(
        CandidateRevision.candidate_id == candidate.id).order_by(
        CandidateRevision.created_at, CandidateRevision.id)).all()
    files = []
    listed_documents = []
    for document in documents:
        name = download_name(safe_filename(document.filename), document.media_type)
        path = f"documents/{document.id}-{name.replace('/', '_')}"
        files.append((path, document.storage_key))
        listed_documents.append({
            "id": document.id, "kind": document.kind.value, "filename": document.filename,
            "media_type": document.media_type, "size": document.size,
            "sha256": document.sha256, "uploaded_at": document.created_at.isoformat(),
            "path": path})
    listed_resumes = []
    for resume in resumes:
        path = f"resumes/{resume.id}.pdf" if resume.storage_key else None
        if path:
            files.append((path, resume.storage_key))
        listed_resumes.append({
            "id": resume.id, "template": resume.template, "options": resume.options or {},
            "state": resume.state, "pages": resume.pages, "size": resume.size,
            "sha256": resume.sha256, "created_at": resume.created_at.isoformat(),
            "path": path})
    record = consent.serialize(candidate)
    profile = {
        "format": FORMAT,
        "exported_at": now.isoformat(),
        "candidate": candidate_service.serialize(candidate),
        "consent": {**record, "obtained_via_label": consent.LABELS.get(
            record["obtained_via"], record["obtained_via"])},
        "documents": listed_documents,
        "resumes": listed_resumes,
        "revisions": [{"id": r.id, "source": r.source, "document_id": r.document_id,
                       "created_at": r.created_at.isoformat(), "fields": r.fields or {}}
                      for r in revisions],
    }
    return _Plan(profile=profile, files=files)


def build_export(ctx: JobContext) -> dict[str, Any]:
    """The job: gather, zip, store; the archive turns ready with the job's success."""
    platform = ctx.platform
    export_id = ctx.payload.get("export_id")
    now = utcnow()
    with platform.session(ctx.tenant.id, write=False) as reader:  # none held while zipping
        archive = reader.get(ExportArchive, export_id)
        if archive is None:
            raise JobFailed("the export no longer exists (its candidate was erased?)")
        if archive.state != PENDING:
            return {"export_id": archive.id, "state": archive.state}
        plan = _plan(reader, archive, now)
    missing = []
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as spool:
        with zipfile.ZipFile(spool, "w", zipfile.ZIP_DEFLATED) as archive_zip:
            for path, key in plan.files:
                try:
                    with platform.storage.open(key) as source, archive_zip.open(path, "w") as out:
                        while chunk := source.read(CHUNK):
                            out.write(chunk)
                except StorageNotFound:
                    missing.append(path)
            plan.profile["missing_files"] = missing
            archive_zip.writestr("profile.json", json.dumps(plan.profile, indent=2,
                                                            ensure_ascii=False, default=str))
        size = spool.tell()
        spool.seek(0)
        digest = hashlib.sha256()
        while chunk := spool.read(CHUNK):
            digest.update(chunk)
        spool.seek(0)
        key = export_key(ctx.tenant.id, export_id)
        stored = platform.storage.put(key, spool, content_type=ZIP_MEDIA_TYPE,
                                      filename=f"candidate-export-{export_id[:8]}.zip")
    if stored.sha256 != digest.hexdigest():
        platform.storage.delete(key)
        raise StorageError("the export was not stored intact")
    row = ctx.session.get(ExportArchive, export_id)
    if row is None:
        platform.storage.delete(key)
        raise JobFailed("the candidate was erased while the export was being built")
    row.state = READY
    row.storage_key = key
    row.size = size
    row.sha256 = stored.sha256
    row.files = len(plan.files) - len(missing) + 1
    row.ready_at = utcnow()
    row.expires_at = row.ready_at + timedelta(hours=ARCHIVE_HOURS)
    platform.metrics.increment("exports.built")
    return {"export_id": row.id, "files": row.files, "size": size,
            "missing_files": len(missing)}


def _export_failed(platform: Platform, session: Session, job: Job, error: str) -> None:
    row = session.get(ExportArchive, (job.payload or {}).get("export_id"))
    if row is not None and row.state == PENDING:
        row.state = FAILED


def purge_archive(ctx: JobContext) -> dict[str, Any]:
    """The job that deletes a downloaded archive's ZIP (retried while storage is down)."""
    row = ctx.session.get(ExportArchive, ctx.payload.get("export_id"))
    if row is None or not row.storage_key:
        return {"deleted": False}
    ctx.platform.storage.delete(row.storage_key)
    row.storage_key = None
    return {"deleted": True}


EXPORT_KINDS: dict[str, JobKind] = {
    "export": JobKind("export", build_export, max_attempts=10, on_failure=_export_failed),
    "export_purge": JobKind("export_purge", purge_archive, max_attempts=150),
}


# --------------------------------------------------------------------------- links


def _signature(secret_key: str, message: str) -> str:
    key = hmac.new(secret_key.encode(), b"mustard export links", hashlib.sha256).digest()
    digest = hmac.new(key, message.encode(), hashlib.sha256).digest()[:24]
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_link(platform: Platform, archive: ExportArchive, *,
               now: datetime | None = None) -> tuple[str, datetime]:
    """A new download token (shown once) for a ready archive, and when it expires; any
    earlier link of the archive stops working."""
    now = now or utcnow()
    if archive.state != READY or archive.expires_at is None or archive.expires_at <= now:
        raise ApiError(409, f"The export cannot be downloaded (it is {_state(archive, now)}); "
                       "request a new export.", code="conflict")
    expires = min(archive.expires_at, now + timedelta(hours=LINK_HOURS))
    stamp = int(expires.timestamp())
    nonce = secrets.token_urlsafe(24)
    message = f"{stamp}.{nonce}"
    token = f"{message}.{_signature(platform.settings['mustard.secret_key'], message)}"
    archive.token_hash = _token_hash(token)
    archive.link_expires_at = datetime.fromtimestamp(stamp, UTC)
    return token, archive.link_expires_at


class LinkRefused(Exception):
    """`status` 404 (not a link of ours) or 410 (expired, used, or the archive is gone)."""

    def __init__(self, status: int, reason: str):
        super().__init__(reason)
        self.status = status
        self.reason = reason


@dataclass(frozen=True)
class Download:
    storage_key: str
    size: int | None
    filename: str


def open_link(platform: Platform, token: str, *, now: datetime | None = None) -> Download:
    """Check a download token and use it up: the archive is marked downloaded (and its ZIP
    deletion queued) in a transaction that commits before the caller streams the file.

    The token carries no tenant, so finding it is a lookup across tenants by hash only, done
    explicitly with ALL_TENANTS; everything after it is scoped to the archive's tenant."""
    now = now or utcnow()
    stamp, dot, rest = token.partition(".")
    nonce, dot2, signature = rest.rpartition(".")
    if not (dot and dot2 and stamp.isdigit() and nonce) or len(token) > 200:
        raise LinkRefused(404, "not a download link")
    expected = _signature(platform.settings["mustard.secret_key"], f"{stamp}.{nonce}")
    if not hmac.compare_digest(signature, expected):
        raise LinkRefused(404, "not a download link")
    if int(stamp) <= now.timestamp():
        raise LinkRefused(410, "the link has expired")
    with platform.session(ALL_TENANTS, write=False) as lookup:
        found = lookup.scalar(select(ExportArchive).where(
            ExportArchive.token_hash == _token_hash(token)))
        if found is None:
            raise LinkRefused(410, "the link was replaced, or its export was erased")
        tenant_id, export_id = found.tenant_id, found.id
    with platform.session(tenant_id) as session:
        archive = session.scalar(select(ExportArchive).where(ExportArchive.id == export_id)
                                 .with_for_update())
        tenant = session.get(Tenant, tenant_id)
        if archive is None or tenant is None or not tenant.active:
            raise LinkRefused(410, "the export is gone")
        if archive.state != READY or not archive.storage_key or archive.expires_at is None \
                or archive.expires_at <= now:
            raise LinkRefused(410, f"the export was {_state(archive, now)}")
        archive.state = DOWNLOADED
        archive.downloaded_at = now
        enqueue(session, tenant_id=tenant_id, kind="export_purge",
                payload={"export_id": archive.id}, delay=PURGE_DELAY_SECONDS)
        platform.metrics.increment("exports.downloaded")
        return Download(storage_key=archive.storage_key, size=archive.size,
                        filename=f"candidate-export-{archive.id[:8]}.zip")


# --------------------------------------------------------------------------- periodic


def purge_expired(platform: Platform, now: datetime | None = None) -> int:
    """Delete the ZIPs of archives past their expiry, and of downloaded ones whose purge job
    could not run; returns how many were deleted."""
    now = now or utcnow()
    with platform.session(ALL_TENANTS, write=False) as reader:
        rows = reader.execute(select(ExportArchive.id, ExportArchive.tenant_id,
                                     ExportArchive.storage_key).where(
            ExportArchive.storage_key.is_not(None),
            ((ExportArchive.state == READY) & (ExportArchive.expires_at <= now))
            | ((ExportArchive.state == DOWNLOADED)
               & (ExportArchive.downloaded_at <= now - timedelta(hours=1))))
            .limit(1000)).all()
    purged = 0
    for export_id, tenant_id, key in rows:
        try:
            platform.storage.delete(key)
        except StorageError:
            log.warning("an expired export could not be deleted yet; the next check retries")
            continue
        with platform.session(tenant_id) as session:
            row = session.get(ExportArchive, export_id)
            if row is not None:
                row.storage_key = None
                if row.state == READY:
                    row.state = EXPIRED
                    row.token_hash = None
        purged += 1
    return purged


# --------------------------------------------------------------------------- reading


def _state(archive: ExportArchive, now: datetime | None = None) -> str:
    if archive.state == READY and archive.expires_at and archive.expires_at <= (now or utcnow()):
        return EXPIRED
    return archive.state


def serialize(archive: ExportArchive) -> dict[str, Any]:
    def iso(value: datetime | None) -> str | None:
        return value.isoformat() if value else None

    return {
        "id": archive.id,
        "candidate_id": archive.candidate_id,
        "state": _state(archive),
        "files": archive.files,
        "size": archive.size,
        "sha256": archive.sha256,
        "requested_by": archive.requested_by,
        "job_id": archive.job_id,
        "created_at": archive.created_at.isoformat(),
        "ready_at": iso(archive.ready_at),
        "expires_at": iso(archive.expires_at),
        "downloaded_at": iso(archive.downloaded_at),
        "link_expires_at": iso(archive.link_expires_at),
    }
