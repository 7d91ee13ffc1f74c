"""The only resources a resume may load: the package's own assets and images the renderer embeds.

WeasyPrint fetches every URL a document names (images, stylesheets, @import, fonts, SVG
references, attachments) through one URL fetcher. Ours answers from memory and refuses everything
else, so neither a tenant template nor candidate text can make the renderer read a local file or
reach the network (SSRF). The package's assets are addressed under a reserved `.invalid` origin
that no resolver answers, so relative URLs in templates resolve to it and nowhere else.
"""

from __future__ import annotations

import base64
import hashlib
import logging
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse

log = logging.getLogger(__name__)

PACKAGE_DIR = Path(__file__).resolve().parent
ASSET_ORIGIN = "https://assets.mustard.invalid/"
TEMPLATES_URL = f"{ASSET_ORIGIN}templates/"
FONTS_URL = f"{ASSET_ORIGIN}fonts/"

# What may be served, by extension; HTML templates are rendered, never fetched.
_MEDIA_TYPES = {
    ".css": "text/css",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".svg": "image/svg+xml",
}


class RefusedURL(ValueError):
    """A document asked for a resource outside the renderer's allowlist."""


class AssetStore:
    """The package's servable files, listed at start-up and read from disk once.

    Stylesheets and images are kept in memory. Font files are not: Fontconfig keeps its own
    copy once the renderer has registered them, which happens once per process. `reads` counts
    disk reads, so a test can observe that renders reuse what was loaded.
    """

    def __init__(self, root: Path = PACKAGE_DIR) -> None:
        self.reads = 0
        self._paths: dict[str, Path] = {}
        self._cache: dict[str, bytes] = {}
        for folder in ("templates", "fonts"):
            for path in sorted((root / folder).rglob("*")):
                if path.is_file() and path.suffix.lower() in _MEDIA_TYPES:
                    self._paths[path.relative_to(root).as_posix()] = path
        for name in self._paths:
            if not name.startswith("fonts/"):
                self.get(name)

    def names(self) -> list[str]:
        return sorted(self._paths)

    def get(self, name: str) -> tuple[bytes, str] | None:
        """The bytes and media type of one listed asset, or None when it is not listed."""
        path = self._paths.get(name)
        if path is None:
            return None
        data = self._cache.get(name)
        if data is None:
            data = path.read_bytes()
            self.reads += 1
            if not name.startswith("fonts/"):
                self._cache[name] = data
        return data, _MEDIA_TYPES[path.suffix.lower()]


@dataclass
class EmbeddedImages:
    """Images the renderer itself turns into data: URIs for one render (logo, photo).

    Only URIs made here are served back; a data: URI written into a tenant template is refused
    like any other foreign URL.
    """

    _images: dict[str, tuple[bytes, str]] = field(default_factory=dict)

    def data_uri(self, data: bytes, media_type: str) -> str:
        uri = f"data:{media_type};base64,{base64.b64encode(data).decode('ascii')}"
        self._images[_digest(uri)] = (data, media_type)
        return uri

    def get(self, uri: str) -> tuple[bytes, str] | None:
        return self._images.get(_digest(uri))


def _digest(uri: str) -> str:
    return hashlib.sha256(uri.encode("utf-8", "surrogatepass")).hexdigest()


class AssetFetcher(URLFetcher):
    """A WeasyPrint URL fetcher that serves the allowlist from memory and refuses the rest.

    Font files are served only when `fonts=True`: the renderer registers the bundled fonts once,
    in a font configuration every render shares, so a document's own @font-face rules must not
    add to it (one tenant's template would otherwise change another tenant's resumes). The
    bundled families stay usable by name. `refused` lists what was refused (scheme and host
    only), for tests and diagnostics.
    """

    def __init__(self, assets: AssetStore, images: EmbeddedImages | None = None, *,
                 fonts: bool = False) -> None:
        # No protocol is allowed to the inherited urllib machinery: fetch() below never uses it.
        super().__init__(allowed_protocols=())
        self._assets = assets
        self._images = images or EmbeddedImages()
        self._fonts = fonts
        self.refused: list[str] = []
        self.font_fetches = 0

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        found = None
        if url.startswith("data:"):
            found = self._images.get(url)
        elif url.startswith(ASSET_ORIGIN):
            name = urlsplit(url).path.lstrip("/")
            is_font = name.startswith("fonts/")
            if self._fonts or not is_font:
                found = self._assets.get(name)
            if found is not None and is_font:
                self.font_fetches += 1
        if found is None:
            self.refused.append(_describe(url))
            log.warning("resume renderer refused to fetch %s", _describe(url))
            raise RefusedURL(f"resource not allowed in resumes: {_describe(url)}")
        data, media_type = found
        return URLFetcherResponse(url, body=data, headers={"Content-Type": media_type})


def _describe(url: str) -> str:
    """Scheme and host only: enough to diagnose, without paths that may carry personal data."""
    if url.startswith("data:"):
        return "data: URI"
    try:
        parts = urlsplit(url)
    except ValueError:
        return "malformed URL"
    return f"{parts.scheme}://{parts.hostname or ''}" if parts.scheme else "relative URL"
