"""The REST API's response cache: read endpoints answered from Redis (or this process's memory).

Why it is built this way:
- Scoped keys. An entry's key holds the tenant id, the caller's role, the route, its path and
  query parameters. Views check permissions before they look (Pyramid's `permission=` runs
  first), so an entry is only ever read by someone allowed to read it, in its own tenant.
- Invalidation without scans. Every cached response depends on named resources of its tenant
  (`candidates`, `candidate:<id>`, `search`, `synonyms`, `templates`). Each resource has a
  generation token in the cache and the tokens are part of the entry's key; a write replaces the
  token once its transaction commits, so older entries are never looked up again and expire by
  their TTL. Tokens are random rather than counters: a generation key that Redis evicts (or a
  process restart for the in-process store) gives a new token that matches no older entry.
- Degraded, never broken. A Redis error is logged (without keys or data), counted as
  `cache.error`, and the request is answered from the database. For a few seconds afterwards the
  cache is not tried at all (so a dead Redis costs one timeout, not one per request), and
  invalidations that could not be sent are replayed before the cache is read again.
- ETags. An entry stores its ETag beside its body, so `If-None-Match` is answered 304 from the
  entry without rendering anything.

The embedded default (no `redis.url`) uses `MemoryStore`, which has the same interface; it is
right there because the web server and the in-process job runner share one process.
"""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import redis
from pyramid.request import Request
from pyramid.response import Response
from sqlalchemy import event
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

DEFAULT_TTL = 300
"""Seconds an entry lives unless `mustard.cache.ttl_seconds` says otherwise; bounds staleness if
an invalidation is ever lost (Redis outage)."""
TOKEN_TTL = 7 * 24 * 3600
"""Seconds a generation token lives; when it lapses the next reader makes a new one (a miss)."""
RETRY_AFTER_ERROR = 5.0
"""Seconds the cache is left alone after a store error."""
MAX_ENTRY_BYTES = 1024 * 1024
"""Larger responses are not cached (they would crowd out everything else)."""
MAX_UNSENT = 10_000


# --------------------------------------------------------------------------- stores


class Store(Protocol):
    """Where entries and generation tokens live. Both implementations raise on failure; the
    ResponseCache turns failures into degraded answers."""

    def get(self, key: str) -> bytes | None: ...

    def set(self, key: str, value: bytes, ttl: int) -> None: ...

    def tokens(self, keys: Sequence[str], ttl: int) -> list[str]:
        """The current token of each generation key, making one where there is none."""
        ...

    def replace_tokens(self, keys: Sequence[str], ttl: int) -> None:
        """Give each generation key a new token (the invalidation)."""
        ...

    def delete_containing(self, prefix: str, needle: bytes) -> int:
        """Delete the entries under `prefix` whose value contains `needle` (erasure)."""
        ...


def new_token() -> str:
    return secrets.token_hex(8)


class RedisStore:
    """Entries as plain strings with EX; tokens read (or created with SET NX) in one pipeline."""

    def __init__(self, client: redis.Redis):
        self.client = client

    def get(self, key: str) -> bytes | None:
        return self.client.get(key)

    def set(self, key: str, value: bytes, ttl: int) -> None:
        self.client.set(key, value, ex=ttl)

    def tokens(self, keys: Sequence[str], ttl: int) -> list[str]:
        pipe = self.client.pipeline(transaction=False)
        for key in keys:
            pipe.set(key, new_token(), nx=True, ex=ttl)
            pipe.get(key)
        replies = pipe.execute()
        return [(value or b"").decode() for value in replies[1::2]]

    def replace_tokens(self, keys: Sequence[str], ttl: int) -> None:
        pipe = self.client.pipeline(transaction=False)
        for key in keys:
            pipe.set(key, new_token(), ex=ttl)
        pipe.execute()

    def delete_containing(self, prefix: str, needle: bytes) -> int:
        removed = 0
        for key in self.client.scan_iter(match=f"{prefix}*", count=500):
            value = self.client.get(key)
            if value is not None and needle in value:
                removed += self.client.delete(key)
        return removed


class MemoryStore:
    """An LRU dict with expiry and a byte budget, for one process. Tokens live in it too: an
    evicted token is replaced by a new one, which only costs misses."""

    def __init__(self, max_bytes: int = 64 * 1024 * 1024,
                 clock: Callable[[], float] = time.monotonic):
        self.max_bytes = max_bytes
        self.clock = clock
        self._items: OrderedDict[str, tuple[float, bytes]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self._lock:
            return self._get(key)

    def set(self, key: str, value: bytes, ttl: int) -> None:
        with self._lock:
            self._set(key, value, ttl)

    def tokens(self, keys: Sequence[str], ttl: int) -> list[str]:
        with self._lock:
            found = []
            for key in keys:
                value = self._get(key)
                if value is None:
                    value = new_token().encode()
                    self._set(key, value, ttl)
                found.append(value.decode())
            return found

    def replace_tokens(self, keys: Sequence[str], ttl: int) -> None:
        with self._lock:
            for key in keys:
                self._set(key, new_token().encode(), ttl)

    def delete_containing(self, prefix: str, needle: bytes) -> int:
        with self._lock:
            doomed = [key for key, (_expires, value) in self._items.items()
                      if key.startswith(prefix) and needle in value]
            for key in doomed:
                self._drop(key)
            return len(doomed)

    def _get(self, key: str) -> bytes | None:
        item = self._items.get(key)
        if item is None:
            return None
        expires, value = item
        if expires <= self.clock():
            self._drop(key)
            return None
        self._items.move_to_end(key)
        return value

    def _set(self, key: str, value: bytes, ttl: int) -> None:
        self._drop(key)
        self._items[key] = (self.clock() + ttl, value)
        self._bytes += len(key) + len(value)
        while self._bytes > self.max_bytes and self._items:
            self._drop(next(iter(self._items)))

    def _drop(self, key: str) -> None:
        item = self._items.pop(key, None)
        if item is not None:
            self._bytes -= len(key) + len(item[1])


# --------------------------------------------------------------------------- the cache


@dataclass(frozen=True)
class Entry:
    etag: str
    body: bytes

    def pack(self) -> bytes:
        return self.etag.encode() + b"\n" + self.body

    @classmethod
    def unpack(cls, value: bytes) -> Entry:
        etag, _, body = value.partition(b"\n")
        return cls(etag.decode(), body)


_FAILED = object()


class ResponseCache:
    """Scoped keys, generation tokens, metrics and degraded mode over a Store.

    `hits`, `misses` and `errors` count what this process saw (the same events go to the
    platform's metrics as cache.hit / cache.miss / cache.error); ops and tests read them.
    """

    def __init__(self, store: Store, *, metrics: Any, prefix: str = "mustard:cache:",
                 ttl: int = DEFAULT_TTL, clock: Callable[[], float] = time.monotonic):
        self.store = store
        self.metrics = metrics
        self.prefix = prefix
        self.ttl = ttl
        self.clock = clock
        self.hits = self.misses = self.errors = 0
        self._retry_at = 0.0
        self._unsent: set[str] = set()
        self._lock = threading.Lock()

    # ----------------------------------------------------------------- keys
    def generation_key(self, tenant_id: str, resource: str) -> str:
        return f"{self.prefix}gen:{tenant_id}:{resource}"

    def entry_key(self, tenant_id: str, role: str, route: str, params: Any,
                  resources: Sequence[str]) -> str | None:
        """The key of the entry for these parameters under the resources' current tokens, or
        None when the cache is unavailable."""
        keys = [self.generation_key(tenant_id, resource) for resource in resources]
        tokens = self._call(self.store.tokens, keys, TOKEN_TTL)
        if tokens is _FAILED:
            return None
        digest = hashlib.sha256(json.dumps([params, tokens], sort_keys=True,
                                           default=str).encode()).hexdigest()[:40]
        return f"{self.prefix}e:{tenant_id}:{role}:{route}:{digest}"

    # ----------------------------------------------------------------- entries
    def get(self, key: str) -> Entry | None:
        value = self._call(self.store.get, key)
        if value is _FAILED:
            return None
        if value is None:
            self.misses += 1
            self.metrics.increment("cache.miss")
            return None
        self.hits += 1
        self.metrics.increment("cache.hit")
        return Entry.unpack(value)

    def purge_mentions(self, tenant_id: str, needle: str) -> int:
        """Delete the tenant's entries that contain `needle` (an erased candidate's id), so no
        copy of erased data waits for its TTL; invalidation alone only makes them unreachable.
        A scan: fine for erasures, which are rare. Raises on a store failure (the caller
        retries), unlike the request path's degraded answers."""
        return self.store.delete_containing(f"{self.prefix}e:{tenant_id}:", needle.encode())

    def put(self, key: str, entry: Entry) -> None:
        value = entry.pack()
        if len(value) <= MAX_ENTRY_BYTES:
            self._call(self.store.set, key, value, self.ttl)

    # ----------------------------------------------------------------- invalidation
    def invalidate(self, tenant_id: str, *resources: str) -> None:
        """New tokens for these resources now; kept and replayed if the store is down."""
        keys = [self.generation_key(tenant_id, resource) for resource in resources]
        if self._call(self.store.replace_tokens, keys, TOKEN_TTL) is _FAILED:
            with self._lock:
                if len(self._unsent) + len(keys) > MAX_UNSENT:
                    log.error("API cache: too many invalidations waiting for the store; "
                              "dropping some (entries expire within %ss)", self.ttl)
                    self._unsent.clear()
                self._unsent.update(keys)

    # ----------------------------------------------------------------- degraded mode
    @property
    def degraded(self) -> bool:
        return self.clock() < self._retry_at

    def _call(self, operation: Callable[..., Any], *args: Any) -> Any:
        if self.degraded:
            self.metrics.increment("cache.bypass")
            return _FAILED
        try:
            self._replay_unsent()
            return operation(*args)
        except Exception as exc:  # any store failure degrades; the database answers instead
            self._failed(exc)
            return _FAILED

    def _replay_unsent(self) -> None:
        """Invalidations that failed earlier go first, so no stale entry is read after an
        outage this process knows about."""
        if not self._unsent:
            return
        with self._lock:
            keys, self._unsent = list(self._unsent), set()
        try:
            self.store.replace_tokens(keys, TOKEN_TTL)
        except Exception:
            with self._lock:
                self._unsent.update(keys)
            raise

    def _failed(self, exc: Exception) -> None:
        self.errors += 1
        self.metrics.increment("cache.error")
        if not self.degraded:
            log.warning("API cache unavailable (%s); answering from the database for %ss",
                        type(exc).__name__, RETRY_AFTER_ERROR)
        self._retry_at = self.clock() + RETRY_AFTER_ERROR


# --------------------------------------------------------------------------- building

_build_lock = threading.Lock()


def build_cache(platform: Any) -> ResponseCache:
    """Redis when `redis.url` is set (shared by every API container and worker), else memory.

    The cache has its own Redis client with short timeouts: a slow cache must cost a request
    little more than no cache at all.
    """
    settings = platform.settings
    prefix = f"{settings.get('celery.queue') or 'mustard'}:cache:"
    if settings.get("redis.url"):
        client = redis.Redis.from_url(settings["redis.url"], socket_timeout=0.5,
                                      socket_connect_timeout=0.5)
        store: Store = RedisStore(client)
    else:
        store = MemoryStore()
    return ResponseCache(store, metrics=platform.metrics, prefix=prefix,
                         ttl=settings.get("mustard.cache.ttl_seconds", DEFAULT_TTL))


def cache_for(platform: Any) -> ResponseCache:
    """The platform's cache, built on first use and kept in `platform.extras["cache"]`."""
    cache = platform.extras.get("cache")
    if cache is None:
        with _build_lock:
            cache = platform.extras.get("cache")
            if cache is None:
                cache = platform.extras["cache"] = build_cache(platform)
    return cache


# --------------------------------------------------------------------------- invalidating

_PENDING = "mustard.cache.pending"


def invalidate_after_commit(session: Session, tenant_id: str, *resources: str) -> None:
    """Invalidate these resources once the session's transaction commits.

    Not before: a reader between the invalidation and the commit would cache the old rows under
    the new token. Not at all if the transaction rolls back (nothing changed).
    """
    pending = session.info.get(_PENDING)
    if pending is None:
        pending = session.info[_PENDING] = set()
        event.listen(session, "after_commit", _after_commit)
        event.listen(session, "after_soft_rollback", _after_rollback)
    pending.update((tenant_id, resource) for resource in resources)


def _after_commit(session: Session) -> None:
    pending = session.info.get(_PENDING)
    platform = session.info.get("mustard.platform")
    if not pending or platform is None:
        return
    by_tenant: dict[str, list[str]] = {}
    for tenant_id, resource in pending:
        by_tenant.setdefault(tenant_id, []).append(resource)
    pending.clear()
    cache = cache_for(platform)
    for tenant_id, resources in by_tenant.items():
        cache.invalidate(tenant_id, *resources)


def _after_rollback(session: Session, previous_transaction: Any) -> None:
    pending = session.info.get(_PENDING)
    if pending:
        pending.clear()


def candidate_resources(candidate_id: str) -> tuple[str, ...]:
    """What a change to one candidate makes stale: lists, that candidate, search results."""
    return ("candidates", f"candidate:{candidate_id}", "search")


def candidate_changed(session: Session, tenant_id: str, candidate_id: str) -> None:
    """A candidate was created, changed or erased in this session's transaction."""
    invalidate_after_commit(session, tenant_id, *candidate_resources(candidate_id))


def search_changed(platform: Any, tenant_id: str) -> None:
    """The tenant's search index changed (an index, erase, reindex or synonyms job): now,
    because the index is outside the job's transaction."""
    cache_for(platform).invalidate(tenant_id, "search")


# --------------------------------------------------------------------------- views


def cached_json(request: Request, resources: Sequence[str], render: Callable[[], Any], *,
                etag: Callable[[], str] | None = None) -> Response:
    """Answer a read from the cache, or render it (and keep it); 304 when `If-None-Match`
    matches, without rendering.

    `render` returns the JSON-able body; `etag`, if given, is called after `render` for a
    domain ETag (a candidate's id and version, which If-Match on PATCH compares); otherwise the
    ETag is a digest of the body. Call it only after the view's permission was checked, which
    Pyramid does before the view runs.
    """
    tenant, user = request.tenant, request.user
    cache = cache_for(request.platform)
    key = None
    if tenant is not None and user is not None:
        key = cache.entry_key(tenant.id, str(user.role.value), request.matched_route.name,
                              _params(request), resources)
    entry = cache.get(key) if key is not None else None
    state = "hit" if entry is not None else ("miss" if key is not None else "off")
    if entry is None:
        body = json.dumps(render()).encode()
        tag = etag() if etag is not None else content_etag(body)
        entry = Entry(tag, body)
        if key is not None:
            cache.put(key, entry)
    headers = {"ETag": entry.etag, "Cache-Control": "private, no-cache",
               "X-Mustard-Cache": state}
    if matches(request.headers.get("If-None-Match"), entry.etag):
        return Response(status=304, headers=headers)
    response = Response(body=entry.body, content_type="application/json", charset="utf-8")
    response.headers.update(headers)
    return response


def content_etag(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def matches(header: str | None, etag: str) -> bool:
    """If-None-Match semantics: weak comparison, `*` matches any current representation."""
    if not header:
        return False
    tags = {tag.strip().removeprefix("W/") for tag in header.split(",")}
    return "*" in tags or etag.removeprefix("W/") in tags


def _params(request: Request) -> list[Any]:
    return [sorted(request.matchdict.items()) if request.matchdict else [],
            sorted(request.GET.items())]
