"""Tenant-owned data: every model here carries `tenant_id` and is scoped by mustard_core.tenancy."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import Enum, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from mustard_core.models.base import Base, IdMixin, JSONDocument, TimestampMixin, utcnow


class TenantOwned:
    """Marks a model whose rows belong to one tenant; queries on it are filtered automatically."""

    @declared_attr
    def tenant_id(cls) -> Mapped[str]:
        return mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), index=True)


class Candidate(IdMixin, TimestampMixin, TenantOwned, Base):
    """A person in a client database. Queried fields are columns; the rest is the profile."""

    __tablename__ = "candidates"
    __table_args__ = (
        Index("ix_candidates_tenant_updated", "tenant_id", "updated_at", "id"),
        Index("ix_candidates_tenant_email", "tenant_id", "email_normalized"),
    )

    name: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320))
    email_normalized: Mapped[str | None] = mapped_column(String(320))
    phone: Mapped[str | None] = mapped_column(String(50))
    phone_normalized: Mapped[str | None] = mapped_column(String(50), index=True)
    location: Mapped[str | None] = mapped_column(String(200))
    headline: Mapped[str | None] = mapped_column(String(300))
    owner_id: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    source: Mapped[str] = mapped_column(String(30), default="api")
    profile: Mapped[dict[str, Any]] = mapped_column(JSONDocument, default=dict)
    skills_text: Mapped[str] = mapped_column(Text, default="")
    """Lower-cased skill names between '|' so the list filter by skill is one indexed LIKE."""
    version: Mapped[int] = mapped_column(Integer, default=1)
    profile_urls: Mapped[str] = mapped_column(Text, default="", server_default="")
    """Normalised profile links (LinkedIn, GitHub...) between '|', for duplicate detection."""
    # Consent (the lifecycle issue): how and when the data was obtained, and the consent date.
    obtained_via: Mapped[str | None] = mapped_column(String(30))
    obtained_at: Mapped[datetime | None]
    consent_at: Mapped[datetime | None]

    __mapper_args__ = {"version_id_col": version}


class CandidateRevision(IdMixin, TenantOwned, Base):
    """What a parse (or merge) changed on a candidate, kept so a merge can be explained."""

    __tablename__ = "candidate_revisions"

    candidate_id: Mapped[str] = mapped_column(ForeignKey("candidates.id", ondelete="CASCADE"),
                                              index=True)
    document_id: Mapped[str | None] = mapped_column(String(36))
    source: Mapped[str] = mapped_column(String(30))
    fields: Mapped[dict[str, Any]] = mapped_column(JSONDocument, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class DocumentKind(enum.StrEnum):
    cv = "cv"
    photo = "photo"
    other = "other"


class Document(IdMixin, TenantOwned, Base):
    """A stored file: the original upload is never changed, only added to."""

    __tablename__ = "documents"
    __table_args__ = (Index("ix_documents_tenant_sha", "tenant_id", "sha256"),)

    candidate_id: Mapped[str | None] = mapped_column(
        ForeignKey("candidates.id", ondelete="SET NULL"), index=True)
    kind: Mapped[DocumentKind] = mapped_column(Enum(DocumentKind, native_enum=False, length=10))
    filename: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    storage_key: Mapped[str] = mapped_column(String(300))
    parse_state: Mapped[str | None] = mapped_column(String(20))
    parser: Mapped[str | None] = mapped_column(String(50))
    parse_error: Mapped[str | None] = mapped_column(Text)
    parsed: Mapped[dict[str, Any] | None] = mapped_column(JSONDocument)
    """The parser's raw answer (e.g. Daxtra's JSON), kept for re-mapping later."""
    uploaded_by: Mapped[str | None] = mapped_column(String(36))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class JobState(enum.StrEnum):
    queued = "queued"
    running = "running"
    succeeded = "succeeded"
    failed = "failed"
    cancelled = "cancelled"


class Job(IdMixin, TenantOwned, Base):
    """One unit of background work, written in the transaction that asks for it (the outbox)."""

    __tablename__ = "jobs"
    __table_args__ = (
        Index("ix_jobs_state_published", "state", "published_at"),
        Index("ix_jobs_tenant_created", "tenant_id", "created_at"),
    )

    kind: Mapped[str] = mapped_column(String(50))
    state: Mapped[JobState] = mapped_column(Enum(JobState, native_enum=False, length=20),
                                            default=JobState.queued)
    progress: Mapped[int] = mapped_column(Integer, default=0)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    payload: Mapped[dict[str, Any]] = mapped_column(JSONDocument, default=dict)
    result: Mapped[dict[str, Any]] = mapped_column(JSONDocument, default=dict)
    error: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[str | None] = mapped_column(String(36))
    request_id: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    published_at: Mapped[datetime | None]
    run_after: Mapped[datetime | None]
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]


class Synonym(IdMixin, TimestampMixin, TenantOwned, Base):
    """A synonym set as Algolia models it: multi-way, or one-way from `input`."""

    __tablename__ = "synonyms"

    type: Mapped[str] = mapped_column(String(20))
    input: Mapped[str | None] = mapped_column(String(200))
    synonyms: Mapped[list[str]] = mapped_column(JSONDocument, default=list)


class IntegrationCredential(IdMixin, TenantOwned, Base):
    """A partner credential, AES-256-GCM encrypted (see mustard_core.secrets); write-only."""

    __tablename__ = "integration_credentials"
    __table_args__ = (UniqueConstraint("tenant_id", "name"),)

    name: Mapped[str] = mapped_column(String(100))
    ciphertext: Mapped[str] = mapped_column(Text)
    key_id: Mapped[str] = mapped_column(String(20))
    set_by: Mapped[str | None] = mapped_column(String(36))
    set_at: Mapped[datetime] = mapped_column(default=utcnow)


class GeneratedResume(IdMixin, TenantOwned, Base):
    """A rendered PDF resume; every one is kept (the product's promise)."""

    __tablename__ = "generated_resumes"

    candidate_id: Mapped[str | None] = mapped_column(
        ForeignKey("candidates.id", ondelete="SET NULL"), index=True)
    template: Mapped[str] = mapped_column(String(100))
    options: Mapped[dict[str, Any]] = mapped_column(JSONDocument, default=dict)
    state: Mapped[str] = mapped_column(String(20), default="pending")
    storage_key: Mapped[str | None] = mapped_column(String(300))
    sha256: Mapped[str | None] = mapped_column(String(64))
    size: Mapped[int | None] = mapped_column(Integer)
    pages: Mapped[int | None] = mapped_column(Integer)
    created_by: Mapped[str | None] = mapped_column(String(36))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AuditEvent(IdMixin, Base):
    """Who did what, when and from where; `tenant_id` is null for platform actions.

    Not TenantOwned on purpose: the platform console reads across tenants, and the tenant
    console filters by tenant explicitly. Never holds erased PII (ids and hashes only).
    """

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_tenant_created", "tenant_id", "created_at"),)

    tenant_id: Mapped[str | None] = mapped_column(String(36))
    actor_id: Mapped[str | None] = mapped_column(String(36))
    action: Mapped[str] = mapped_column(String(100))
    target: Mapped[str | None] = mapped_column(String(200))
    address: Mapped[str | None] = mapped_column(String(64))
    details: Mapped[dict[str, Any]] = mapped_column(JSONDocument, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
