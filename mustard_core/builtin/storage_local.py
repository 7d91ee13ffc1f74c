"""Local filesystem storage: the embedded default's long-term store.

Writes are atomic (a temporary file in the same folder, fsynced, then renamed) so a crash never
leaves half a CV under a real key, and every key is checked before it becomes a path.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from mustard_core import hookimpl
from mustard_core.roles import Health, ProviderContext, StorageNotFound, StoredObject

KEY_PATTERN = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9._-]*(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$")
CHUNK = 1024 * 1024


def check_key(key: str) -> str:
    """Refuse any key that is not a plain relative path of safe segments."""
    if not isinstance(key, str) or not KEY_PATTERN.match(key) or len(key) > 512:
        raise ValueError(f"invalid storage key {key!r}")
    if any(part in {".", ".."} for part in key.split("/")):
        raise ValueError(f"invalid storage key {key!r}")
    return key


class LocalStorage:
    def __init__(self, root: str | os.PathLike):
        self.root = Path(root).resolve()
        self.root.mkdir(parents=True, exist_ok=True)

    def _path(self, key: str) -> Path:
        path = (self.root / check_key(key)).resolve()
        if self.root not in path.parents:
            raise ValueError(f"invalid storage key {key!r}")
        return path

    def put(self, key: str, data: bytes | BinaryIO, *, content_type: str,
            filename: str | None = None) -> StoredObject:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        size = 0
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as out:
                for chunk in _chunks(data):
                    digest.update(chunk)
                    size += len(chunk)
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return StoredObject(key=key, size=size, sha256=digest.hexdigest(),
                            content_type=content_type)

    def open(self, key: str) -> BinaryIO:
        path = self._path(key)
        try:
            return path.open("rb")
        except FileNotFoundError:
            raise StorageNotFound(key) from None

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def download_url(self, key: str, *, filename: str, content_type: str,
                     expires_seconds: int) -> str | None:
        return None  # the API streams local files itself

    def keys(self, prefix: str) -> Iterator[str]:
        for path in sorted(self.root.rglob("*")):
            if path.is_file() and not path.name.startswith(".tmp-"):
                key = path.relative_to(self.root).as_posix()
                if key.startswith(prefix):
                    yield key

    def health(self) -> Health:
        ok = os.access(self.root, os.W_OK)
        return Health(ok, "" if ok else f"{self.root} is not writable")


def _chunks(data: bytes | BinaryIO) -> Iterator[bytes]:
    if isinstance(data, bytes | bytearray | memoryview):
        yield bytes(data)
        return
    while chunk := data.read(CHUNK):
        yield chunk


@hookimpl
def mustard_storage_providers():
    return {"local": lambda ctx: LocalStorage(_root(ctx))}


def _root(ctx: ProviderContext) -> str:
    return ctx.settings.get("mustard.storage.local.root") or "var/files"
