"""Resumes on the platform: options and defaults, the render job, previews, tenant templates and
share links. The rendering itself is mustard_core.resumes; this module feeds it and keeps what
it makes.

Every generated PDF is kept: a render request creates a new GeneratedResume row (pending) and
a `render_resume` job in the same transaction; the job stores the PDF under a key derived from
the row's id (`{tenant_id}/resumes/{resume_id}.pdf`), so no render can overwrite another's PDF.
Erasing a candidate deletes the rows and the files (services/candidates.erase_candidate).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import io
import logging
import re
import secrets
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urljoin

from sqlalchemy import select
from sqlalchemy.orm import Session

from mustard_core import cache
from mustard_core.errors import ApiError
from mustard_core.jobs import JobContext, JobFailed, JobKind, JobRetry, enqueue
from mustard_core.models import (
    Candidate,
    Document,
    DocumentKind,
    GeneratedResume,
    Job,
    Tenant,
    utcnow,
)
from mustard_core.models.resumes import ResumeShare, ResumeTemplate
from mustard_core.platform import Platform
from mustard_core.plugins import ResumeEvent
from mustard_core.resumes import (
    BUILTIN_TEMPLATES,
    InvalidResumeOptions,
    ResumeOptions,
    ResumeRenderer,
    TemplateError,
)
from mustard_core.resumes.assets import PACKAGE_DIR, TEMPLATES_URL
from mustard_core.resumes.samples import sample_candidate
from mustard_core.roles import StorageNotFound
from mustard_core.services import branding as branding_service
from mustard_core.tenancy import ALL_TENANTS

log = logging.getLogger(__name__)

RENDERER_KEY = "resume_renderer"
PDF_MEDIA_TYPE = "application/pdf"
TEMPLATE_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
SHARE_DEFAULT_HOURS = 72
SHARE_MAX_HOURS = 30 * 24
PREVIEW_CSP = ("default-src 'none'; script-src 'none'; style-src 'unsafe-inline'; "
               "img-src data:; base-uri 'none'; form-action 'none'; sandbox")
"""The preview is candidate data in a tenant's template: no script, no fetch, no form."""

_renderer_lock = threading.Lock()


class ResumeState:
    pending = "pending"
    ready = "ready"
    failed = "failed"


# --------------------------------------------------------------------------- the renderer


def renderer(platform: Platform) -> ResumeRenderer:
    """The process's one renderer (fonts and templates load once), built on first use.

    Built lazily so a web process that never renders pays nothing, and after a Celery worker
    forks, so each child has its own font configuration.
    """
    found = platform.extras.get(RENDERER_KEY)
    if found is None:
        with _renderer_lock:
            found = platform.extras.get(RENDERER_KEY)
            if found is None:
                found = platform.extras[RENDERER_KEY] = ResumeRenderer()
    return found


# --------------------------------------------------------------------------- options


def template_names(session: Session) -> tuple[str, ...]:
    """The names of the tenant's own templates (the session is tenant-scoped)."""
    return tuple(session.scalars(select(ResumeTemplate.name).order_by(ResumeTemplate.name)))


def resolve_options(session: Session, tenant: Tenant, values: dict[str, Any] | None) -> \
        ResumeOptions:
    """Library defaults, then the tenant's defaults, then what the request says.

    Raises ApiError(422) listing every bad field (an unknown template, section, page size...).
    """
    settings = branding_service.branding_settings(tenant)
    given = {key: value for key, value in (values or {}).items() if value is not None}
    options = ResumeOptions(**{**branding_service.default_options(settings), **given})
    errors = options.errors(template_names(session))
    if errors:
        raise ApiError(422, "The resume options are not valid.", code="validation_failed",
                       details=errors)
    return options


# --------------------------------------------------------------------------- render inputs


@dataclass
class RenderPlan:
    """What a render needs from the database; files are loaded from storage afterwards, with
    no transaction open."""

    tenant_id: str
    candidate: dict[str, Any]
    options: ResumeOptions
    branding: dict[str, Any]
    tenant_template: str | None
    photo_key: str | None


def plan_render(session: Session, tenant: Tenant, candidate: Candidate,
                options: ResumeOptions) -> RenderPlan:
    source = None
    if options.template not in BUILTIN_TEMPLATES:
        template = find_template(session, options.template)
        source = template.source if template is not None else None
    photo_key = None
    if options.photo and not options.anonymised:
        photo = session.scalar(
            select(Document).where(Document.candidate_id == candidate.id,
                                   Document.kind == DocumentKind.photo)
            .order_by(Document.created_at.desc(), Document.id.desc()).limit(1))
        photo_key = photo.storage_key if photo is not None else None
    return RenderPlan(tenant_id=tenant.id, candidate=candidate_data(candidate), options=options,
                      branding=branding_service.branding_settings(tenant),
                      tenant_template=source, photo_key=photo_key)


def candidate_data(candidate: Candidate) -> dict[str, Any]:
    """The renderer's plain-dict view of a candidate."""
    return {"name": candidate.name, "email": candidate.email, "phone": candidate.phone,
            "location": candidate.location, "headline": candidate.headline,
            "profile": candidate.profile or {}}


def _load_files(platform: Platform, plan: RenderPlan) -> tuple[Any, bytes | None]:
    logo = branding_service.load_logo(platform, plan.tenant_id, plan.branding)
    photo = None
    if plan.photo_key:
        try:
            with platform.storage.open(plan.photo_key) as handle:
                photo = handle.read()
        except StorageNotFound:
            log.warning("a candidate photo is missing from storage; rendering without it")
    return branding_service.to_branding(plan.branding, logo), photo


# --------------------------------------------------------------------------- rendering


def resume_key(tenant_id: str, resume_id: str) -> str:
    return f"{tenant_id}/resumes/{resume_id}.pdf"


def request_render(platform: Platform, session: Session, tenant: Tenant, candidate: Candidate,
                   values: dict[str, Any] | None, *, user_id: str | None,
                   request_id: str | None) -> tuple[GeneratedResume, Job]:
    """A pending resume row and its render job, in the caller's transaction."""
    options = resolve_options(session, tenant, values)
    resume = GeneratedResume(tenant_id=tenant.id, candidate_id=candidate.id,
                             template=options.template,
                             options=branding_service.options_dict(options),
                             state=ResumeState.pending, created_by=user_id, created_at=utcnow())
    session.add(resume)
    session.flush()
    job = enqueue(session, tenant_id=tenant.id, kind="render_resume",
                  payload={"resume_id": resume.id}, created_by=user_id, request_id=request_id)
    return resume, job


def render_resume(ctx: JobContext) -> dict[str, Any]:
    """The job: render the PDF, store it, mark the row ready, tell plugins after commit."""
    platform = ctx.platform
    resume_id = ctx.payload.get("resume_id")
    with platform.session(ctx.tenant.id, write=False) as reader:  # none held while rendering
        resume = reader.get(GeneratedResume, resume_id)
        if resume is None:
            raise JobFailed("the resume no longer exists (its candidate was erased?)")
        if resume.state == ResumeState.ready:
            return {"resume_id": resume.id}  # rendered by an earlier run: nothing to redo
        candidate = reader.get(Candidate, resume.candidate_id) if resume.candidate_id else None
        if candidate is None:
            raise JobFailed("the candidate no longer exists (erased?)")
        options = ResumeOptions(template=resume.template, **resume.options)
        plan = plan_render(reader, ctx.tenant, candidate, options)
    brand, photo = _load_files(platform, plan)
    started = time.perf_counter()
    try:
        pdf = renderer(platform).render_pdf(plan.candidate, options, brand, photo=photo,
                                            tenant_template=plan.tenant_template)
    except (InvalidResumeOptions, TemplateError) as exc:
        raise JobFailed(f"the resume could not be rendered: {exc}") from None
    platform.metrics.timing("resumes.render", (time.perf_counter() - started) * 1000)
    key = resume_key(ctx.tenant.id, resume_id)
    stored = platform.storage.put(key, io.BytesIO(pdf.data), content_type=PDF_MEDIA_TYPE,
                                  filename="resume.pdf")
    if stored.sha256 != pdf.sha256:
        platform.storage.delete(key)
        raise JobRetry("the PDF was not stored intact")
    session = ctx.session
    row = session.get(GeneratedResume, resume_id)
    if row is None:
        platform.storage.delete(key)
        raise JobFailed("the resume was erased while it was being rendered")
    row.state = ResumeState.ready
    row.storage_key = key
    row.sha256 = pdf.sha256
    row.size = len(pdf.data)
    row.pages = pdf.pages
    platform.emit_after_commit(session, "mustard_resume_rendered", ResumeEvent(
        tenant=ctx.tenant.ref(), resume_id=row.id, candidate_id=row.candidate_id))
    platform.metrics.increment("resumes.rendered")
    return {"resume_id": row.id, "pages": pdf.pages, "size": row.size, "sha256": pdf.sha256}


def _render_failed(platform: Platform, session: Session, job: Job, error: str) -> None:
    row = session.get(GeneratedResume, (job.payload or {}).get("resume_id"))
    if row is not None and row.state != ResumeState.ready:
        row.state = ResumeState.failed
    platform.metrics.increment("resumes.failed")


RESUME_KINDS: dict[str, JobKind] = {
    "render_resume": JobKind("render_resume", render_resume, on_failure=_render_failed),
}
"""Job kinds this module adds (merged into services.handlers.CORE_KINDS)."""


# --------------------------------------------------------------------------- preview


def preview_html(platform: Platform, session: Session, tenant: Tenant, candidate: Candidate,
                 values: dict[str, Any] | None) -> str:
    """The resume as HTML for a live preview, with the bundled stylesheets inlined.

    The browser shows its own fonts and ignores paged media (running header and footer,
    page numbers); the PDF is the reference.
    """
    options = resolve_options(session, tenant, values)
    plan = plan_render(session, tenant, candidate, options)
    brand, photo = _load_files(platform, plan)
    try:
        html = renderer(platform).render_html(plan.candidate, options, brand, photo=photo,
                                              tenant_template=plan.tenant_template)
    except (InvalidResumeOptions, TemplateError) as exc:
        raise ApiError(422, "The resume cannot be rendered.", code="validation_failed",
                       details=exc.errors) from None
    return inline_stylesheets(html)


_LINK = re.compile(r"<link\b[^>]*>", re.IGNORECASE)
_ATTR = re.compile(r"""\b(rel|href)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)


@functools.cache
def bundled_stylesheets() -> dict[str, str]:
    """The package's stylesheets by asset URL (static package data, read once)."""
    return {urljoin(TEMPLATES_URL, path.name): path.read_text(encoding="utf-8")
            for path in sorted((PACKAGE_DIR / "templates").glob("*.css"))}


def inline_stylesheets(html: str) -> str:
    """Replace links to the bundled stylesheets by their text, so a browser can show them.

    Any other link is left as it is; the preview's CSP stops the browser from fetching it.
    """
    def inline(match: re.Match) -> str:
        attrs = {m.group(1).lower(): m.group(2) or m.group(3) or m.group(4) or ""
                 for m in _ATTR.finditer(match.group(0))}
        if attrs.get("rel", "").lower() != "stylesheet" or "href" not in attrs:
            return match.group(0)
        css = bundled_stylesheets().get(urljoin(TEMPLATES_URL, attrs["href"]))
        return f"<style>\n{css}</style>" if css is not None else match.group(0)

    return _LINK.sub(inline, html)


# --------------------------------------------------------------------------- tenant templates


def find_template(session: Session, name: str) -> ResumeTemplate | None:
    return session.scalar(select(ResumeTemplate).where(ResumeTemplate.name == name))


def save_template(platform: Platform, session: Session, tenant: Tenant,
                  values: dict[str, Any], *, user_id: str | None,
                  template: ResumeTemplate | None = None) -> ResumeTemplate:
    """Create (or replace) a tenant template after checking it compiles and renders.

    The check renders the sample candidate in the sandbox, so a syntax error, an unknown
    variable or a sandbox violation is a 422 naming the line now, not a failed render later.
    """
    name, source = values["name"], values["source"]
    if name in BUILTIN_TEMPLATES or not TEMPLATE_NAME.match(name):
        raise _invalid("name", f"{name!r} is a built-in template's name or not a valid name "
                       "(lower-case letters, digits, - and _)")
    same_name = find_template(session, name)
    if same_name is not None and same_name is not template:
        raise ApiError(409, f"There is already a template named {name!r}.", code="conflict",
                       details=[{"field": "name", "message": "is already taken"}])
    if template is not None and template.name != name and _is_default(tenant, template.name):
        raise ApiError(409, "This template is the default; choose another default before "
                       "renaming it.", code="conflict")
    settings = branding_service.branding_settings(tenant)
    try:
        renderer(platform).render_html(sample_candidate(), ResumeOptions(template=name),
                                       branding_service.to_branding(settings),
                                       tenant_template=source)
    except TemplateError as exc:
        raise _invalid("source", str(exc)) from None
    except InvalidResumeOptions as exc:
        raise ApiError(422, "The template cannot be rendered.", code="validation_failed",
                       details=exc.errors) from None
    if template is None:
        template = ResumeTemplate(tenant_id=tenant.id, created_by=user_id)
        session.add(template)
    template.name = name
    template.description = values.get("description") or ""
    template.source = source
    template.sha256 = hashlib.sha256(source.encode("utf-8")).hexdigest()
    template.updated_at = utcnow()
    session.flush()
    cache.invalidate_after_commit(session, tenant.id, "templates")
    return template


def delete_template(session: Session, tenant: Tenant, template: ResumeTemplate) -> None:
    """Remove a template; resumes rendered with it stay (they keep its name)."""
    if _is_default(tenant, template.name):
        raise ApiError(409, "This template is the default; choose another default before "
                       "deleting it.", code="conflict")
    session.delete(template)
    session.flush()
    cache.invalidate_after_commit(session, tenant.id, "templates")


def _is_default(tenant: Tenant, name: str) -> bool:
    return branding_service.branding_settings(tenant)["default_template"] == name


def _invalid(field: str, message: str) -> ApiError:
    return ApiError(422, "The template is not valid.", code="validation_failed",
                    details=[{"field": field, "message": message}])


# --------------------------------------------------------------------------- listing


def resumes_query(candidate_id: str):
    """A candidate's resumes (paged newest first by the API)."""
    return select(GeneratedResume).where(GeneratedResume.candidate_id == candidate_id)


# --------------------------------------------------------------------------- share links


def _share_signature(secret_key: str, nonce: str) -> str:
    key = hmac.new(secret_key.encode(), b"mustard resume share links", hashlib.sha256).digest()
    digest = hmac.new(key, nonce.encode(), hashlib.sha256).digest()[:18]
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def new_share_token(secret_key: str) -> str:
    """A random token with a signature, so forged or mistyped links are refused before any
    database lookup; only the token's sha256 is stored."""
    nonce = secrets.token_urlsafe(24)
    return f"{nonce}.{_share_signature(secret_key, nonce)}"


def share_token_signed(secret_key: str, token: str) -> bool:
    nonce, dot, signature = token.partition(".")
    if not dot or not nonce or len(token) > 100:
        return False
    return hmac.compare_digest(signature, _share_signature(secret_key, nonce))


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_share(platform: Platform, session: Session, resume: GeneratedResume,
                 hours: int, *, user_id: str | None) -> tuple[ResumeShare, str]:
    """A new share link for a ready resume: (row, token). The token is shown once."""
    if resume.state != ResumeState.ready:
        raise ApiError(409, f"Only a rendered resume can be shared (this one is {resume.state}).",
                       code="conflict")
    token = new_share_token(platform.settings["mustard.secret_key"])
    now = utcnow()
    share = ResumeShare(tenant_id=resume.tenant_id, resume_id=resume.id,
                        token_hash=token_hash(token), created_by=user_id, created_at=now,
                        expires_at=now + timedelta(hours=hours), view_count=0)
    session.add(share)
    session.flush()
    platform.metrics.increment("resumes.shared")
    return share, token


def revoke_share(share: ResumeShare) -> None:
    if share.revoked_at is None:
        share.revoked_at = utcnow()


def share_active(share: ResumeShare, now: datetime | None = None) -> bool:
    return share.revoked_at is None and share.expires_at > (now or utcnow())


@dataclass(frozen=True)
class SharedPdf:
    storage_key: str
    size: int | None


def open_share(platform: Platform, token: str) -> SharedPdf | None:
    """The PDF a share token gives access to, or None (unknown, expired, revoked, erased).

    The token carries no tenant, so finding it is the one lookup across tenants, done
    explicitly with ALL_TENANTS and by hash only; everything after it is scoped to the share's
    tenant. Each successful open is counted on the share.
    """
    if not share_token_signed(platform.settings["mustard.secret_key"], token):
        return None
    with platform.session(ALL_TENANTS, write=False) as lookup:
        found = lookup.scalar(select(ResumeShare).where(
            ResumeShare.token_hash == token_hash(token)))
        if found is None:
            return None
        tenant_id, share_id = found.tenant_id, found.id
    with platform.session(tenant_id) as session:
        share = session.get(ResumeShare, share_id)
        tenant = session.get(Tenant, tenant_id)
        resume = session.get(GeneratedResume, share.resume_id) if share is not None else None
        now = utcnow()
        if (share is None or resume is None or tenant is None or not tenant.active
                or not share_active(share, now) or resume.state != ResumeState.ready
                or not resume.storage_key):
            return None
        share.view_count += 1
        share.last_viewed_at = now
        return SharedPdf(storage_key=resume.storage_key, size=resume.size)


# --------------------------------------------------------------------------- API shapes


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def serialize_resume(resume: GeneratedResume) -> dict[str, Any]:
    return {
        "id": resume.id,
        "candidate_id": resume.candidate_id,
        "template": resume.template,
        "options": resume.options or {},
        "state": resume.state,
        "pages": resume.pages,
        "size": resume.size,
        "sha256": resume.sha256,
        "created_by": resume.created_by,
        "created_at": resume.created_at.isoformat(),
    }


def serialize_template(template: ResumeTemplate, *, source: bool = True) -> dict[str, Any]:
    data = {
        "id": template.id,
        "name": template.name,
        "description": template.description,
        "sha256": template.sha256,
        "size": len(template.source),
        "created_by": template.created_by,
        "created_at": template.created_at.isoformat(),
        "updated_at": template.updated_at.isoformat(),
    }
    if source:
        data["source"] = template.source
    return data


def serialize_share(share: ResumeShare) -> dict[str, Any]:
    return {
        "id": share.id,
        "resume_id": share.resume_id,
        "created_by": share.created_by,
        "created_at": share.created_at.isoformat(),
        "expires_at": share.expires_at.isoformat(),
        "revoked_at": _iso(share.revoked_at),
        "active": share_active(share),
        "view_count": share.view_count,
        "last_viewed_at": _iso(share.last_viewed_at),
    }
