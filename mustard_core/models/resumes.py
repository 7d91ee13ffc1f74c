"""Resume data beside GeneratedResume: tenant templates and share links.

Both are tenant-owned, so mustard_core.tenancy scopes every query on them; the one lookup that
crosses tenants on purpose (a share link's token, which carries no tenant) says so explicitly.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from mustard_core.models.base import Base, IdMixin, TimestampMixin, utcnow
from mustard_core.models.owned import TenantOwned


class ResumeTemplate(IdMixin, TimestampMixin, TenantOwned, Base):
    """A tenant's own Jinja2 template, rendered in the sandbox; chosen by `name`."""

    __tablename__ = "resume_templates"
    __table_args__ = (UniqueConstraint("tenant_id", "name"),)

    name: Mapped[str] = mapped_column(String(64))
    description: Mapped[str] = mapped_column(String(300), default="")
    source: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    created_by: Mapped[str | None] = mapped_column(String(36))


class ResumeShare(IdMixin, TenantOwned, Base):
    """A link that lets someone without an account open one generated resume.

    Only the sha256 of the link's token is kept, so the table cannot be turned back into links;
    a link stops working when it expires, is revoked, or its resume is erased (cascade).
    """

    __tablename__ = "resume_shares"

    resume_id: Mapped[str] = mapped_column(
        ForeignKey("generated_resumes.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by: Mapped[str | None] = mapped_column(String(36))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    view_count: Mapped[int] = mapped_column(Integer, default=0)
    last_viewed_at: Mapped[datetime | None]
