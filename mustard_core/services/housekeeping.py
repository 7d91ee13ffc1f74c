"""Housekeeping: rows of access that can no longer grant anything, deleted after a grace period.

An expired or revoked bearer token and an expired or revoked resume share link are refused the
moment they lapse (security.py, services/resumes.py); their rows stay for `GRACE` so the admin
console can still show who had access recently, then go, so the tables do not grow forever.
Run hourly by the periodic work (mustard_core/periodic.py).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, or_

from mustard_core.models import ApiToken, ResumeShare, utcnow
from mustard_core.platform import Platform
from mustard_core.tenancy import ALL_TENANTS

GRACE = timedelta(days=30)


def purge_lapsed_access(platform: Platform, now: datetime | None = None) -> dict[str, int]:
    """Delete tokens and share links that expired or were revoked more than GRACE ago."""
    cutoff = (now or utcnow()) - GRACE
    with platform.session(ALL_TENANTS) as session:
        tokens = session.execute(delete(ApiToken).where(or_(
            ApiToken.expires_at <= cutoff, ApiToken.revoked_at <= cutoff)))
        shares = session.execute(delete(ResumeShare).where(or_(
            ResumeShare.expires_at <= cutoff, ResumeShare.revoked_at <= cutoff)))
        return {"tokens_purged": tokens.rowcount, "share_links_purged": shares.rowcount}
