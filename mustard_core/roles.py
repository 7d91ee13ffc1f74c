"""The four provider roles: the small interfaces a plugin implements to replace a built-in.

Each role is a `typing.Protocol`; `mustard_core.testing.conformance` holds the one test suite
every provider of a role must pass. Providers are built once per process by the factory their
plugin returns from the role's hook, given a `ProviderContext`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, BinaryIO, Protocol, runtime_checkable

from mustard_core.profile import ParsedCandidate

# --------------------------------------------------------------------------- shared values


@dataclass(frozen=True)
class TenantRef:
    """What a provider may know of a tenant: ids and its settings, never a database row."""

    id: str
    slug: str
    settings: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Health:
    ok: bool
    detail: str = ""


@dataclass
class ProviderContext:
    """Everything a provider factory may use: the validated settings and shared services."""

    settings: Mapping[str, Any]
    engine: Any = None  # SQLAlchemy engine, for built-in providers that keep tables
    credentials: Callable[[TenantRef, str], str | None] | None = None
    """Decrypt a tenant's integration credential by name (None when unset)."""
    metrics: Any = None
    plugin_manager: Any = None
    """The app's pluggy manager, for a provider that delegates (e.g. a parser's fallback)."""


# --------------------------------------------------------------------------- storage


class StorageNotFound(LookupError):
    """The one error every storage provider raises for a key that does not exist."""


class StorageError(RuntimeError):
    """The store failed (unreachable, refused); transient: the job retries."""


@dataclass(frozen=True)
class StoredObject:
    key: str
    size: int
    sha256: str
    content_type: str


@runtime_checkable
class Storage(Protocol):
    """Long-term storage of uploads and generated PDFs.

    Keys are built by the core (`{tenant_id}/{kind}/{id}`, only `[A-Za-z0-9._/-]`); a provider
    must refuse any other key (`ValueError`) rather than escape its root or bucket.
    """

    def put(self, key: str, data: bytes | BinaryIO, *, content_type: str,
            filename: str | None = None) -> StoredObject:
        """Store bytes under key (overwriting); checks the sha256 it reports."""

    def open(self, key: str) -> BinaryIO:
        """A readable binary stream; raises StorageNotFound."""

    def delete(self, key: str) -> None:
        """Remove the object; deleting a missing key is not an error (erasure retries)."""

    def exists(self, key: str) -> bool: ...

    def download_url(self, key: str, *, filename: str, content_type: str,
                     expires_seconds: int) -> str | None:
        """A short-lived URL the client may be redirected to, or None to stream via the API."""

    def keys(self, prefix: str) -> Iterable[str]:
        """Every key under prefix (for erasure checks and audits)."""

    def health(self) -> Health: ...


# --------------------------------------------------------------------------- search


@dataclass
class SearchRecord:
    """One candidate as the search engine sees it (built by the core from the row)."""

    id: str
    tenant_id: str
    name: str | None = None
    headline: str | None = None
    location: str | None = None
    email: str | None = None
    skills: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    companies: list[str] = field(default_factory=list)
    summary: str | None = None
    text: str = ""
    updated_at: datetime | None = None


@dataclass
class SynonymSet:
    id: str
    type: str  # "synonym" | "onewaysynonym"
    synonyms: list[str]
    input: str | None = None


@dataclass
class SearchQuery:
    q: str = ""
    skills: list[str] = field(default_factory=list)
    company: str | None = None
    title: str | None = None
    location: str | None = None
    page: int = 0
    per_page: int = 20


@dataclass
class SearchHit:
    id: str
    name: str | None
    headline: str | None
    skills: list[str]
    highlights: dict[str, str] = field(default_factory=dict)


@dataclass
class SearchResult:
    hits: list[SearchHit]
    total: int
    page: int
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    facets_exhaustive: bool = True
    """False when the facet counts were taken over a sample of the matches (an engine may bound
    that work for popular queries, as Algolia's `exhaustiveFacetsCount` says)."""


class SearchUnavailable(RuntimeError):
    """The engine cannot be reached now; index work stays pending and is retried."""


@runtime_checkable
class SearchEngine(Protocol):
    def index(self, tenant: TenantRef, records: list[SearchRecord]) -> None:
        """Add or replace these records (idempotent)."""

    def delete(self, tenant: TenantRef, ids: list[str]) -> None:
        """Remove these ids; missing ids are not an error."""

    def search(self, tenant: TenantRef, query: SearchQuery) -> SearchResult: ...

    def set_synonyms(self, tenant: TenantRef, synonyms: list[SynonymSet]) -> None:
        """Replace the tenant's synonyms with exactly these."""

    def reindex(self, tenant: TenantRef, records: Iterable[SearchRecord],
                synonyms: list[SynonymSet], progress: Callable[[int], None]) -> None:
        """Rebuild the tenant's index from a stream so that searches never see it half-built;
        calls progress(n_done) as it goes."""

    def clear(self, tenant: TenantRef) -> None:
        """Drop the tenant's whole index (tenant deletion, tests)."""

    def health(self) -> Health: ...


# --------------------------------------------------------------------------- parser


class ParseError(Exception):
    """The file cannot be parsed; `reason` is shown to the recruiter. Transient errors retry."""

    def __init__(self, reason: str, *, transient: bool = False):
        super().__init__(reason)
        self.reason = reason
        self.transient = transient


@runtime_checkable
class Parser(Protocol):
    def parse(self, data: bytes, *, media_type: str, filename: str,
              tenant: TenantRef) -> ParsedCandidate:
        """Parse one CV; raises ParseError with a readable reason."""

    def health(self) -> Health: ...


# --------------------------------------------------------------------------- metrics


@runtime_checkable
class Metrics(Protocol):
    """Counters, timings and gauges named by dotted paths; never blocks, never raises.

    Names never contain PII: the core builds them from route names, task names and outcomes.
    """

    def increment(self, name: str, value: int = 1) -> None: ...

    def timing(self, name: str, milliseconds: float) -> None: ...

    def gauge(self, name: str, value: float) -> None: ...

    def health(self) -> Health: ...


ROLE_PROTOCOLS: dict[str, type] = {
    "storage": Storage,
    "search": SearchEngine,
    "parser": Parser,
    "metrics": Metrics,
}
