"""The Algolia search engine: one index per client database, `{prefix}_{slug}_candidates`.

Every write waits for its Algolia task to be published before returning, because the core
treats a returned `index`/`delete` as done (an erased candidate must stop being found, a
recruiter expects to find the CV they just uploaded). Tasks of one index publish in order, so
a call waits only for its last task.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import secrets
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from mustard_algolia import filters
from mustard_algolia.gateway import AlgoliaError, Gateway, IndexNotFound
from mustard_algolia.options import AlgoliaOptions
from mustard_algolia.records import build_record, index_settings, record_size, selected_fields
from mustard_core.roles import (
    Health,
    SearchHit,
    SearchQuery,
    SearchRecord,
    SearchResult,
    SearchUnavailable,
    SynonymSet,
    TenantRef,
)

log = logging.getLogger(__name__)

SETTINGS_REFRESH_SECONDS = 600  # re-push settings now and then: another process may drop an index
MAX_BATCH_BYTES = 9_000_000  # Algolia refuses batch requests over 10 MB


def index_name(prefix: str, slug: str) -> str:
    """`{prefix}_{slug}_candidates`, with anything but [A-Za-z0-9_-] in the slug replaced,
    so a name is always safe inside a secured key's comma-separated `restrictIndices`."""
    safe_slug = re.sub(r"[^A-Za-z0-9_-]", "-", slug)
    return f"{prefix}_{safe_slug}_candidates"


def synonym_objects(synonyms: Iterable[SynonymSet]) -> list[dict[str, Any]]:
    objects = []
    for synonym in synonyms:
        obj: dict[str, Any] = {"objectID": synonym.id, "type": synonym.type,
                               "synonyms": list(synonym.synonyms)}
        if synonym.type == "onewaysynonym":
            obj["input"] = synonym.input
        objects.append(obj)
    return objects


def batches(objects: Iterable[dict[str, Any]], size: int,
            max_bytes: int = MAX_BATCH_BYTES) -> Iterator[list[dict[str, Any]]]:
    """Consecutive lists of at most `size` objects and about `max_bytes` of JSON, pulling
    objects from the iterable only as each list fills."""
    batch: list[dict[str, Any]] = []
    used = 0
    for obj in objects:
        weight = record_size(obj) + 40  # + the {"action": ..., "body": ...} around it
        if batch and used + weight > max_bytes:
            yield batch
            batch, used = [], 0
        batch.append(obj)
        used += weight
        if len(batch) == size:
            yield batch
            batch, used = [], 0
    if batch:
        yield batch


class AlgoliaSearch:
    """The `SearchEngine` role on Algolia (mustard_core.roles)."""

    def __init__(self, options: AlgoliaOptions, metrics: Any = None,
                 sleep: Callable[[float], None] = time.sleep):
        self.options = options
        self.gateway = Gateway(options, metrics=metrics, sleep=sleep)
        self._configured: dict[str, tuple[str, float]] = {}
        self._lock = threading.Lock()

    # ------------------------------------------------------------------ naming and settings

    def index_name(self, tenant: TenantRef) -> str:
        return index_name(self.options.index_prefix, tenant.slug)

    def _push_settings(self, index: str, settings: dict[str, Any]) -> int:
        response = self.gateway.call("set settings", lambda c: c.set_settings(
            index_name=index, index_settings=settings))
        return response.task_id

    def _ensure_settings(self, tenant: TenantRef, index: str) -> None:
        """Push the tenant's index settings once per process (and when they change)."""
        settings = index_settings(tenant)
        with self._lock:
            known = self._configured.get(index)
        fresh = known and time.monotonic() - known[1] < SETTINGS_REFRESH_SECONDS
        if fresh and known[0] == _fingerprint(settings):
            return
        self.gateway.wait(index, self._push_settings(index, settings))
        self._remember(index, settings)

    def _remember(self, index: str, settings: dict[str, Any]) -> None:
        with self._lock:
            self._configured[index] = (_fingerprint(settings), time.monotonic())

    def _forget(self, index: str) -> None:
        with self._lock:
            self._configured.pop(index, None)

    # ------------------------------------------------------------------ writes

    def _send(self, index: str, action: str, objects: Iterable[dict[str, Any]],
              after_batch: Callable[[int], None] | None = None) -> int | None:
        """Send objects in batches of at most batch_size; returns the last task id."""
        task_id = None
        for batch in batches(objects, self.options.batch_size):
            requests = [{"action": action, "body": obj} for obj in batch]
            response = self.gateway.call("batch", lambda c, r=requests: c.batch(
                index_name=index, batch_write_params={"requests": r}))
            task_id = response.task_id
            if after_batch is not None:
                after_batch(len(batch))
        return task_id

    def _objects(self, tenant: TenantRef,
                 records: Iterable[SearchRecord]) -> Iterator[dict[str, Any]]:
        fields = selected_fields(tenant)
        for record in records:
            yield build_record(record, fields, self.options.max_record_bytes)

    def index(self, tenant: TenantRef, records: list[SearchRecord]) -> None:
        if not records:
            return
        index = self.index_name(tenant)
        self._ensure_settings(tenant, index)
        # partialUpdateObject creates missing records and replaces every attribute we send
        # (all of them, null when not selected), so it is idempotent.
        task_id = self._send(index, "partialUpdateObject", self._objects(tenant, records))
        self.gateway.wait(index, task_id)

    def delete(self, tenant: TenantRef, ids: list[str]) -> None:
        if not ids:
            return
        index = self.index_name(tenant)
        task_id = self._send(index, "deleteObject", ({"objectID": i} for i in ids))
        self.gateway.wait(index, task_id)

    def set_synonyms(self, tenant: TenantRef, synonyms: list[SynonymSet]) -> None:
        index = self.index_name(tenant)
        self._ensure_settings(tenant, index)
        self.gateway.wait(index, self._replace_synonyms(index, synonyms))

    def _replace_synonyms(self, index: str, synonyms: list[SynonymSet]) -> int:
        objects = synonym_objects(synonyms)
        if not objects:
            response = self.gateway.call("clear synonyms", lambda c: c.clear_synonyms(
                index_name=index))
        else:
            response = self.gateway.call("save synonyms", lambda c: c.save_synonyms(
                index_name=index, synonym_hit=objects, replace_existing_synonyms=True))
        return response.task_id

    def reindex(self, tenant: TenantRef, records: Iterable[SearchRecord],
                synonyms: list[SynonymSet], progress: Callable[[int], None]) -> None:
        """Build `{index}_tmp_{random}` from the stream, then move it over the live index.

        Searches keep using the old index until the move, which Algolia applies atomically.
        Only one batch of records is held at a time. On failure the temporary index is
        deleted and the error re-raised (the live index is untouched).
        """
        live = self.index_name(tenant)
        temporary = f"{live}_tmp_{secrets.token_hex(4)}"
        settings = index_settings(tenant)
        done = 0

        def advanced(count: int) -> None:
            nonlocal done
            done += count
            progress(done)

        try:
            self._push_settings(temporary, settings)
            self._send(temporary, "addObject", self._objects(tenant, records), advanced)
            last_task = self._replace_synonyms(temporary, synonyms)
            self.gateway.wait(temporary, last_task)
            moved = self.gateway.call("move index", lambda c: c.operation_index(
                index_name=temporary,
                operation_index_params={"operation": "move", "destination": live}))
            self.gateway.wait(live, moved.task_id)
        except BaseException:
            self._drop_quietly(temporary)
            raise
        if done == 0:
            progress(0)
        self._remember(live, settings)  # the move brought the temporary index's settings

    def _drop_quietly(self, index: str) -> None:
        try:
            self.gateway.call("delete index", lambda c: c.delete_index(index_name=index),
                              retries=0)
        except Exception:
            log.warning("could not delete temporary index %s; delete it by hand", index,
                        exc_info=True)

    def clear(self, tenant: TenantRef) -> None:
        index = self.index_name(tenant)
        self._forget(index)
        try:
            response = self.gateway.call("delete index", lambda c: c.delete_index(
                index_name=index))
        except IndexNotFound:
            return
        self.gateway.wait(index, response.task_id)

    # ------------------------------------------------------------------ reads

    def search(self, tenant: TenantRef, query: SearchQuery) -> SearchResult:
        index = self.index_name(tenant)
        params = filters.search_params(query)
        try:
            response = self.gateway.call("search", lambda c: c.search_single_index(
                index_name=index, search_params=params))
        except IndexNotFound:  # nothing indexed yet for this tenant
            return SearchResult(hits=[], total=0, page=params["page"], facets={})
        hits = [_hit(hit.to_dict()) for hit in response.hits]
        facets = {name: dict(values) for name, values in (response.facets or {}).items()}
        return SearchResult(hits=hits, total=response.nb_hits or 0,
                            page=response.page or 0, facets=facets,
                            facets_exhaustive=response.exhaustive_facets_count is not False)

    def health(self) -> Health:
        """One cheap call (list one index) with a short timeout and no retries."""
        timeout = self.options.health_timeout_ms
        options = {"timeouts": {"read": timeout, "write": timeout,
                                "connect": min(timeout, self.options.connect_timeout_ms)}}
        try:
            self.gateway.call("health", lambda c: c.list_indices(
                page=0, hits_per_page=1, request_options=options), retries=0)
        except (SearchUnavailable, AlgoliaError) as exc:
            return Health(False, str(exc))
        return Health(True, f"app {self.options.app_id} reachable")


def _fingerprint(settings: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(settings, sort_keys=True).encode()).hexdigest()


def _hit(hit: dict[str, Any]) -> SearchHit:
    highlights: dict[str, str] = {}
    for attribute, result in (hit.get("_highlightResult") or {}).items():
        text = _highlighted(result)
        if text:
            highlights[attribute] = text
    return SearchHit(id=hit["objectID"], name=hit.get("name"), headline=hit.get("headline"),
                     skills=list(hit.get("skills") or []), highlights=highlights)


def _highlighted(result: Any) -> str:
    """The highlighted value of one attribute ("" when nothing matched); for a list, the
    matching entries joined with ", "."""
    if isinstance(result, list):
        return ", ".join(text for text in map(_highlighted, result) if text)
    if isinstance(result, dict) and result.get("matchLevel", "none") != "none":
        return str(result.get("value", ""))
    return ""
