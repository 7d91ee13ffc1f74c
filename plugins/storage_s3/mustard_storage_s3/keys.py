"""Key validation: the one gate between a key the core built and an object name in the bucket.

The core builds keys as `{tenant_id}/{kind}/{id}` from `[A-Za-z0-9._/-]`. S3 itself would accept
almost anything, so nothing there stops `../` or an empty segment from landing outside the
configured prefix (or confusing a later `keys()` listing); we refuse such keys with ValueError
before any request is made.
"""

from __future__ import annotations

import re

_KEY_CHARS = re.compile(r"[A-Za-z0-9._/-]+")
MAX_KEY_BYTES = 1024  # S3's limit for a whole object key, settings prefix included


def _check_segments(value: str, what: str, *, allow_trailing_slash: bool) -> None:
    if not _KEY_CHARS.fullmatch(value):
        raise ValueError(f"{what} may only use [A-Za-z0-9._/-]")
    if value.startswith("/"):
        raise ValueError(f"{what} must be relative")
    segments = value.split("/")
    if allow_trailing_slash and segments[-1] == "":
        segments = segments[:-1]
    for segment in segments:
        if segment in {"", ".", ".."}:
            raise ValueError(f"{what} has an empty, '.' or '..' segment")


def validate_key(key: str) -> str:
    """Return key unchanged if it is a safe object key, else raise ValueError."""
    if not isinstance(key, str) or not key:
        raise ValueError("storage key must be a non-empty string")
    _check_segments(key, "storage key", allow_trailing_slash=False)
    return key


def validate_prefix(prefix: str) -> str:
    """A listing prefix: like a key, but it may be empty or end with '/'."""
    if not isinstance(prefix, str):
        raise ValueError("storage prefix must be a string")
    if prefix:
        _check_segments(prefix, "storage prefix", allow_trailing_slash=True)
    return prefix


def join_key(root: str, key: str) -> str:
    """The object name for a key: `{settings prefix}{key}`, within S3's length limit."""
    object_key = f"{root}{key}"
    if len(object_key.encode()) > MAX_KEY_BYTES:
        raise ValueError(f"storage key longer than {MAX_KEY_BYTES} bytes with its prefix")
    return object_key
