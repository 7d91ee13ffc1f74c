"""Password hashing: argon2id, and the bridge from the old system's salted MD5.

Legacy rows are imported as `legacy-md5$<salt>$<argon2id PHC over the old hex digest>`: the MD5
digest never sits in our database unwrapped, yet a user's first login can still verify against
it; on that login the hash is replaced by a plain argon2id hash of the password.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError

LEGACY_PREFIX = "legacy-md5$"

# A valid hash of a random password: verifying against it when the user does not exist costs
# the same time as a real check, so response times do not reveal which emails exist.
_DUMMY_PASSWORD = "not-a-real-password-3b1f"  # noqa: S105


class Passwords:
    def __init__(self, memory_kib: int = 19456, time_cost: int = 2, parallelism: int = 1):
        self.hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_kib,
                                     parallelism=parallelism, type=Type.ID)
        self._dummy = self.hasher.hash(_DUMMY_PASSWORD)

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> Passwords:
        return cls(memory_kib=settings["mustard.argon2.memory_kib"],
                   time_cost=settings["mustard.argon2.time_cost"])

    def hash(self, password: str) -> str:
        return self.hasher.hash(password)

    def wrap_legacy_md5(self, salt: str, md5_hex: str) -> str:
        """Import an old `md5(salt + password)` hex digest (see docs/import-users.md)."""
        return f"{LEGACY_PREFIX}{salt}${self.hasher.hash(md5_hex.lower())}"

    def verify(self, stored: str | None, password: str) -> tuple[bool, str | None]:
        """(ok, new_hash): new_hash is set when the stored hash should be replaced."""
        if not stored:
            self._burn(password)
            return False, None
        if stored.startswith(LEGACY_PREFIX):
            salt, _, wrapped = stored[len(LEGACY_PREFIX):].partition("$")
            digest = hashlib.md5((salt + password).encode(), usedforsecurity=False).hexdigest()
            if self._check(wrapped, digest):
                return True, self.hash(password)
            return False, None
        if self._check(stored, password):
            rehash = self.hasher.check_needs_rehash(stored)
            return True, self.hash(password) if rehash else None
        return False, None

    def burn(self, password: str) -> None:
        """Spend one verification's time for an unknown account."""
        self._burn(password)

    def _burn(self, password: str) -> None:
        self._check(self._dummy, password + "x")

    def _check(self, stored: str, password: str) -> bool:
        try:
            return self.hasher.verify(stored, password)
        except (VerificationError, InvalidHashError):
            return False
