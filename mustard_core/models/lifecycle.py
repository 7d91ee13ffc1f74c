"""The candidate data lifecycle: possible duplicates to review, erasures, subject-access exports.

All three are tenant-owned (mustard_core.tenancy scopes every query on them). None of them holds
a candidate's personal data itself: reviews and archives point at candidates (and go with them,
ON DELETE CASCADE), and an erasure keeps ids and a hash only, so that it can outlive the person
it erased and still say what was done. See mustard_core/services/{duplicates,erasure,export}.py.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from mustard_core.models.base import Base, IdMixin, JSONDocument, utcnow
from mustard_core.models.owned import TenantOwned


class DuplicateReview(IdMixin, TenantOwned, Base):
    """Two candidates that may be one person, waiting for a recruiter to merge or keep apart.

    Only uncertain matches are queued (a shared email address merges on its own). A pair is
    raised once: `pair_key` (the two ids, sorted) is unique per tenant, so a pair kept apart is
    not asked about again. A merged pair's row goes with the merged-away candidate; what the
    merge did is kept as a CandidateRevision of the survivor and in the audit log.
    """

    __tablename__ = "duplicate_reviews"
    __table_args__ = (
        UniqueConstraint("tenant_id", "pair_key"),
        Index("ix_duplicate_reviews_tenant_state", "tenant_id", "state", "created_at"),
    )

    candidate_id: Mapped[str] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), index=True)
    """The newer record (usually the one a CV parse just created)."""
    match_id: Mapped[str] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), index=True)
    """The existing record it may duplicate."""
    pair_key: Mapped[str] = mapped_column(String(73))
    reasons: Mapped[list[str]] = mapped_column(JSONDocument, default=list)
    state: Mapped[str] = mapped_column(String(20), default="open")
    document_id: Mapped[str | None] = mapped_column(String(36))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_by: Mapped[str | None] = mapped_column(String(36))
    resolved_at: Mapped[datetime | None]


class Erasure(IdMixin, TenantOwned, Base):
    """One candidate's erasure, from the request until every store has forgotten them.

    The database rows go in the request's transaction; `steps` records the rest (stored files,
    the search index, cached API responses, plugins), each step marked done once it held, so a
    store that is down leaves the erasure visibly pending (and retried) instead of silently
    partial. Never holds erased PII: the candidate's id and a sha256 of their email only.
    """

    __tablename__ = "erasures"
    __table_args__ = (Index("ix_erasures_tenant_state", "tenant_id", "state", "created_at"),)

    candidate_id: Mapped[str] = mapped_column(String(36), index=True)
    email_sha256: Mapped[str | None] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(String(20), default="request")
    state: Mapped[str] = mapped_column(String(20), default="pending")
    steps: Mapped[dict[str, Any]] = mapped_column(JSONDocument, default=dict)
    storage_keys: Mapped[list[str]] = mapped_column(JSONDocument, default=list)
    """Stored files still to delete (keys carry ids only, never names)."""
    plugin_failures: Mapped[list[str]] = mapped_column(JSONDocument, default=list)
    error: Mapped[str | None] = mapped_column(Text)
    job_id: Mapped[str | None] = mapped_column(String(36))
    requested_by: Mapped[str | None] = mapped_column(String(36))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    completed_at: Mapped[datetime | None]


class ExportArchive(IdMixin, TenantOwned, Base):
    """A subject-access export: a ZIP of everything held on one candidate, downloadable once.

    Only the sha256 of the current download link's token is kept; the link carries its own
    signed expiry. After the one download (or at expiry) the ZIP is deleted from storage.
    """

    __tablename__ = "export_archives"

    candidate_id: Mapped[str] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), index=True)
    state: Mapped[str] = mapped_column(String(20), default="pending")
    storage_key: Mapped[str | None] = mapped_column(String(300))
    size: Mapped[int | None] = mapped_column(Integer)
    sha256: Mapped[str | None] = mapped_column(String(64))
    files: Mapped[int | None] = mapped_column(Integer)
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    link_expires_at: Mapped[datetime | None]
    expires_at: Mapped[datetime | None]
    downloaded_at: Mapped[datetime | None]
    job_id: Mapped[str | None] = mapped_column(String(36))
    requested_by: Mapped[str | None] = mapped_column(String(36))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    ready_at: Mapped[datetime | None]
