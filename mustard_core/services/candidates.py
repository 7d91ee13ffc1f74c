"""Candidates: create, change, merge, erase, list, and their shape for the API and search.

Every function takes a tenant-scoped session (mustard_core.tenancy), so none of them filters by
tenant itself and none can reach another tenant's rows.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any
from urllib.parse import unquote, urlsplit

import phonenumbers
from sqlalchemy import Select, and_, delete, func, or_, select, text
from sqlalchemy.orm import Session

from mustard_core import cache
from mustard_core.errors import ApiError
from mustard_core.models import (
    Candidate,
    CandidateRevision,
    Document,
    GeneratedResume,
    Tenant,
    User,
    utcnow,
)
from mustard_core.profile import ParsedCandidate, normalised, profile_errors
from mustard_core.roles import SearchRecord
from mustard_core.services import consent
from mustard_core.services.paging import decode_cursor, encode_cursor

CONTACT_FIELDS = ("name", "email", "phone", "location", "headline")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


# --------------------------------------------------------------------------- normalising


def normalise_email(email: str | None) -> str | None:
    return email.strip().lower() if email and email.strip() else None


DEFAULT_PHONE_REGION = "GB"
"""Where national numbers are read when a tenant names no country (the console's default)."""
PROFILE_HOSTS = frozenset({
    "linkedin.com", "github.com", "gitlab.com", "bitbucket.org", "xing.com",
    "stackoverflow.com", "behance.net", "dribbble.com", "twitter.com", "x.com", "medium.com"})
"""Sites whose links name one person; a company or personal site says little about identity."""


def phone_region(settings: Mapping[str, Any] | None) -> str | None:
    """The region national phone numbers are read in: the tenant's `default_country_code`, an
    ISO 3166 code ("GB") or a calling code ("44", "+44"); GB when unset."""
    code = str((settings or {}).get("default_country_code") or DEFAULT_PHONE_REGION)
    code = code.strip().upper().lstrip("+")
    if code.isdigit():
        region = phonenumbers.region_code_for_country_code(int(code))
        return None if region == phonenumbers.UNKNOWN_REGION else region
    return code if re.fullmatch(r"[A-Z]{2}", code) else None


def normalise_phone(phone: str | None, region: str | None = None) -> str | None:
    """E.164 ("+442079460958"), national numbers read in `region`, so '+44 20 7946 0958' and
    '020 7946 0958' meet in a GB tenant. A number that cannot be read as a possible one keeps
    its digits (7 or more), so two identical spellings still meet; fewer digits are no number."""
    if not phone:
        return None
    digits = re.sub(r"\D", "", phone)
    if len(digits) < 7:
        return None
    try:
        number = phonenumbers.parse(phone, region)
    except phonenumbers.NumberParseException:
        return digits
    if not phonenumbers.is_possible_number(number):
        return digits
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalise_profile_url(url: str | None) -> str | None:
    """'https://uk.LinkedIn.com/in/Ada/?trk=x' -> 'linkedin.com/in/ada' for links to a personal
    profile on a known site (PROFILE_HOSTS); None for anything else."""
    url = (url or "").strip()
    if not url:
        return None
    try:
        parts = urlsplit(url if "://" in url else "https://" + url)
        host = (parts.hostname or "").lower()
    except ValueError:
        return None
    site = ".".join(host.split(".")[-2:])
    path = re.sub(r"/+", "/", unquote(parts.path)).rstrip("/").lower()
    if site not in PROFILE_HOSTS or not path:
        return None
    return site + path


def profile_urls_text(profile: dict[str, Any]) -> str:
    urls = sorted({url for link in profile.get("links", [])
                   if (url := normalise_profile_url(link.get("url")))})
    return "|" + "|".join(urls) + "|" if urls else ""


def skills_text(profile: dict[str, Any]) -> str:
    names = sorted({s["name"].strip().lower() for s in profile.get("skills", [])
                    if s.get("name")})
    return "|" + "|".join(names) + "|" if names else ""


def validate_fields(session: Session, tenant_id: str,
                    values: dict[str, Any]) -> list[dict[str, str]]:
    details = []
    email = values.get("email")
    if email and not EMAIL_RE.match(email.strip()):
        details.append({"field": "email", "message": "is not an email address"})
    phone = values.get("phone")
    if phone and not re.fullmatch(r"[0-9+()./\s-]{5,50}", phone.strip()):
        details.append({"field": "phone", "message": "may only hold digits, spaces and + ( ) - ."})
    if "profile" in values:
        details += profile_errors(values["profile"])
    owner_id = values.get("owner_id")
    if owner_id and session.scalar(select(User.id).where(
            User.id == owner_id, User.tenant_id == tenant_id)) is None:
        # a user of another client database is as unknown as one that never existed
        details.append({"field": "owner_id", "message": "is not a user of this client database"})
    return details


# --------------------------------------------------------------------------- writing


def apply_fields(candidate: Candidate, values: dict[str, Any], *,
                 region: str | None = DEFAULT_PHONE_REGION) -> list[str]:
    """Set the given fields; returns the names that changed. `region`: see phone_region."""
    changed = []
    for key in (*CONTACT_FIELDS, "owner_id"):
        if key in values:
            value = values[key].strip() if isinstance(values[key], str) else values[key]
            value = value or None
            if getattr(candidate, key) != value:
                setattr(candidate, key, value)
                changed.append(key)
    if "profile" in values:
        profile = normalised(values["profile"])
        if candidate.profile != profile:
            candidate.profile = profile
            changed.append("profile")
    candidate.email_normalized = normalise_email(candidate.email)
    candidate.phone_normalized = normalise_phone(candidate.phone, region)
    candidate.skills_text = skills_text(candidate.profile or {})
    candidate.profile_urls = profile_urls_text(candidate.profile or {})
    return changed


def tenant_region(session: Session, candidate: Candidate) -> str | None:
    tenant = session.get(Tenant, candidate.tenant_id)
    return phone_region(tenant.settings if tenant is not None else None)


def create_candidate(session: Session, tenant: Tenant, values: dict[str, Any], *,
                     source: str = "api", owner_id: str | None = None) -> Candidate:
    details = validate_fields(session, tenant.id, values)
    if details:
        raise ApiError(422, "The candidate is not valid.", code="validation_failed",
                       details=details)
    now = utcnow()
    candidate = Candidate(tenant_id=tenant.id, source=source, profile=normalised(None),
                          owner_id=owner_id, obtained_via=consent.obtained_via_for(source),
                          obtained_at=now, created_at=now, updated_at=now)
    apply_fields(candidate, values, region=phone_region(tenant.settings))
    session.add(candidate)
    session.flush()
    cache.candidate_changed(session, tenant.id, candidate.id)
    return candidate


def update_candidate(session: Session, candidate: Candidate, values: dict[str, Any]) -> list[str]:
    details = validate_fields(session, candidate.tenant_id, values)
    if details:
        raise ApiError(422, "The candidate is not valid.", code="validation_failed",
                       details=details)
    changed = apply_fields(candidate, values, region=tenant_region(session, candidate))
    if changed:
        candidate.updated_at = utcnow()
        session.flush()
        cache.candidate_changed(session, candidate.tenant_id, candidate.id)
    return changed


def lock_identity(session: Session, tenant_id: str, *keys: str | None) -> None:
    """Serialise concurrent parses of the same person (two CVs of one candidate parsed by two
    workers at once) so the second sees the first's candidate instead of creating a duplicate.
    PostgreSQL: transaction-scoped advisory locks; SQLite writers are serialised already."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for key in sorted(k for k in keys if k):
        session.execute(text("SELECT pg_advisory_xact_lock(hashtextextended(:k, 1))"),
                        {"k": f"{tenant_id}:{key}"})


def find_match(session: Session, parsed: ParsedCandidate) -> Candidate | None:
    """The tenant's existing candidate this CV certainly belongs to: the same email address.

    Only a shared email merges on its own; weaker matches (a phone, a name, a profile link) go
    to the review queue (services/duplicates.py) for a recruiter to decide."""
    email = normalise_email(parsed.email)
    if email:
        return session.scalar(select(Candidate).where(Candidate.email_normalized == email)
                              .order_by(Candidate.created_at).limit(1))
    return None


def merge_parsed(session: Session, candidate: Candidate, parsed: ParsedCandidate, *,
                 document_id: str | None, source: str) -> list[str]:
    """Fold a parsed CV into a candidate: empty fields are filled, lists are united without
    duplicates, nothing a recruiter typed is overwritten; what the parse said is kept as a
    revision so a merge can always be explained."""
    values: dict[str, Any] = {}
    for key in CONTACT_FIELDS:
        new = getattr(parsed, key)
        if new and not getattr(candidate, key):
            values[key] = new
    values["profile"] = merge_profiles(candidate.profile or {}, parsed.profile)
    changed = apply_fields(candidate, values, region=tenant_region(session, candidate))
    session.add(CandidateRevision(
        tenant_id=candidate.tenant_id, candidate_id=candidate.id, document_id=document_id,
        source=source,
        fields={"contact": parsed.contact(), "profile": parsed.profile,
                "confidence": parsed.confidence, "changed": changed}))
    if changed:
        candidate.updated_at = utcnow()
    session.flush()
    return changed


def merge_profiles(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    old, new = normalised(old), normalised(new)
    merged = dict(old)
    merged["summary"] = old.get("summary") or new.get("summary")

    def unite(key: str, identity) -> list[dict[str, Any]]:
        seen = {identity(item) for item in old[key]}
        result = list(old[key])
        for item in new[key]:
            if identity(item) not in seen:
                seen.add(identity(item))
                result.append(item)
        return result

    def lower(value: Any) -> str:
        return (value or "").strip().lower()

    merged["experience"] = unite("experience", lambda e: (lower(e.get("title")),
                                                          lower(e.get("company")),
                                                          e.get("start")))
    merged["education"] = unite("education", lambda e: (lower(e.get("institution")),
                                                        lower(e.get("degree"))))
    merged["skills"] = unite("skills", lambda s: lower(s.get("name")))
    merged["languages"] = unite("languages", lambda s: lower(s.get("name")))
    merged["links"] = unite("links", lambda s: lower(s.get("url")).rstrip("/"))
    return merged


def erase_candidate(session: Session, candidate: Candidate) -> dict[str, Any]:
    """Delete the candidate and its document and resume rows; returns what the erasure job
    must still remove outside the database (storage keys; the index entry by id)."""
    documents = session.scalars(select(Document).where(Document.candidate_id == candidate.id))
    keys = [doc.storage_key for doc in documents]
    resumes = session.scalars(select(GeneratedResume).where(
        GeneratedResume.candidate_id == candidate.id))
    keys += [r.storage_key for r in resumes if r.storage_key]
    session.execute(delete(Document).where(Document.candidate_id == candidate.id))
    session.execute(delete(GeneratedResume).where(GeneratedResume.candidate_id == candidate.id))
    session.execute(delete(CandidateRevision).where(
        CandidateRevision.candidate_id == candidate.id))
    candidate_id = candidate.id
    session.delete(candidate)
    session.flush()
    return {"candidate_id": candidate_id, "storage_keys": keys}


# --------------------------------------------------------------------------- reading


SORTS = {
    "-updated_at": (Candidate.updated_at, True),
    "updated_at": (Candidate.updated_at, False),
    "name": (Candidate.name, False),
    "-name": (Candidate.name, True),
}


def list_query(*, q: str | None, skill: str | None, updated_since: str | None, sort: str,
               cursor: str | None) -> Select:
    column, descending = SORTS[sort]
    stmt = select(Candidate)
    if q:
        pattern = "%" + _escape_like(q.lower()) + "%"
        stmt = stmt.where(or_(func.lower(Candidate.name).like(pattern, escape="\\"),
                              Candidate.email_normalized.like(pattern, escape="\\")))
    if skill:
        needle = "|" + _escape_like(skill.strip().lower()) + "|"
        stmt = stmt.where(Candidate.skills_text.like("%" + needle + "%", escape="\\"))
    if updated_since:
        stmt = stmt.where(Candidate.updated_at >= datetime.fromisoformat(
            updated_since.replace("Z", "+00:00")))
    sort_value = func.coalesce(column, "") if column is Candidate.name else column
    if cursor:
        value, last_id = decode_cursor(cursor, sort)
        if descending:
            stmt = stmt.where(or_(sort_value < value,
                                  and_(sort_value == value, Candidate.id < last_id)))
        else:
            stmt = stmt.where(or_(sort_value > value,
                                  and_(sort_value == value, Candidate.id > last_id)))
    if descending:
        return stmt.order_by(sort_value.desc(), Candidate.id.desc())
    return stmt.order_by(sort_value.asc(), Candidate.id.asc())


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def next_cursor(rows: list[Candidate], limit: int, sort: str) -> str | None:
    if len(rows) <= limit:
        return None
    last = rows[limit - 1]
    column, _ = SORTS[sort]
    value = getattr(last, column.key)
    if column is Candidate.name:
        value = value or ""
    return encode_cursor(sort, value, last.id)


def serialize(candidate: Candidate) -> dict[str, Any]:
    return {
        "id": candidate.id,
        "name": candidate.name,
        "email": candidate.email,
        "phone": candidate.phone,
        "location": candidate.location,
        "headline": candidate.headline,
        "owner_id": candidate.owner_id,
        "source": candidate.source,
        "profile": normalised(candidate.profile),
        "version": candidate.version,
        "consent": consent.serialize(candidate),
        "created_at": candidate.created_at.isoformat(),
        "updated_at": candidate.updated_at.isoformat(),
    }


def etag(candidate: Candidate) -> str:
    return f'"{candidate.id}-{candidate.version}"'


def search_record(candidate: Candidate) -> SearchRecord:
    profile = normalised(candidate.profile)
    titles = [e["title"] for e in profile["experience"] if e.get("title")]
    companies = [e["company"] for e in profile["experience"] if e.get("company")]
    skills = [s["name"] for s in profile["skills"]]
    aliases = [a for s in profile["skills"] for a in s.get("aliases", [])]
    text = " ".join(filter(None, [
        profile.get("summary"),
        *(e.get("description") for e in profile["experience"]),
        *(f"{e.get('degree') or ''} {e.get('field') or ''} {e.get('institution') or ''}"
          for e in profile["education"]),
        " ".join(aliases),
    ]))
    return SearchRecord(
        id=candidate.id, tenant_id=candidate.tenant_id, name=candidate.name,
        headline=candidate.headline, location=candidate.location, email=candidate.email,
        skills=skills, titles=list(dict.fromkeys(titles)),
        companies=list(dict.fromkeys(companies)), summary=profile.get("summary"),
        text=text[:20000], updated_at=candidate.updated_at)


def iter_search_records(session: Session, batch: int = 1000) -> Iterator[SearchRecord]:
    """Every candidate of the session's tenant, streamed in id order in bounded batches."""
    last_id = ""
    while True:
        rows = session.scalars(select(Candidate).where(Candidate.id > last_id)
                               .order_by(Candidate.id).limit(batch)).all()
        if not rows:
            return
        for row in rows:
            yield search_record(row)
        last_id = rows[-1].id
        session.expunge_all()


def count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Candidate)) or 0
