"""Tenants and users: creation, listing shape, and the old system's user import."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mustard_core.models import Role, Tenant, User
from mustard_core.passwords import Passwords

SLUG_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class UserError(ValueError):
    """A readable reason a tenant or user cannot be created."""


def serialize_user(user: User) -> dict[str, Any]:
    return {
        "id": user.id,
        "email": user.email,
        "name": user.name,
        "role": user.role.value,
        "is_superadmin": user.is_superadmin,
        "tenant": ({"id": user.tenant.id, "slug": user.tenant.slug, "name": user.tenant.name}
                   if user.tenant else None),
    }


def create_tenant(session: Session, *, name: str, slug: str,
                  settings: dict[str, Any] | None = None) -> Tenant:
    slug = slug.strip().lower()
    if not SLUG_RE.match(slug):
        raise UserError("slug: use lower-case letters, digits and hyphens (at most 63)")
    if not name.strip():
        raise UserError("name: required")
    if session.scalar(select(Tenant).where(Tenant.slug == slug)) is not None:
        raise UserError(f"slug: a tenant {slug!r} already exists")
    tenant = Tenant(name=name.strip(), slug=slug, settings=settings or {}, active=True)
    session.add(tenant)
    session.flush()
    return tenant


def create_user(session: Session, passwords: Passwords, *, tenant: Tenant | None, email: str,
                password: str | None, role: Role | str, name: str = "",
                superadmin: bool = False, password_hash: str | None = None) -> User:
    email = email.strip().lower()
    if not EMAIL_RE.match(email):
        raise UserError("email: not an email address")
    if tenant is None and not superadmin:
        raise UserError("tenant: required for users who are not platform superadmins")
    if password is not None and len(password) < 10:
        raise UserError("password: at least 10 characters")
    if session.scalar(select(User).where(func.lower(User.email) == email)) is not None:
        raise UserError(f"email: a user {email} already exists")
    user = User(tenant_id=tenant.id if tenant else None, email=email, name=name,
                role=Role(role), is_superadmin=superadmin, disabled=False,
                password_hash=password_hash or (passwords.hash(password) if password else None))
    session.add(user)
    session.flush()
    return user


def import_users(session: Session, passwords: Passwords, tenant: Tenant,
                 csv_text: str) -> list[str]:
    """Import the old system's users (see docs/import-users.md for the format).

    Columns: email, name, role, salt, md5 (hex of md5(salt + password)). Returns the emails
    imported; a bad row raises UserError naming its line and nothing is imported.
    """
    reader = csv.DictReader(io.StringIO(csv_text))
    required = {"email", "salt", "md5"}
    if not required <= set(reader.fieldnames or ()):
        raise UserError(f"header: needs columns {', '.join(sorted(required))}")
    imported = []
    for line, row in enumerate(reader, start=2):
        digest = (row.get("md5") or "").strip().lower()
        if not re.fullmatch(r"[0-9a-f]{32}", digest):
            raise UserError(f"line {line}: md5 must be 32 hex digits")
        try:
            user = create_user(session, passwords, tenant=tenant, email=row["email"],
                               password=None, role=(row.get("role") or "recruiter").strip(),
                               name=(row.get("name") or "").strip(),
                               password_hash=passwords.wrap_legacy_md5(row["salt"], digest))
        except (UserError, ValueError) as exc:
            raise UserError(f"line {line}: {exc}") from None
        imported.append(user.email)
    return imported
