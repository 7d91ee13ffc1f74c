"""Tenants (client databases), their users and API tokens."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, Enum, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mustard_core.models.base import Base, IdMixin, JSONDocument, TimestampMixin
from mustard_core.roles import TenantRef


class Role(enum.StrEnum):
    recruiter = "recruiter"
    admin = "admin"  # a tenant's administrator
    ops = "ops"


class Tenant(IdMixin, TimestampMixin, Base):
    """A client database: one agency's candidates, users and settings."""

    __tablename__ = "tenants"

    slug: Mapped[str] = mapped_column(String(63), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    settings: Mapped[dict[str, Any]] = mapped_column(JSONDocument, default=dict)

    def ref(self) -> TenantRef:
        return TenantRef(id=self.id, slug=self.slug, settings=dict(self.settings or {}))


class User(IdMixin, TimestampMixin, Base):
    """A person who signs in. Platform superadmins may have no tenant."""

    __tablename__ = "users"

    tenant_id: Mapped[str | None] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"),
                                                  index=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[Role] = mapped_column(Enum(Role, native_enum=False, length=20))
    is_superadmin: Mapped[bool] = mapped_column(Boolean, default=False)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    password_hash: Mapped[str | None] = mapped_column(String(400))
    last_login_at: Mapped[datetime | None]

    tenant: Mapped[Tenant | None] = relationship(lazy="joined")


class ApiToken(IdMixin, Base):
    """A bearer token; only its sha256 is stored (tokens are 256 random bits)."""

    __tablename__ = "api_tokens"

    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100), default="login")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime | None]
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(lazy="joined")
