"""Consent: how and when a candidate's data was obtained, and the date they consented.

Data-protection law asks an agency to say where each person's data came from and on what basis
it holds it. Every candidate records how the data arrived (`obtained_via`: uploaded by a
recruiter, submitted by the candidate, imported from another system), when (`obtained_at`), and
the date of the candidate's consent (`consent_at`, unknown until someone records it). The values
are shown on the profile (API and console) and written into the subject-access export.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import object_session

from mustard_core import cache
from mustard_core.errors import ApiError
from mustard_core.models import Candidate, utcnow

OBTAINED_VIA = ("recruiter_upload", "self_submission", "import")
LABELS = {"recruiter_upload": "Uploaded by a recruiter",
          "self_submission": "Submitted by the candidate", "import": "Imported"}
_BY_SOURCE = {"upload": "recruiter_upload", "api": "recruiter_upload", "import": "import",
              "self_submission": "self_submission"}


def obtained_via_for(source: str | None) -> str:
    """How data that arrived through `source` (Candidate.source) was obtained."""
    return _BY_SOURCE.get(source or "", "recruiter_upload")


def serialize(candidate: Candidate) -> dict[str, Any]:
    """The candidate's consent record; rows older than the consent columns fall back to what
    their source and creation time say."""
    obtained_at = candidate.obtained_at or candidate.created_at
    return {
        "obtained_via": candidate.obtained_via or obtained_via_for(candidate.source),
        "obtained_at": obtained_at.isoformat() if obtained_at else None,
        "consent_at": candidate.consent_at.isoformat() if candidate.consent_at else None,
    }


def update(candidate: Candidate, values: dict[str, Any], *,
           now: datetime | None = None) -> list[str]:
    """Apply `obtained_via`, `obtained_at` and `consent_at` (ISO 8601 with a zone, or null for
    consent_at); returns the names that changed. Dates in the future are refused."""
    now = now or utcnow()
    details = []
    changed = []
    if "obtained_via" in values:
        via = values["obtained_via"]
        if via not in OBTAINED_VIA:
            details.append({"field": "obtained_via",
                            "message": "must be one of " + ", ".join(OBTAINED_VIA)})
        elif via != candidate.obtained_via:
            candidate.obtained_via = via
            changed.append("obtained_via")
    for key in ("obtained_at", "consent_at"):
        if key not in values:
            continue
        raw = values[key]
        if raw is None and key == "consent_at":
            value = None
        else:
            value = _parse_time(raw)
            if value is None:
                details.append({"field": key, "message": "must be an ISO 8601 date-time with a "
                                "time zone"})
                continue
            if value > now:
                details.append({"field": key, "message": "cannot be in the future"})
                continue
        if getattr(candidate, key) != value:
            setattr(candidate, key, value)
            changed.append(key)
    if details:
        raise ApiError(422, "The consent record is not valid.", code="validation_failed",
                       details=details)
    if changed:
        candidate.updated_at = now
        cache.candidate_changed(object_session(candidate), candidate.tenant_id, candidate.id)
    return changed


def _parse_time(raw: Any) -> datetime | None:
    if not isinstance(raw, str):
        return None
    try:
        value = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        return None
    if value.tzinfo is None:
        return None
    return value.astimezone(UTC)
