"""A fake Daxtra CVX REST server: real HTTP on 127.0.0.1, strict where the real one is strict.

It speaks the protocol in EXTERNAL_APIS.md so the plugin is tested over the wire, not against a
mock: the documented encodings (multipart `file` + `account`, or JSON `{"account", "file":
base64}`), account options after `;`, the access-token endpoint and the two-step endpoints. It
refuses what Daxtra refuses (unknown account, missing file, files over 8 MB, CVs without a name
and a contact) and can be told to fail the next calls in each of Daxtra's error forms
(`fail_next`). Every request is recorded (`requests`) so tests can see what reached it.

It does not parse: known CVs are recognised by a marker in their text (see daxtra_cvs.py).
Error codes other than 10 (missing document, documented) are the fake's own choice; the plugin
must not depend on them.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import secrets
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

API_PATH = "/cvx/rest/api/v1/"
TOKEN_PATH = "/cvx/rest/auth/v1/access_token"
MAX_BYTES = 8 * 1024 * 1024
FAILURE_KINDS = ("cserror", "error_text", "xml_cserror", "http_500", "http_503", "http_403",
                 "slow", "disconnect")

# The fake's own CSERROR codes (Daxtra's real codes are undocumented except 10).
CODE_NO_DOCUMENT = 10
CODE_BAD_ACCOUNT = 3
CODE_TOO_LARGE = 11
CODE_NO_TEXT = 14
CODE_NO_CONTACT = 15
CODE_BAD_TOKEN = 16
CODE_UNKNOWN_FIXTURE = 999

_JSON = "application/json;charset=UTF8"
_XML = "text/xml;charset=UTF8"
_TEXT = "text/plain;charset=UTF8"
_PHONE = re.compile(r"\+?\d[\d ()-]{6,}\d")


@dataclass
class RecordedRequest:
    """What reached the fake (never the file itself: only its size)."""

    method: str
    endpoint: str
    encoding: str | None = None
    account: str | None = None
    """The account the call was billed to (resolved from an access token when one was sent)."""
    account_field: str | None = None
    options: str | None = None
    file_bytes: int | None = None
    filename: str | None = None
    outcome: str = ""


class _Reply(Exception):
    """Raised inside the handler to answer at once."""

    def __init__(self, status: int, content_type: str, body: bytes | str):
        self.status = status
        self.content_type = content_type
        self.body = body.encode() if isinstance(body, str) else body


def _cserror(code: int | str, message: str, status: int = 200) -> _Reply:
    return _Reply(status, _JSON, json.dumps({"CSERROR": {"code": code, "message": message}}))


def _xml_cserror(code: int, message: str, status: int = 400) -> _Reply:
    return _Reply(status, _XML, f"<CSERROR code='{code}'>{message}</CSERROR>")


class FakeDaxtra:
    """Start with `with FakeDaxtra(...) as fake:` or start()/stop(); `base_url` is what the
    plugin's `mustard_daxtra.base_url` setting takes."""

    def __init__(self, accounts: tuple[str, ...] = ("MUSTARD",),
                 resumes: Mapping[str, Callable[[str], dict[str, Any]]] | None = None,
                 slow_seconds: float = 5.0):
        self.accounts = set(accounts)
        self.resumes = dict(resumes or {})
        self.slow_seconds = slow_seconds
        self._lock = threading.Lock()
        self._requests: list[RecordedRequest] = []
        self._failures: list[tuple[str, str | None]] = []
        self._access_tokens: dict[str, str] = {}
        self._profile_tokens: dict[str, dict[str, Any]] = {}
        self._stopping = threading.Event()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> FakeDaxtra:
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._server.daemon_threads = True
        self._server.fake = self  # type: ignore[attr-defined]
        # A short poll interval so stop() (shutdown) returns at once between tests.
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        kwargs={"poll_interval": 0.02}, daemon=True,
                                        name="fake-daxtra")
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=10)

    def __enter__(self) -> FakeDaxtra:
        return self.start()

    def __exit__(self, *exc_info: Any) -> None:
        self.stop()

    @property
    def root_url(self) -> str:
        assert self._server is not None, "start the fake first"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def base_url(self) -> str:
        return self.root_url + API_PATH

    # ------------------------------------------------------------------ scenario controls

    def fail_next(self, kind: str, n: int = 1, endpoint: str | None = None) -> None:
        """Make the next n API calls (to `endpoint` only, if given: "profile/full/json",
        "profile/personal/json", "data") fail as `kind` (one of FAILURE_KINDS)."""
        if kind not in FAILURE_KINDS:
            raise ValueError(f"unknown failure kind {kind!r}; one of {FAILURE_KINDS}")
        with self._lock:
            self._failures.extend([(kind, endpoint)] * n)

    @property
    def requests(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._requests)

    def calls(self, endpoint: str) -> list[RecordedRequest]:
        return [request for request in self.requests if request.endpoint == endpoint]

    # ------------------------------------------------------------------ internals

    def _record(self, request: RecordedRequest) -> None:
        with self._lock:
            self._requests.append(request)

    def _take_failure(self, endpoint: str) -> str | None:
        with self._lock:
            for index, (kind, only) in enumerate(self._failures):
                if only is None or only == endpoint:
                    del self._failures[index]
                    return kind
        return None

    def _issue_access_token(self, account: str) -> str:
        token = "at-" + secrets.token_hex(12)
        with self._lock:
            self._access_tokens[token] = account
        return token

    def _resolve_account(self, name: str) -> str | None:
        with self._lock:
            if name in self._access_tokens:
                return self._access_tokens[name]
        return name if name in self.accounts else None

    def _store_profile(self, document: dict[str, Any]) -> str:
        token = "fp-" + secrets.token_hex(12)
        with self._lock:
            self._profile_tokens[token] = document
        return token

    def _take_profile(self, token: str) -> dict[str, Any] | None:
        """Profile tokens are single-use: the strictest reading of the two-step flow."""
        with self._lock:
            return self._profile_tokens.pop(token, None)

    def _resume_for(self, data: bytes) -> dict[str, Any]:
        """What Daxtra would answer for this file, or the CSERROR it would send."""
        text = data.decode("utf-8", errors="replace")
        readable = sum(1 for ch in text if ch.isprintable() or ch in "\r\n\t")
        if not text.strip("\x00 \r\n\t") or readable < len(text) * 0.8:
            raise _cserror(CODE_NO_TEXT, "Unable to extract text from the document")
        for marker, build in self.resumes.items():
            if marker in text:
                return build(text)
        if "@" not in text and not _PHONE.search(text):
            raise _cserror(CODE_NO_CONTACT,
                           "Failed to parse the document: no name and contact details found")
        raise _cserror(CODE_UNKNOWN_FIXTURE,
                       "fake Daxtra: no fixture profile for this document (add one)")


class _Handler(BaseHTTPRequestHandler):
    server_version = "FakeDaxtra/1.0"

    @property
    def fake(self) -> FakeDaxtra:
        return self.server.fake  # type: ignore[attr-defined]

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: pytest shows failures; a request log line per call is noise."""

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def do_PUT(self) -> None:
        self._handle("PUT")

    def do_DELETE(self) -> None:
        self._handle("DELETE")

    # ------------------------------------------------------------------ dispatch

    def _handle(self, method: str) -> None:
        parts = urlsplit(self.path)
        query = parse_qs(parts.query)
        body = self._read_body()
        if parts.path == TOKEN_PATH:
            endpoint = "access_token"
        elif parts.path.startswith(API_PATH):
            endpoint = parts.path[len(API_PATH):]
        else:
            endpoint = parts.path
        record = RecordedRequest(method=method, endpoint=endpoint)
        self.fake._record(record)
        try:
            if endpoint == "access_token":
                self._access_token(method, query, record)
            elif endpoint in {"profile/full/json", "profile/personal/json"}:
                self._profile(method, endpoint, body, record)
            elif endpoint == "data":
                self._data(method, query, body, record)
            else:
                raise _Reply(404, _TEXT, "ERROR: unknown endpoint")
        except _Reply as reply:
            record.outcome = record.outcome or f"HTTP {reply.status}"
            self._send(reply)
        except _Disconnect:
            record.outcome = record.outcome or "disconnect"
            self.close_connection = True

    def _read_body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _send(self, reply: _Reply) -> None:
        try:
            self.send_response(reply.status)
            self.send_header("Content-Type", reply.content_type)
            self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            self.wfile.write(reply.body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout scenario)

    # ------------------------------------------------------------------ endpoints

    def _access_token(self, method: str, query: dict[str, list[str]],
                      record: RecordedRequest) -> None:
        if method != "GET":
            raise _Reply(405, _TEXT, "ERROR: use GET")
        account = (query.get("account") or [""])[0].strip()
        record.account_field = account
        if account not in self.fake.accounts:
            record.outcome = "bad account"
            raise _Reply(200, _TEXT, "ERROR: invalid account")
        record.account = account
        record.outcome = "token"
        raise _Reply(200, _TEXT, self.fake._issue_access_token(account))

    def _profile(self, method: str, endpoint: str, body: bytes,
                 record: RecordedRequest) -> None:
        if method != "POST":
            raise _Reply(405, _TEXT, "ERROR: use POST")
        self._maybe_fail(endpoint, record)
        fields = self._fields(body, record)
        account_field = fields.get("account")
        if isinstance(account_field, bytes):
            account_field = account_field.decode("utf-8", errors="replace")
        file_data = fields.get("file")
        if not account_field or not str(account_field).strip():
            record.outcome = "no account"
            raise _cserror(CODE_BAD_ACCOUNT, "account needs to be specified!")
        name, _, options = str(account_field).partition(";")
        record.account_field = str(account_field)
        record.options = options.strip() or None
        account = self.fake._resolve_account(name.strip())
        if account is None:
            record.outcome = "bad account"
            raise _cserror(CODE_BAD_ACCOUNT, "Invalid account")
        record.account = account
        if not isinstance(file_data, bytes) or not file_data:
            record.outcome = "no document"
            raise _xml_cserror(CODE_NO_DOCUMENT, "document needs to be specified!")
        record.file_bytes = len(file_data)
        if len(file_data) > MAX_BYTES:
            record.outcome = "too large"
            raise _cserror(CODE_TOO_LARGE, "Document is too large (limit 8 MB)")
        try:
            resume = self.fake._resume_for(file_data)
        except _Reply:
            record.outcome = "parse failed"
            raise
        if endpoint == "profile/full/json":
            record.outcome = "profile"
            raise _Reply(200, _JSON, json.dumps({"Resume": resume}))
        token = self.fake._store_profile({"Resume": resume})
        structured = resume.get("StructuredResume") or {}
        personal = {"StructuredResume": {key: structured.get(key)
                                         for key in ("PersonName", "ContactMethod")}}
        record.outcome = "personal"
        raise _Reply(200, _JSON, json.dumps({"Resume": personal, "full_profile_token": token}))

    def _data(self, method: str, query: dict[str, list[str]], body: bytes,
              record: RecordedRequest) -> None:
        if method not in {"GET", "POST"}:
            raise _Reply(405, _TEXT, "ERROR: use GET")
        self._maybe_fail("data", record)
        token = (query.get("token") or [""])[0]
        document = self.fake._take_profile(token) if token else None
        if document is None:
            record.outcome = "bad token"
            raise _cserror(CODE_BAD_TOKEN, "Invalid or expired token")
        record.outcome = "profile"
        raise _Reply(200, _JSON, json.dumps(document))

    # ------------------------------------------------------------------ request bodies

    def _fields(self, body: bytes, record: RecordedRequest) -> dict[str, str | bytes]:
        """The `account` and `file` fields from either documented encoding."""
        content_type = self.headers.get("Content-Type", "")
        if content_type.startswith("multipart/form-data"):
            record.encoding = "multipart"
            parts = _multipart(body, content_type)
            if parts is None:
                raise _xml_cserror(CODE_NO_DOCUMENT, "malformed multipart request")
            fields: dict[str, str | bytes] = {}
            for name, (filename, content) in parts.items():
                if name == "file":
                    record.filename = filename
                fields[name] = content
            return fields
        if content_type.startswith("application/json"):
            record.encoding = "json"
            try:
                document = json.loads(body.decode("utf-8"))
            except ValueError:
                raise _xml_cserror(CODE_NO_DOCUMENT, "request is not valid JSON") from None
            if not isinstance(document, dict):
                raise _xml_cserror(CODE_NO_DOCUMENT, "document needs to be specified!")
            fields = {}
            if isinstance(document.get("account"), str):
                fields["account"] = document["account"]
            if isinstance(document.get("file"), str):
                try:
                    fields["file"] = base64.b64decode(document["file"], validate=True)
                except (binascii.Error, ValueError):
                    raise _xml_cserror(CODE_NO_DOCUMENT, "file is not base64") from None
            return fields
        record.encoding = content_type or None
        raise _xml_cserror(CODE_NO_DOCUMENT, "document needs to be specified!")

    # ------------------------------------------------------------------ failure scenarios

    def _maybe_fail(self, endpoint: str, record: RecordedRequest) -> None:
        kind = self.fake._take_failure(endpoint)
        if kind is None:
            return
        record.outcome = f"failure:{kind}"
        if kind == "cserror":
            raise _cserror(7, "Conversion of the document failed")
        if kind == "error_text":
            raise _Reply(200, _TEXT, "ERROR: Document conversion failed")
        if kind == "xml_cserror":
            raise _xml_cserror(21, "document format is not supported")
        if kind == "http_500":
            raise _Reply(500, "text/html", "<html><body>Internal Server Error</body></html>")
        if kind == "http_503":
            raise _cserror(503, "Service temporarily overloaded", status=503)
        if kind == "http_403":
            raise _Reply(403, _TEXT, "")
        if kind == "slow":
            # Longer than the client's timeout; wakes early when the fake stops.
            self.fake._stopping.wait(self.fake.slow_seconds)
            raise _cserror(7, "answered too late")
        if kind == "disconnect":
            raise _Disconnect


class _Disconnect(Exception):
    """Close the connection without an answer."""


def _multipart(body: bytes, content_type: str) -> dict[str, tuple[str | None, bytes]] | None:
    """Split a multipart/form-data body into {name: (filename, content)}, byte-exact."""
    match = re.search(r'boundary="?([^";]+)"?', content_type)
    if not match:
        return None
    delimiter = b"--" + match.group(1).encode("latin-1")
    sections = body.split(delimiter)
    if len(sections) < 3 or not sections[-1].startswith(b"--"):
        return None
    parts: dict[str, tuple[str | None, bytes]] = {}
    for section in sections[1:-1]:
        if not section.startswith(b"\r\n") or not section.endswith(b"\r\n"):
            return None
        head, separator, content = section[2:-2].partition(b"\r\n\r\n")
        if not separator:
            return None
        disposition = ""
        for line in head.decode("latin-1").split("\r\n"):
            key, _, value = line.partition(":")
            if key.strip().lower() == "content-disposition":
                disposition = value
        name = re.search(r'(?:^|;)\s*name="([^"]*)"', disposition)
        filename = re.search(r'filename="([^"]*)"', disposition)
        if not name:
            return None
        parts[name.group(1)] = (filename.group(1) if filename else None, content)
    return parts
