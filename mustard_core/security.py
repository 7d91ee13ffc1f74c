"""Who is calling and what they may do.

Identity comes from a bearer token (the API) or the console's session (the admin). Roles are
groups of permissions; views declare a permission and Pyramid's ACL machinery decides, so no
view checks a role by hand. Resolving the identity is also where the request's database session
gets its tenant scope (mustard_core.tenancy), so everything after it sees one tenant only.
"""

from __future__ import annotations

import enum
import hashlib
import logging
import secrets
from dataclasses import dataclass
from datetime import timedelta

from pyramid.authorization import ACLHelper, Allow, Authenticated, Everyone
from pyramid.config import Configurator
from pyramid.request import Request
from sqlalchemy import select, update
from sqlalchemy.exc import SQLAlchemyError

from mustard_core.models import ApiToken, Role, Tenant, User, utcnow
from mustard_core.tenancy import ALL_TENANTS, scope_session

log = logging.getLogger(__name__)


class Permission(enum.StrEnum):
    candidates_read = "candidates:read"
    candidates_write = "candidates:write"
    search_read = "search:read"
    synonyms_read = "synonyms:read"
    synonyms_write = "synonyms:write"
    reindex = "search:reindex"
    jobs_read = "jobs:read"
    jobs_manage = "jobs:manage"
    resumes_read = "resumes:read"
    resumes_write = "resumes:write"
    users_manage = "tenant:users"
    tenant_settings = "tenant:settings"
    credentials_write = "tenant:credentials"
    audit_read = "audit:read"
    plugins_read = "admin:plugins:read"
    console = "admin:console"
    platform_tenants = "platform:tenants"


P = Permission
RECRUITER = {P.candidates_read, P.candidates_write, P.search_read, P.synonyms_read, P.jobs_read,
             P.resumes_read, P.resumes_write}
OPS = RECRUITER | {P.synonyms_write, P.reindex, P.jobs_manage, P.plugins_read, P.console}
ADMIN = OPS | {P.users_manage, P.tenant_settings, P.credentials_write, P.audit_read}
ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.recruiter: frozenset(RECRUITER),
    Role.ops: frozenset(OPS),
    Role.admin: frozenset(ADMIN),
}
SUPERADMIN = frozenset({P.platform_tenants, P.audit_read, P.plugins_read, P.console})


class RootFactory:
    """The ACL every route shares: a role's permissions, granted only inside a tenant."""

    __acl__ = [
        *[(Allow, f"role:{role.value}", tuple(perms)) for role, perms in ROLE_PERMISSIONS.items()],
        (Allow, "superadmin", tuple(SUPERADMIN)),
    ]

    def __init__(self, request: Request):
        self.request = request


@dataclass
class Identity:
    user: User
    tenant: Tenant | None
    token: ApiToken | None = None

    @property
    def principals(self) -> list[str]:
        principals = [Everyone, Authenticated, f"user:{self.user.id}"]
        if self.tenant is not None:
            principals += [f"tenant:{self.tenant.id}", f"role:{self.user.role.value}"]
        if self.user.is_superadmin:
            principals.append("superadmin")
        return principals


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(user: User, *, name: str, ttl: timedelta | None) -> tuple[str, ApiToken]:
    """A new random token (returned once) and its row (only the hash is kept)."""
    token = "mst_" + secrets.token_urlsafe(32)
    now = utcnow()
    row = ApiToken(user_id=user.id, name=name, token_hash=hash_token(token), prefix=token[:10],
                   created_at=now, expires_at=now + ttl if ttl else None)
    return token, row


def usable(user: User) -> bool:
    return not user.disabled and (user.tenant is None or user.tenant.active)


class MustardSecurityPolicy:
    def identity(self, request: Request) -> Identity | None:
        # reified by hand: Pyramid asks several times per request
        if "mustard.identity" in request.environ:
            return request.environ["mustard.identity"]
        identity = self._bearer(request) or self._session(request)
        if identity is not None and identity.tenant is not None:
            scope_session(request.db, identity.tenant.id)
        request.environ["mustard.identity"] = identity
        return identity

    def _bearer(self, request: Request) -> Identity | None:
        header = request.headers.get("Authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return None
        row = request.db.scalar(select(ApiToken).where(ApiToken.token_hash ==
                                                       hash_token(token.strip())))
        now = utcnow()
        if row is None or row.revoked_at is not None:
            return None
        if row.expires_at is not None and row.expires_at <= now:
            return None
        if not usable(row.user):
            return None
        if row.last_used_at is None or now - row.last_used_at > timedelta(minutes=1):
            if request.method in {"GET", "HEAD", "OPTIONS"}:
                _touch(request, row.id, now)
            else:
                row.last_used_at = now  # a writer request: in its own transaction
        return Identity(user=row.user, tenant=row.user.tenant, token=row)

    def _session(self, request: Request) -> Identity | None:
        if not request.path.startswith("/admin"):
            return None
        user_id = request.session.get("user_id")
        if not user_id:
            return None
        user = request.db.get(User, user_id)
        if user is None or not usable(user):
            return None
        return Identity(user=user, tenant=user.tenant)

    def authenticated_userid(self, request: Request) -> str | None:
        identity = request.identity
        return identity.user.id if identity else None

    def permits(self, request: Request, context, permission: str):
        identity = request.identity
        principals = identity.principals if identity else [Everyone]
        return ACLHelper().permits(context, principals, permission)

    def remember(self, request: Request, userid: str, **kw) -> list:
        return []

    def forget(self, request: Request, **kw) -> list:
        return []


def _touch(request: Request, token_id: str, now) -> None:
    """Record when a token was last used: at most once a minute, in its own short transaction,
    so a read-only request never turns into a writer (on SQLite a reader that writes can fail
    when another writer committed meanwhile). Best effort: never fails the request."""
    try:
        with request.platform.session(ALL_TENANTS) as session:
            session.execute(update(ApiToken).where(ApiToken.id == token_id)
                            .values(last_used_at=now))
    except SQLAlchemyError:
        log.debug("could not record token use", exc_info=True)


def request_tenant(request: Request) -> Tenant | None:
    identity = request.identity
    return identity.tenant if identity else None


def request_user(request: Request) -> User | None:
    identity = request.identity
    return identity.user if identity else None


def includeme(config: Configurator) -> None:
    config.set_security_policy(MustardSecurityPolicy())
    config.set_root_factory(RootFactory)
    config.add_request_method(request_tenant, "tenant", reify=True)
    config.add_request_method(request_user, "user", reify=True)
