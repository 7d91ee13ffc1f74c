"""The console's static files (CSS, one small script), served by the app under /admin/static.

URLs carry a hash of the files' content, so browsers may cache them for a long time and still
see a new version the moment it is deployed; no build step, no CDN.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from pyramid.config import Configurator
from pyramid.static import QueryStringConstantCacheBuster

STATIC_DIR = Path(__file__).parent / "static"
STATIC_SPEC = "mustard_admin:static/"


def content_token(folder: Path = STATIC_DIR) -> str:
    """A short hash of every static file's name and bytes."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(folder).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def includeme(config: Configurator) -> None:
    config.add_static_view(name="admin/static", path=STATIC_SPEC, cache_max_age=86400)
    config.add_cache_buster(STATIC_SPEC, QueryStringConstantCacheBuster(content_token()))
