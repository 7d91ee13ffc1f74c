"""One-time, expiring links that let a person choose their password (invites and resets).

Only a hash of the link's secret is stored, in the user's `password_hash` column as
`invite$<expiry epoch>$<sha256 hex>`: such a value is no valid argon2 hash, so the account cannot
sign in (console or API) until the link is used, and setting the password overwrites it, which
makes the link single-use. A reset issues a new link the same way (and so also ends the old
password). No migration was needed for this, and no extra table can drift from the user row.

Email sending is out of scope for the console (STUB: there is no mail provider role yet): the
link is shown once, on screen, to the administrator who created it, to pass on themselves.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass

from mustard_core.models import User

PREFIX = "invite$"
INVITE_TTL_SECONDS = 7 * 24 * 3600
RESET_TTL_SECONDS = 24 * 3600


@dataclass(frozen=True)
class PendingInvite:
    expires_at: float
    digest: str


def clock() -> float:
    """Now, as links' expiry is measured (tests move it forward)."""
    return time.time()


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def issue(user: User, *, ttl_seconds: int, now: float | None = None) -> str:
    """A new secret for this user's link (returned once); replaces any password or older link."""
    secret = secrets.token_urlsafe(32)
    expires = int((now if now is not None else clock()) + ttl_seconds)
    user.password_hash = f"{PREFIX}{expires}${_digest(secret)}"
    return secret


def pending(user: User) -> PendingInvite | None:
    stored = user.password_hash or ""
    if not stored.startswith(PREFIX):
        return None
    expires, _, digest = stored[len(PREFIX):].partition("$")
    try:
        return PendingInvite(expires_at=float(expires), digest=digest)
    except ValueError:
        return None


def check(user: User | None, secret: str, *, now: float | None = None) -> bool:
    """True if `secret` opens this user's current, unexpired link."""
    invite = pending(user) if user is not None else None
    if invite is None or not secret:
        return False
    if invite.expires_at <= (now if now is not None else clock()):
        return False
    return hmac.compare_digest(invite.digest, _digest(secret))
