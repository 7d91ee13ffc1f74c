"""Accepting files: size limit, type from the bytes, storage, a Document row and its parse job.

The file is stored before the row is written, under a key derived from the new document's id,
so a row never exists without its file; the row and its parse job commit together. If that
transaction does not commit (the database went away mid-request, a later step failed), the
stored file is deleted again: a CV nobody can find is a CV nobody can erase.
"""

from __future__ import annotations

import hashlib
import io
import logging
import unicodedata
from dataclasses import dataclass
from typing import Any, BinaryIO

from sqlalchemy import event
from sqlalchemy.orm import Session

from mustard_core import filetypes
from mustard_core.errors import ApiError
from mustard_core.jobs import enqueue
from mustard_core.models import Candidate, Document, DocumentKind, Job, Tenant, new_id
from mustard_core.platform import Platform
from mustard_core.plugins import DocumentEvent
from mustard_core.services import photos

log = logging.getLogger(__name__)


@dataclass
class Accepted:
    document: Document
    job: Job | None


def safe_filename(name: str | None) -> str:
    """A display name: no path, no control or bidi-override characters, bounded length."""
    name = (name or "upload").replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    cleaned = cleaned.strip().strip(".") or "upload"
    if len(cleaned) > 200:
        stem, dot, ext = cleaned.rpartition(".")
        cleaned = (stem[:190] + dot + ext[:9]) if dot and len(ext) < 10 else cleaned[:200]
    return cleaned


def download_name(filename: str, media_type: str) -> str:
    """The stored name, ending in the extension of what the file really is (sniffed at upload):
    `cv.pdf<NUL>.exe`, stored as `cv.pdf.exe`, downloads as `cv.pdf.exe.pdf`, which the
    recruiter's computer opens as the PDF it is."""
    endings = filetypes.EXTENSIONS.get(media_type)
    if not endings or filename.lower().endswith(endings):
        return filename
    return filename + endings[0]


def read_limited(stream: BinaryIO, limit: int) -> bytes:
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise ApiError(413, f"The file is larger than the limit of {limit // (1024 * 1024)} MB.",
                       details=[{"field": "file", "message": f"at most {limit} bytes"}])
    return data


def accept_upload(platform: Platform, session: Session, tenant: Tenant, *, data: bytes,
                  filename: str, kind: DocumentKind, candidate: Candidate | None,
                  user_id: str | None, request_id: str | None) -> Accepted:
    if not data:
        raise ApiError(422, "The file is empty.", code="validation_failed",
                       details=[{"field": "file", "message": "the file is empty"}])
    sniffed = filetypes.sniff(data, filename)
    if sniffed.reason or sniffed.media_type is None:
        raise ApiError(415, sniffed.reason or "This type of file is not accepted.",
                       details=[{"field": "file", "message": sniffed.reason or "unknown type"}])
    media_type = sniffed.media_type
    if kind == DocumentKind.cv and media_type not in filetypes.CV_MEDIA_TYPES:
        raise ApiError(415, f"A CV must be a PDF, DOCX, RTF, HTML or text file, not {media_type}.",
                       details=[{"field": "file", "message": f"{media_type} is not a CV format"}])
    if kind == DocumentKind.photo:
        if media_type not in filetypes.PHOTO_MEDIA_TYPES:
            raise ApiError(415, f"A photo must be a PNG, JPEG, GIF or WebP, not {media_type}.",
                           details=[{"field": "file", "message": f"{media_type} is not an image"}])
        data, media_type = photos.reencode(data)
    document_id = new_id()
    key = f"{tenant.id}/{'uploads' if kind != DocumentKind.photo else 'photos'}/{document_id}"
    stored = platform.storage.put(key, io.BytesIO(data), content_type=media_type,
                                  filename=safe_filename(filename))
    delete_unless_committed(platform, session, key)
    digest = hashlib.sha256(data).hexdigest()
    if stored.sha256 != digest:
        platform.storage.delete(key)
        raise ApiError(503, "The file was not stored intact; please retry.", code="unavailable")
    document = Document(
        id=document_id, tenant_id=tenant.id, candidate_id=candidate.id if candidate else None,
        kind=kind, filename=safe_filename(filename), media_type=media_type, size=len(data),
        sha256=digest, storage_key=key, uploaded_by=user_id,
        parse_state="queued" if kind == DocumentKind.cv else None)
    session.add(document)
    session.flush()
    job = None
    if kind == DocumentKind.cv:
        job = enqueue(session, tenant_id=tenant.id, kind="parse",
                      payload={"document_id": document.id}, created_by=user_id,
                      request_id=request_id)
    platform.emit_after_commit(session, "mustard_document_stored", DocumentEvent(
        tenant=tenant.ref(), document_id=document.id, kind=kind.value,
        candidate_id=document.candidate_id))
    platform.metrics.increment("uploads.accepted")
    return Accepted(document=document, job=job)


def delete_unless_committed(platform: Platform, session: Session, key: str) -> None:
    """Delete the stored object `key` if the session's transaction ends without committing."""
    pending = {"key": key}

    def committed(_session: Session) -> None:
        pending.clear()

    def ended(_session: Session, transaction) -> None:
        # rolled back, or closed without a commit (zope.sqlalchemy closes on abort)
        if "key" not in pending or transaction.parent is not None:  # done, or a savepoint
            return
        pending.clear()
        try:
            platform.storage.delete(key)
        except Exception:
            log.warning("could not delete the stored file of a rolled-back upload",
                        exc_info=True)

    event.listen(session, "after_commit", committed)
    event.listen(session, "after_transaction_end", ended)


def reparse(session: Session, document: Document, *, user_id: str | None,
            request_id: str | None) -> Job:
    if document.kind != DocumentKind.cv:
        raise ApiError(409, "Only CVs can be parsed.", code="conflict")
    document.parse_state = "queued"
    document.parse_error = None
    return enqueue(session, tenant_id=document.tenant_id, kind="parse",
                   payload={"document_id": document.id, "reparse": True}, created_by=user_id,
                   request_id=request_id)


def serialize(document: Document) -> dict[str, Any]:
    return {
        "id": document.id,
        "candidate_id": document.candidate_id,
        "kind": document.kind.value,
        "filename": document.filename,
        "media_type": document.media_type,
        "size": document.size,
        "sha256": document.sha256,
        "parse_state": document.parse_state,
        "parse_error": document.parse_error,
        "created_at": document.created_at.isoformat(),
    }
