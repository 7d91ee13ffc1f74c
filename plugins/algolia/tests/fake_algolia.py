"""A strict, local Algolia: a real HTTP server on 127.0.0.1 speaking the Search REST API.

The plugin is tested through the official `algoliasearch` client talking HTTP to this server,
so the fake refuses what Algolia refuses and the plugin cannot lean on leniency:
- every request needs `x-algolia-application-id` and a valid `x-algolia-api-key` (the admin key,
  the search-only key, or a secured key derived from the search key: HMAC checked, `validUntil`
  and `restrictIndices` enforced, its search parameters override the request's), else 403
  `{"message": "Invalid Application-ID or API key", "status": 403}`; keys without the right
  ACL get 403 "Method not allowed with this API key";
- JSON bodies are checked (unknown batch actions, missing objectIDs, unknown settings, unknown
  or unimplemented search parameters, malformed synonyms: 400), records over
  `max_record_bytes` are refused ("Record ... is too big"), and a whole batch fails with them;
- writes are asynchronous like Algolia's: each answers a `taskID` and is applied only when the
  task is published, which happens after `task_lag` polls of `GET /1/indexes/{i}/task/{id}`
  (default 1: the first poll says "notPublished"). Tasks publish in order per index. A plugin
  that does not wait for its tasks sees stale data, as it could in production.
- `unretrievableAttributes` are hidden from every key but the admin key.
Scenario controls for tests: `fail_next(n, status)`, `down()` / `down(refuse=True)` / `up()`,
`requests` (the request log), `settle()` (publish everything), `index(name)` (state).
The matching itself lives in fake_algolia_engine.py.
"""

from __future__ import annotations

import base64
import binascii
import gzip
import hashlib
import hmac
import itertools
import json
import re
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

import fake_algolia_engine as engine
from fake_algolia_engine import BadRequest

BATCH_ACTIONS = {"addObject", "updateObject", "partialUpdateObject",
                 "partialUpdateObjectNoCreate", "deleteObject", "delete", "clear"}
NEEDS_OBJECT_ID = {"updateObject", "partialUpdateObject", "partialUpdateObjectNoCreate",
                   "deleteObject"}
LIST_SETTINGS = {"searchableAttributes", "attributesForFaceting", "customRanking",
                 "unretrievableAttributes", "attributesToRetrieve", "attributesToHighlight",
                 "ranking", "replicas", "disableTypoToleranceOnAttributes"}
SCALAR_SETTINGS = {"hitsPerPage": int, "maxValuesPerFacet": int, "paginationLimitedTo": int,
                   "highlightPreTag": str, "highlightPostTag": str, "queryType": str}
SETTING_DEFAULTS = {"hitsPerPage": 20, "maxValuesPerFacet": 100, "paginationLimitedTo": 1000,
                    "highlightPreTag": "<em>", "highlightPostTag": "</em>",
                    "queryType": "prefixLast", "attributesForFaceting": [],
                    "searchableAttributes": None, "customRanking": None,
                    "unretrievableAttributes": None, "attributesToRetrieve": None,
                    "ranking": ["typo", "geo", "words", "filters", "proximity", "attribute",
                                "exact", "custom"]}
SYNONYM_FIELDS = {
    "synonym": {"synonyms"},
    "onewaysynonym": {"input", "synonyms"},
    "altcorrection1": {"word", "corrections"},
    "altcorrection2": {"word", "corrections"},
    "placeholder": {"placeholder", "replacements"},
}
ALL_ACL = {"search", "browse", "addObject", "deleteObject", "deleteIndex", "settings",
           "editSettings", "listIndexes"}
INVALID_KEY = "Invalid Application-ID or API key"


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def record_size(record: dict[str, Any]) -> int:
    return len(json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


@dataclass
class FakeIndex:
    name: str
    records: dict[str, dict[str, Any]] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)
    synonyms: dict[str, dict[str, Any]] = field(default_factory=dict)
    created_at: str = field(default_factory=now_iso)
    updated_at: str = field(default_factory=now_iso)


@dataclass
class Task:
    id: int
    queue: str  # the index whose queue holds it
    apply: Callable[[], None]
    polls_left: int
    published: bool = False


@dataclass
class Grant:
    """What the presented key may do."""

    admin: bool
    acl: set[str]
    restrictions: dict[str, Any] = field(default_factory=dict)


@dataclass
class LoggedRequest:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: Any
    status: int = 0

    @property
    def index(self) -> str | None:
        parts = [unquote(p) for p in self.path.split("/")]
        return parts[3] if len(parts) > 3 and parts[1:3] == ["1", "indexes"] else None

    @property
    def tail(self) -> str:
        """The path after the index name: "batch", "synonyms/batch", "task/12", ""."""
        return "/".join(self.path.split("/")[4:])


class FakeAlgolia:
    """Start with `start()` (port 0 on 127.0.0.1), stop with `stop()`; see the module doc."""

    def __init__(self, app_id: str = "FAKEAPPID", admin_key: str = "fake-admin-key",
                 search_key: str = "fake-search-key", *, max_record_bytes: int = 10000,
                 task_lag: int = 1):
        self.app_id = app_id
        self.admin_key = admin_key
        self.search_key = search_key
        self.max_record_bytes = max_record_bytes
        self.task_lag = task_lag
        self.indexes: dict[str, FakeIndex] = {}
        self.requests: list[LoggedRequest] = []
        self.errors: list[Exception] = []
        self._tasks: dict[int, Task] = {}
        self._queues: dict[str, list[Task]] = {}
        self._task_ids = itertools.count(1000)
        self._lock = threading.RLock()
        self._failures: list[int] = []
        self._down_status: int | None = None
        self._refusing = False
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.port = 0

    # ------------------------------------------------------------------ lifecycle

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> FakeAlgolia:
        fake = self

        class Handler(_Handler):
            pass

        Handler.fake = fake
        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    # ------------------------------------------------------------------ scenario controls

    def fail_next(self, count: int, status: int = 503) -> None:
        """The next `count` requests (of any kind) answer `status` without doing anything."""
        with self._lock:
            self._failures += [status] * count

    def down(self, *, refuse: bool = False, status: int = 503) -> None:
        """An outage: every request answers `status`, or with refuse=True the port is
        closed and open connections are dropped (connection refused / reset)."""
        self._down_status = status
        if refuse:
            self._refusing = True
            self.stop()

    def up(self) -> None:
        self._down_status = None
        if self._refusing:
            self._refusing = False
            self.start()  # same port

    def settle(self) -> None:
        """Publish every pending task (what Algolia does eventually without being asked)."""
        with self._lock:
            for task_id in sorted(self._tasks):
                self._publish(self._tasks[task_id])

    def index(self, name: str) -> FakeIndex | None:
        with self._lock:
            return self.indexes.get(name)

    def logged(self, method: str | None = None, tail: str | None = None,
               index: str | None = None) -> list[LoggedRequest]:
        """Logged requests, filtered by method, path after the index name, index name."""
        with self._lock:
            return [r for r in self.requests
                    if (method is None or r.method == method)
                    and (tail is None or r.tail == tail)
                    and (index is None or r.index == index)]

    # ------------------------------------------------------------------ tasks

    def _task(self, queue: str, apply: Callable[[], None]) -> int:
        task = Task(id=next(self._task_ids), queue=queue, apply=apply, polls_left=self.task_lag)
        self._tasks[task.id] = task
        self._queues.setdefault(queue, []).append(task)
        if self.task_lag <= 0:
            self._publish(task)
        return task.id

    def _publish(self, task: Task) -> None:
        """Apply, in order, every pending task of the queue up to and including this one."""
        queue = self._queues.get(task.queue, [])
        while queue and queue[0].id <= task.id:
            pending = queue.pop(0)
            pending.published = True
            pending.apply()

    def _flush(self, index: str, before: int) -> None:
        for task in list(self._queues.get(index, [])):
            if task.id < before:
                self._publish(task)

    def _existing(self, name: str) -> FakeIndex:
        index = self.indexes.get(name)
        if index is None:
            raise BadRequest("Index does not exist", 404)
        return index

    def _ensure(self, name: str) -> FakeIndex:
        if name not in self.indexes:
            self.indexes[name] = FakeIndex(name=name)
        return self.indexes[name]

    def _pending(self, name: str) -> bool:
        return bool(self._queues.get(name))

    # ------------------------------------------------------------------ authentication

    def authenticate(self, headers: dict[str, str]) -> Grant | None:
        if headers.get("x-algolia-application-id") != self.app_id:
            return None
        key = headers.get("x-algolia-api-key") or ""
        if hmac.compare_digest(key, self.admin_key):
            return Grant(admin=True, acl=set(ALL_ACL))
        if hmac.compare_digest(key, self.search_key):
            return Grant(admin=False, acl={"search"})
        restrictions = self._secured(key)
        if restrictions is None:
            return None
        return Grant(admin=False, acl={"search"}, restrictions=restrictions)

    def _secured(self, key: str) -> dict[str, Any] | None:
        """Restrictions of a valid secured key derived from the search key, else None."""
        try:
            decoded = base64.b64decode(key, validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError, ValueError):
            return None
        signature, query = decoded[:64], decoded[64:]
        expected = hmac.new(self.search_key.encode(), query.encode(), hashlib.sha256).hexdigest()
        if not hmac.compare_digest(signature, expected):
            return None
        restrictions: dict[str, Any] = dict(parse_qsl(query, keep_blank_values=True))
        valid_until = restrictions.pop("validUntil", None)
        if valid_until is not None and int(valid_until) < time.time():
            return None
        restrictions["_validUntil"] = valid_until
        return restrictions

    # ------------------------------------------------------------------ dispatch

    def handle(self, method: str, raw_path: str, headers: dict[str, str],
               body: bytes) -> tuple[int, dict[str, Any]]:
        split = urlsplit(raw_path)
        path = split.path
        query = dict(parse_qsl(split.query, keep_blank_values=True))
        parsed: Any = None
        status, answer = 500, {"message": "fake error", "status": 500}
        try:
            if body:
                try:
                    parsed = json.loads(body)
                except ValueError:
                    raise BadRequest("Invalid JSON") from None
            with self._lock:
                if self._failures:
                    failed = self._failures.pop(0)
                    raise BadRequest(_status_message(failed), failed)
                if self._down_status is not None:
                    raise BadRequest(_status_message(self._down_status), self._down_status)
                grant = self.authenticate(headers)
                if grant is None:
                    raise BadRequest(INVALID_KEY, 403)
                status, answer = 200, self.route(method, path, query, parsed, grant)
        except BadRequest as exc:
            status, answer = exc.status, {"message": exc.message, "status": exc.status}
        except Exception as exc:  # a bug in the fake: answer 500 and keep it for the fixture
            self.errors.append(exc)
            status, answer = 500, {"message": f"fake_algolia bug: {exc!r}", "status": 500}
        finally:
            with self._lock:
                self.requests.append(LoggedRequest(method, path, query, headers, parsed,
                                                   status))
        return status, answer

    def route(self, method: str, path: str, query: dict[str, str], body: Any,
              grant: Grant) -> dict[str, Any]:
        parts = [unquote(p) for p in path.strip("/").split("/")]
        if parts[:2] != ["1", "indexes"]:
            raise BadRequest("Path not found", 404)
        rest = parts[2:]
        if not rest and method == "GET":
            return self.list_indexes(grant, query)
        if rest == ["*", "queries"] and method == "POST":
            return self.multiple_queries(grant, body)
        if not rest or not rest[0]:
            raise BadRequest("Path not found", 404)
        name, tail = rest[0], rest[1:]
        routes: dict[tuple[str, tuple[str, ...]], Callable[..., dict[str, Any]]] = {
            ("POST", ("query",)): self.query,
            ("POST", ("batch",)): self.batch,
            ("GET", ("settings",)): self.get_settings,
            ("PUT", ("settings",)): self.set_settings,
            ("POST", ("synonyms", "batch")): self.save_synonyms,
            ("POST", ("synonyms", "search")): self.search_synonyms,
            ("POST", ("synonyms", "clear")): self.clear_synonyms,
            ("POST", ("browse",)): self.browse,
            ("POST", ("clear",)): self.clear_objects,
            ("DELETE", ()): self.delete_index,
            ("POST", ("operation",)): self.operation,
        }
        handler = routes.get((method, tuple(tail)))
        if handler is not None:
            return handler(name, grant, query, body)
        if len(tail) == 2 and tail[0] == "task" and method == "GET":
            return self.get_task(name, grant, tail[1])
        if len(tail) == 2 and tail[0] == "synonyms" and method == "PUT":
            return self.save_synonym(name, grant, query, body, tail[1])
        if len(tail) == 1 and method == "GET":
            return self.get_object(name, grant, tail[0])
        raise BadRequest("Path not found", 404)

    # ------------------------------------------------------------------ helpers

    @staticmethod
    def _require(grant: Grant, acl: str) -> None:
        if acl not in grant.acl:
            raise BadRequest("Method not allowed with this API key", 403)

    @staticmethod
    def _allowed(grant: Grant, name: str) -> None:
        patterns = grant.restrictions.get("restrictIndices")
        if not patterns:
            return
        for pattern in patterns.split(","):
            regex = "^" + ".*".join(re.escape(p) for p in pattern.split("*")) + "$"
            if re.match(regex, name):
                return
        raise BadRequest("Index not allowed with this API key", 403)

    @staticmethod
    def _object(body: Any, what: str) -> dict[str, Any]:
        if not isinstance(body, dict):
            raise BadRequest(f"{what}: expected a JSON object")
        return body

    @staticmethod
    def _flag(query: dict[str, str], name: str) -> bool:
        value = query.get(name)
        if value is None:
            return False
        if value not in {"true", "false"}:
            raise BadRequest(f"{name}: expected true or false, got {value!r}")
        return value == "true"

    def _hidden(self, index: FakeIndex, grant: Grant) -> set[str]:
        if grant.admin:
            return set()
        return set(index.settings.get("unretrievableAttributes") or [])

    # ------------------------------------------------------------------ reads

    def _search(self, name: str, grant: Grant, body: Any) -> dict[str, Any]:
        self._require(grant, "search")
        self._allowed(grant, name)
        params = engine.parse_params(self._object(body or {}, "search"))
        for key, value in grant.restrictions.items():
            if key.startswith("_") or key == "restrictIndices":
                continue
            if key not in engine.IMPLEMENTED_PARAMS:
                raise BadRequest(f"fake_algolia: secured key parameter {key} not implemented")
            params[key] = value  # the key's restrictions win over the request's
        index = self._existing(name)
        answer = engine.search_response(index, params, self._hidden(index, grant))
        answer["index"] = name
        return answer

    def query(self, name, grant, query, body):
        return self._search(name, grant, body)

    def multiple_queries(self, grant, body):
        body = self._object(body, "queries")
        unknown = set(body) - {"requests", "strategy"}
        if unknown:
            raise BadRequest(f"Unknown parameter: {sorted(unknown)[0]}")
        requests = body.get("requests")
        if not isinstance(requests, list) or not requests:
            raise BadRequest("requests: expected a non-empty array")
        results = []
        for request in requests:
            request = dict(self._object(request, "requests[]"))
            name = request.pop("indexName", None)
            if not isinstance(name, str) or not name:
                raise BadRequest("requests[].indexName is required")
            if request.pop("type", "default") != "default":
                raise BadRequest("fake_algolia: facet queries are not implemented")
            results.append(self._search(name, grant, request))
        return {"results": results}

    def get_settings(self, name, grant, query, body):
        self._require(grant, "settings")
        index = self._existing(name)
        return {**SETTING_DEFAULTS, **index.settings}

    def search_synonyms(self, name, grant, query, body):
        self._require(grant, "settings")
        index = self._existing(name)
        body = self._object(body or {}, "synonyms search")
        unknown = set(body) - {"query", "type", "page", "hitsPerPage"}
        if unknown:
            raise BadRequest(f"Unknown parameter: {sorted(unknown)[0]}")
        text = engine.normalize(body.get("query", ""))
        hits = [s for s in index.synonyms.values()
                if (not body.get("type") or s["type"] == body["type"])
                and (not text or text in engine.normalize(json.dumps(s)))]
        per_page = body.get("hitsPerPage", 100)
        page = body.get("page", 0)
        return {"hits": hits[page * per_page:(page + 1) * per_page], "nbHits": len(hits)}

    def browse(self, name, grant, query, body):
        self._require(grant, "browse")
        index = self._existing(name)
        body = dict(self._object(body or {}, "browse"))
        cursor = body.pop("cursor", None)
        offset = 0
        if cursor is not None:
            try:
                state = json.loads(base64.urlsafe_b64decode(cursor.encode()))
                offset, expected = int(state["offset"]), state["index"]
            except (ValueError, KeyError, TypeError, binascii.Error):
                raise BadRequest("cursor is not valid") from None
            if expected != name:
                raise BadRequest("cursor is not valid")
        per_page = body.pop("hitsPerPage", 1000)
        if not isinstance(per_page, int) or not 1 <= per_page <= 1000:
            raise BadRequest("hitsPerPage must be an integer between 1 and 1000")
        params = engine.parse_params(body)
        outcome = engine.run(index, params)
        hidden = self._hidden(index, grant)
        window = outcome.matches[offset:offset + per_page]
        answer = {
            "hits": [engine.visible(m.record, hidden, None) for m in window],
            "nbHits": len(outcome.matches),
            "page": offset // per_page,
            "nbPages": -(-len(outcome.matches) // per_page),
            "hitsPerPage": per_page,
            "query": params.get("query", ""),
            "params": "",
            "processingTimeMS": 1,
        }
        if offset + per_page < len(outcome.matches):
            state = {"index": name, "offset": offset + per_page}
            answer["cursor"] = base64.urlsafe_b64encode(json.dumps(state).encode()).decode()
        return answer

    def get_task(self, name, grant, task_id):
        try:
            task = self._tasks.get(int(task_id))
        except ValueError:
            raise BadRequest("taskID must be an integer") from None
        if task is None:
            raise BadRequest("Task does not exist", 404)
        if not task.published:
            if task.polls_left > 0:
                task.polls_left -= 1
                return {"status": "notPublished", "pendingTask": True}
            self._publish(task)
        return {"status": "published", "pendingTask": False}

    def list_indexes(self, grant, query):
        self._require(grant, "listIndexes")
        names = sorted(self.indexes)
        try:
            page = int(query.get("page", 0))
            per_page = int(query.get("hitsPerPage", 100))
        except ValueError:
            raise BadRequest("page and hitsPerPage must be integers") from None
        if per_page < 1:
            raise BadRequest("hitsPerPage must be positive")
        items = []
        for name in names[page * per_page:(page + 1) * per_page]:
            index = self.indexes[name]
            size = sum(record_size(r) for r in index.records.values())
            items.append({"name": name, "createdAt": index.created_at,
                          "updatedAt": index.updated_at, "entries": len(index.records),
                          "dataSize": size, "fileSize": size, "lastBuildTimeS": 0,
                          "numberOfPendingTasks": len(self._queues.get(name, [])),
                          "pendingTask": self._pending(name)})
        return {"items": items, "nbPages": -(-len(names) // per_page)}

    def get_object(self, name, grant, object_id):
        self._require(grant, "search")
        self._allowed(grant, name)
        index = self._existing(name)
        record = index.records.get(object_id)
        if record is None:
            raise BadRequest("ObjectID does not exist", 404)
        return engine.visible(record, self._hidden(index, grant), None)

    # ------------------------------------------------------------------ writes

    def batch(self, name, grant, query, body):
        if not grant.acl & {"addObject", "deleteObject"}:
            raise BadRequest("Method not allowed with this API key", 403)
        body = self._object(body, "batch")
        if set(body) != {"requests"} or not isinstance(body["requests"], list):
            raise BadRequest("batch: expected {\"requests\": [...]}")
        operations = []
        current = self.indexes.get(name)
        for position, request in enumerate(body["requests"]):
            request = self._object(request, "requests[]")
            unknown = set(request) - {"action", "body"}
            if unknown:
                raise BadRequest(f"requests[{position}]: unknown attribute {sorted(unknown)[0]}")
            action = request.get("action")
            if action not in BATCH_ACTIONS:
                raise BadRequest(f"invalid action: {action!r}")
            self._require(grant, "deleteObject" if action in {"deleteObject", "delete", "clear"}
                          else "addObject")
            record = request.get("body")
            if action not in {"delete", "clear"}:
                record = self._object(record, f"requests[{position}].body")
            object_id = record.get("objectID") if isinstance(record, dict) else None
            if action in NEEDS_OBJECT_ID and (not isinstance(object_id, str) or not object_id):
                raise BadRequest(f"requests[{position}]: missing objectID")
            if action in {"addObject", "updateObject", "partialUpdateObject",
                          "partialUpdateObjectNoCreate"}:
                for value in record.values():
                    if isinstance(value, dict) and "_operation" in value:
                        raise BadRequest("fake_algolia: built-in _operation not implemented")
                if action == "addObject" and not object_id:
                    object_id = record["objectID"] = f"fake-{next(self._task_ids)}"
                existing = current.records.get(object_id) if current is not None else None
                result = {**(existing or {}), **record} if action.startswith(
                    "partial") else record
                size = record_size(result)
                if size > self.max_record_bytes:
                    raise BadRequest(
                        f"Record at the position {position} objectID={object_id} is too big "
                        f"size={size}/{self.max_record_bytes} bytes. Please have a look at "
                        "https://www.algolia.com/doc/guides/sending-and-managing-data/"
                        "prepare-your-data/in-depth/index-and-records-size-and-usage-"
                        "limitations/#record-size-limits")
            operations.append((action, object_id, record))

        def apply() -> None:
            index = self._ensure(name)
            for action, object_id, record in operations:
                if action in {"addObject", "updateObject"}:
                    index.records[object_id] = dict(record)
                elif action == "partialUpdateObject":
                    index.records[object_id] = {**index.records.get(object_id, {}), **record}
                elif action == "partialUpdateObjectNoCreate":
                    if object_id in index.records:
                        index.records[object_id].update(record)
                elif action == "deleteObject":
                    index.records.pop(object_id, None)
                elif action == "clear":
                    index.records.clear()
                elif action == "delete":
                    self.indexes.pop(name, None)
                    return
            index.updated_at = now_iso()

        return {"taskID": self._task(name, apply),
                "objectIDs": [op[1] for op in operations if op[1]]}

    def set_settings(self, name, grant, query, body):
        self._require(grant, "editSettings")
        self._flag(query, "forwardToReplicas")
        settings = self._object(body, "settings")
        for key, value in settings.items():
            if key in LIST_SETTINGS:
                if value is not None and (not isinstance(value, list) or not all(
                        isinstance(v, str) for v in value)):
                    raise BadRequest(f"{key}: expected an array of strings")
            elif key in SCALAR_SETTINGS:
                if value is not None and not isinstance(value, SCALAR_SETTINGS[key]):
                    raise BadRequest(f"{key}: expected {SCALAR_SETTINGS[key].__name__}")
            else:
                raise BadRequest(f"Invalid object attributes: {key}")
        for entry in settings.get("customRanking") or []:
            if not re.fullmatch(r"(asc|desc)\([^()]+\)", entry):
                raise BadRequest(f"customRanking: invalid value {entry!r}")
        for entry in settings.get("attributesForFaceting") or []:
            if not re.fullmatch(r"((searchable|filterOnly|afterDistinct)\()*[\w.]+\)*", entry):
                raise BadRequest(f"attributesForFaceting: invalid value {entry!r}")
        for entry in settings.get("searchableAttributes") or []:
            if not re.fullmatch(r"((ordered|unordered)\()?[\w.]+(,\s*[\w.]+)*\)?", entry):
                raise BadRequest(f"searchableAttributes: invalid value {entry!r}")
        updates = dict(settings)

        def apply() -> None:
            index = self._ensure(name)
            for key, value in updates.items():
                if value is None:
                    index.settings.pop(key, None)
                else:
                    index.settings[key] = value
            index.updated_at = now_iso()

        return {"taskID": self._task(name, apply), "updatedAt": now_iso()}

    def _check_synonym(self, synonym: Any) -> dict[str, Any]:
        synonym = self._object(synonym, "synonym")
        object_id, kind = synonym.get("objectID"), synonym.get("type")
        if not isinstance(object_id, str) or not object_id:
            raise BadRequest("synonym: objectID is required")
        if kind not in SYNONYM_FIELDS:
            raise BadRequest(f"synonym {object_id}: invalid type {kind!r}")
        allowed = {"objectID", "type"} | SYNONYM_FIELDS[kind]
        unknown = set(synonym) - allowed
        if unknown:
            raise BadRequest(f"synonym {object_id}: unknown attribute {sorted(unknown)[0]}")
        for key in SYNONYM_FIELDS[kind]:
            value = synonym.get(key)
            if key in {"input", "word", "placeholder"}:
                if not isinstance(value, str) or not value:
                    raise BadRequest(f"synonym {object_id}: {key} is required")
            elif not isinstance(value, list) or not value or not all(
                    isinstance(v, str) for v in value):
                raise BadRequest(f"synonym {object_id}: {key} must be a non-empty array")
        return dict(synonym)

    def save_synonyms(self, name, grant, query, body):
        self._require(grant, "editSettings")
        self._flag(query, "forwardToReplicas")
        replace = self._flag(query, "replaceExistingSynonyms")
        if not isinstance(body, list):
            raise BadRequest("synonyms batch: expected an array of synonyms")
        synonyms = [self._check_synonym(s) for s in body]

        def apply() -> None:
            index = self._ensure(name)
            if replace:
                index.synonyms.clear()
            for synonym in synonyms:
                index.synonyms[synonym["objectID"]] = synonym
            index.updated_at = now_iso()

        return {"taskID": self._task(name, apply), "updatedAt": now_iso()}

    def save_synonym(self, name, grant, query, body, object_id):
        self._require(grant, "editSettings")
        self._flag(query, "forwardToReplicas")
        synonym = self._check_synonym(body)
        if synonym["objectID"] != object_id:
            raise BadRequest("objectID in the body does not match the path")

        def apply() -> None:
            self._ensure(name).synonyms[object_id] = synonym

        return {"taskID": self._task(name, apply), "updatedAt": now_iso(), "id": object_id}

    def clear_synonyms(self, name, grant, query, body):
        self._require(grant, "editSettings")
        self._flag(query, "forwardToReplicas")

        def apply() -> None:
            if name in self.indexes:
                self.indexes[name].synonyms.clear()

        return {"taskID": self._task(name, apply), "updatedAt": now_iso()}

    def clear_objects(self, name, grant, query, body):
        self._require(grant, "deleteIndex")

        def apply() -> None:
            self._ensure(name).records.clear()

        return {"taskID": self._task(name, apply), "updatedAt": now_iso()}

    def delete_index(self, name, grant, query, body):
        self._require(grant, "deleteIndex")

        def apply() -> None:
            self.indexes.pop(name, None)

        return {"taskID": self._task(name, apply), "deletedAt": now_iso()}

    def operation(self, name, grant, query, body):
        self._require(grant, "addObject")
        body = self._object(body, "operation")
        unknown = set(body) - {"operation", "destination", "scope"}
        if unknown:
            raise BadRequest(f"Unknown parameter: {sorted(unknown)[0]}")
        kind, destination = body.get("operation"), body.get("destination")
        scope = body.get("scope")
        if kind not in {"move", "copy"}:
            raise BadRequest(f"operation: invalid value {kind!r}")
        if not isinstance(destination, str) or not destination or destination == name:
            raise BadRequest("destination: a different index name is required")
        if scope is not None and (kind != "copy" or not isinstance(scope, list) or not set(
                scope) <= {"settings", "synonyms", "rules"}):
            raise BadRequest("scope: only for copy, among settings, synonyms, rules")
        if name not in self.indexes and not self._pending(name):
            raise BadRequest("Index does not exist", 404)
        task_id = next(self._task_ids)

        def apply() -> None:
            self._flush(name, task_id)  # like Algolia, wait for the source's earlier tasks
            source = self._existing(name)
            if kind == "move":
                self.indexes.pop(name)
                source.name = destination
                self.indexes[destination] = source
                return
            target = self._ensure(destination)
            parts = scope or ["settings", "synonyms", "rules", "records"]
            if "settings" in parts:
                target.settings = json.loads(json.dumps(source.settings))
            if "synonyms" in parts:
                target.synonyms = json.loads(json.dumps(source.synonyms))
            if "records" in parts:
                target.records = json.loads(json.dumps(source.records))

        task = Task(id=task_id, queue=destination, apply=apply, polls_left=self.task_lag)
        self._tasks[task_id] = task
        self._queues.setdefault(destination, []).append(task)
        if self.task_lag <= 0:
            self._publish(task)
        return {"taskID": task_id, "updatedAt": now_iso()}



def _status_message(status: int) -> str:
    return {429: "Too Many Requests", 500: "Internal Server Error", 502: "Bad Gateway",
            503: "Service Unavailable", 504: "Gateway Timeout"}.get(status, f"HTTP {status}")


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 30  # idle keep-alive connections end eventually
    fake: FakeAlgolia

    def setup(self) -> None:
        super().setup()
        # headers and body are separate writes: without this, Nagle + delayed ACK add 40 ms
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format: str, *args: Any) -> None:  # quiet test output
        pass

    def _serve(self) -> None:
        if self.fake._refusing:
            self.close_connection = True
            return
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        if self.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        headers = {k.lower(): v for k, v in self.headers.items()}
        status, answer = self.fake.handle(self.command, self.path, headers, body)
        data = json.dumps(answer).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=UTF-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_DELETE = _serve
