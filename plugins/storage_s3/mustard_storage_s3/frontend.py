"""Deploying the built Angular bundle to S3: a pure plan, then a thin upload loop.

The bundle is served by a CDN. Files whose name carries a content hash never change under that
name, so they are cached for a year (`immutable`); everything else (index.html, favicon.ico,
manifest.webmanifest, 3rdpartylicenses.txt, ngsw.json, files copied from `assets/`) must be
revalidated on every use (`no-cache`). Order matters: the hashed assets go up first, then the
other files, and the HTML pages last, root `index.html` at the very end, so no browser is ever
handed a page that names assets that are not there yet. An upload error stops the loop before
the HTML, leaving the old page in place. Old assets are never deleted (open tabs still use them).
"""

from __future__ import annotations

import mimetypes
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

IMMUTABLE = "public, max-age=31536000, immutable"
NO_CACHE = "no-cache"

HASHED_NAME = re.compile(
    r"""
    [.-]                         # the hash follows a dot (webpack) or a dash (esbuild)
    (?: [0-9a-f]{16,32}          # webpack builder: main.3f2a1b9c4d5e6f70.js
      | [0-9a-f]{8}              # short lowercase hex: styles.abcdef12.css
      | [A-Z2-7]{8} )            # esbuild builder, base32: chunk-2XJVAMHT.js, main-OUUFGKKL.js
    (?: \.[A-Za-z0-9]+ )+ $      # then the extension(s): .js, .css, .js.map, .woff2
    """,
    re.VERBOSE,
)
"""Decides "content-hashed" from a file's base name.

Only Angular's hash shapes count (16-32 lowercase hex, 8 lowercase hex, or 8 upper-case base32
characters, after `.` or `-`, right before the extension), so a plain name such as
`manifest.webmanifest` or `site.manifest.json` never qualifies. A name wrongly judged hashed would
be cached for a year, a hashed one judged plain only costs a revalidation: when in doubt, plain.
`index.html` and other `.html` pages are never treated as hashed.
"""

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".ttf": "font/ttf",
    ".webmanifest": "application/manifest+json",
    ".json": "application/json",
    ".map": "application/json",
    ".txt": "text/plain; charset=utf-8",
    ".ico": "image/x-icon",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".webp": "image/webp",
    ".wasm": "application/wasm",
}
"""Explicit types for what a bundle holds; the system's mimetypes table differs by machine."""

DEFAULT_CONTENT_TYPE = "application/octet-stream"


@dataclass(frozen=True)
class PlannedUpload:
    order: int
    path: str  # relative to the bundle folder, '/'-separated
    key: str
    content_type: str
    cache_control: str


def is_hashed(path: str) -> bool:
    name = PurePosixPath(path).name
    return not name.endswith(".html") and HASHED_NAME.search(name) is not None


def content_type_for(path: str) -> str:
    suffix = PurePosixPath(path).suffix.lower()
    if suffix in CONTENT_TYPES:
        return CONTENT_TYPES[suffix]
    guessed, _ = mimetypes.guess_type(path, strict=False)
    return guessed or DEFAULT_CONTENT_TYPE


def normalise_prefix(prefix: str) -> str:
    """'' or 'some/path/' (a trailing slash added); refuses '..' and other odd segments."""
    cleaned = prefix.strip().strip("/")
    if not cleaned:
        return ""
    if any(part in {"", ".", ".."} for part in cleaned.split("/")):
        raise ValueError(f"bad key prefix {prefix!r}")
    return cleaned + "/"


def _phase(path: str) -> int:
    """0 hashed assets, 1 other files, 2 HTML pages, 3 the root index.html."""
    if path == "index.html":
        return 3
    if path.endswith(".html"):
        return 2
    return 0 if is_hashed(path) else 1


def plan_deploy(paths: Iterable[str], prefix: str = "") -> list[PlannedUpload]:
    """The upload plan for the bundle's files (relative paths): keys, headers and order."""
    key_prefix = normalise_prefix(prefix)
    ordered = sorted(set(paths), key=lambda path: (_phase(path), path))
    return [
        PlannedUpload(
            order=number,
            path=path,
            key=key_prefix + path,
            content_type=content_type_for(path),
            cache_control=IMMUTABLE if is_hashed(path) else NO_CACHE,
        )
        for number, path in enumerate(ordered, start=1)
    ]


def list_files(dist: Path) -> list[str]:
    """The bundle's files as '/'-separated relative paths; hidden files (.DS_Store, .git) are
    not part of a build and are left out."""
    files = []
    for path in sorted(dist.rglob("*")):
        relative = path.relative_to(dist)
        if path.is_file() and not any(part.startswith(".") for part in relative.parts):
            files.append(relative.as_posix())
    return files


def format_plan(plan: list[PlannedUpload], bucket: str) -> list[str]:
    """One printable line per upload, in upload order."""
    return [
        f"{item.order:>4}  {item.cache_control:<36}  {item.content_type:<32}  "
        f"{item.path} -> s3://{bucket}/{item.key}"
        for item in plan
    ]


def deploy(client: Any, bucket: str, dist: Path, plan: list[PlannedUpload],
           on_upload: Callable[[PlannedUpload], None] | None = None) -> None:
    """Upload in plan order; the first failure raises and stops before the HTML goes up.

    Objects are SSE-S3 encrypted (AES256), which a CDN reads transparently, unlike SSE-KMS.
    """
    for item in plan:
        client.upload_file(
            str(dist / item.path), bucket, item.key,
            ExtraArgs={
                "ContentType": item.content_type,
                "CacheControl": item.cache_control,
                "ServerSideEncryption": "AES256",
            },
        )
        if on_upload is not None:
            on_upload(item)
