"""The Daxtra CVX REST protocol: requests out, answers (and their many error forms) back.

Daxtra reports failure in several shapes: a JSON `CSERROR` object (often with HTTP 200), an XML
`<CSERROR code='..'>` element (with HTTP 400), a plain body starting with `ERROR:`, or an HTTP
status. Every shape ends here as a `ParseError` whose reason a recruiter can read and whose
`transient` flag tells the platform's job whether retrying can help (5xx, timeouts, connection
errors) or not (everything Daxtra answered deliberately).

Nothing here logs an account name, a file name or anything from the CV.
"""

from __future__ import annotations

import html
import json
import logging
import re
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests

from mustard_core.roles import Health, ParseError
from mustard_daxtra.config import DaxtraConfig

log = logging.getLogger(__name__)

TOKEN_LIFETIME_SECONDS = 600.0
"""How long an access token is reused. Daxtra does not document a lifetime (unverified), so the
plugin asks for a new one well within any plausible expiry."""

_XML_CSERROR = re.compile(
    r"<CSERROR\b[^>]*?\bcode\s*=\s*['\"]?([^'\"\s>]*)['\"]?[^>]*>(.*?)</CSERROR\s*>",
    re.IGNORECASE | re.DOTALL,
)
_TAGS = re.compile(r"<[^>]+>")
_MAX_REASON = 300


@dataclass(frozen=True)
class Answer:
    """One HTTP answer, reduced to what interpretation needs (so it is testable without I/O)."""

    status: int
    content_type: str
    body: bytes


def _readable(text: Any) -> str:
    """Collapse whitespace and cut to a length that fits a job's error line."""
    cleaned = " ".join(str(text).split())
    return cleaned if len(cleaned) <= _MAX_REASON else cleaned[: _MAX_REASON - 1] + "…"


def _decode(body: bytes) -> str:
    """Daxtra's text is UTF-8 (sometimes labelled `charset=UTF8`); never fail on a bad byte."""
    return body.decode("utf-8", errors="replace").lstrip("\ufeff")


def _is_transient_status(status: int) -> bool:
    return status >= 500 or status in {408, 429}


def _unavailable(status: int, detail: str = "") -> ParseError:
    suffix = f": {detail}" if detail else ""
    return ParseError(f"Daxtra is unavailable (HTTP {status}){suffix}; the parse will be retried.",
                      transient=True)


def error_in(answer: Answer) -> ParseError | None:
    """The ParseError an answer carries, or None when it is a success.

    Error bodies are checked before the status because Daxtra sends `CSERROR` with HTTP 200.
    """
    text = _decode(answer.body)
    stripped = text.strip()
    transient = _is_transient_status(answer.status)
    code: str | None = None
    message: str | None = None

    if stripped.startswith("{"):
        try:
            document = json.loads(stripped)
        except ValueError:
            document = None
        if isinstance(document, dict) and "CSERROR" in document:
            code, message = _cserror_fields(document["CSERROR"])
    elif stripped.upper().startswith("ERROR:"):
        message = stripped[len("ERROR:"):].strip() or "unspecified error"
    else:
        match = _XML_CSERROR.search(stripped)
        if match:
            code = match.group(1) or None
            message = html.unescape(_TAGS.sub(" ", match.group(2))).strip() or "unspecified"

    if message is not None:
        if transient:
            return _unavailable(answer.status, _readable(message))
        if answer.status in {401, 403}:
            return ParseError(_readable(f"Daxtra refused the account (HTTP {answer.status}): "
                                        f"{message}; check this client database's Daxtra "
                                        "account."))
        where = f" (Daxtra error {code})" if code not in (None, "") else ""
        return ParseError(_readable(f"Daxtra could not parse this CV: {message}{where}."))

    if transient:
        return _unavailable(answer.status)
    if answer.status in {401, 403}:
        return ParseError(f"Daxtra refused the account (HTTP {answer.status}); check this client "
                          "database's Daxtra account.")
    if answer.status >= 400:
        return ParseError(f"Daxtra refused the request (HTTP {answer.status}).")
    return None


def _cserror_fields(value: Any) -> tuple[str | None, str]:
    """`{"code": 12, "message": "..."}` as documented; tolerate a bare string or odd keys."""
    if isinstance(value, Mapping):
        code = value.get("code", value.get("Code"))
        message = value.get("message", value.get("Message", value.get("description")))
        return (None if code is None else str(code)), _readable(message or "unspecified error")
    if isinstance(value, list) and value:
        return _cserror_fields(value[0])
    return None, _readable(value or "unspecified error")


def profile_from(answer: Answer) -> dict[str, Any]:
    """The decoded JSON of a successful profile answer (must hold a `Resume`)."""
    error = error_in(answer)
    if error is not None:
        raise error
    try:
        document = json.loads(_decode(answer.body))
    except ValueError:
        # A 200 that is not JSON is a proxy or gateway page rather than Daxtra's answer.
        raise ParseError("Daxtra sent an answer that is not a profile; the parse will be retried.",
                         transient=True) from None
    if not isinstance(document, dict) or not isinstance(document.get("Resume"), dict):
        raise ParseError("Daxtra's answer holds no profile for this CV.")
    return document


def token_from(document: Mapping[str, Any]) -> str | None:
    """The `full_profile_token` of a two-step first answer (top level or inside `Resume`)."""
    for holder in (document, document.get("Resume") or {}):
        if isinstance(holder, Mapping):
            token = holder.get("full_profile_token")
            if isinstance(token, str) and token.strip():
                return token.strip()
    return None


class DaxtraClient:
    """Calls Daxtra over HTTP with `requests`; one per provider, safe to share between threads."""

    def __init__(self, config: DaxtraConfig, session: requests.Session | None = None):
        self.config = config
        self.base_url = config.base_url if config.base_url.endswith("/") else config.base_url + "/"
        self.session = session or requests.Session()
        self._tokens: dict[str, tuple[str, float]] = {}
        self._tokens_lock = threading.Lock()

    # ------------------------------------------------------------------ public

    def parse(self, data: bytes, *, filename: str, account: str) -> dict[str, Any]:
        """The full profile JSON (`{"Resume": {...}}`) for one file; raises ParseError."""
        account_field = self._account_field(account)
        upload_name = _upload_name(filename)
        if not self.config.two_step:
            return profile_from(self._post_file("profile/full/json", data, upload_name,
                                                account_field))
        first = profile_from(self._post_file("profile/personal/json", data, upload_name,
                                             account_field))
        token = token_from(first)
        if token is None:
            raise ParseError("Daxtra's first step gave no full_profile_token for this CV.")
        return profile_from(self._send("GET", urljoin(self.base_url, "data"),
                                       params={"token": token}))

    def health(self) -> Health:
        """Reachability only (any answer below 500): a health check must not spend a parse."""
        timeout = min(self.config.timeout, 2.0)
        try:
            response = self.session.get(self.base_url, timeout=timeout)
        except requests.RequestException as exc:
            return Health(False, f"Daxtra unreachable: {type(exc).__name__}")
        if response.status_code >= 500:
            return Health(False, f"Daxtra answered HTTP {response.status_code}")
        return Health(True, f"Daxtra reachable (HTTP {response.status_code})")

    # ------------------------------------------------------------------ account

    def _account_field(self, account: str) -> str:
        """The `account` form value: the account (or its access token), then options."""
        value = self._access_token(account) if self.config.use_access_token else account
        options = self.config.account_options.strip()
        return f"{value}; {options}" if options else value

    def _access_token(self, account: str) -> str:
        now = time.monotonic()
        with self._tokens_lock:
            cached = self._tokens.get(account)
            if cached and cached[1] > now:
                return cached[0]
        url = urljoin(self.base_url, "../../auth/v1/access_token")
        answer = self._send("GET", url, params={"account": account})
        error = error_in(answer)
        if error is not None:
            raise error
        token = _decode(answer.body).strip()
        if not token or any(ch.isspace() for ch in token):
            raise ParseError("Daxtra sent no usable access token for this account.")
        with self._tokens_lock:
            self._tokens[account] = (token, now + TOKEN_LIFETIME_SECONDS)
        return token

    # ------------------------------------------------------------------ transport

    def _post_file(self, endpoint: str, data: bytes, upload_name: str,
                   account_field: str) -> Answer:
        return self._send(
            "POST", urljoin(self.base_url, endpoint),
            files={"file": (upload_name, data, "application/octet-stream")},
            data={"account": account_field},
        )

    def _send(self, method: str, url: str, **kwargs: Any) -> Answer:
        """One call with the configured immediate retries on transient failures."""
        attempts = self.config.retries + 1
        for attempt in range(attempts):
            try:
                answer = self._send_once(method, url, **kwargs)
                error = error_in(answer)
                if error is None or not error.transient:
                    return answer
            except ParseError as exc:
                if not exc.transient:
                    raise
                error = exc
            log.warning("daxtra call failed (attempt %d of %d, transient): %s",
                        attempt + 1, attempts, _endpoint_name(url))
            if attempt + 1 == attempts:
                raise error
            time.sleep(self.config.retry_backoff * (2 ** attempt))
        raise AssertionError("unreachable")  # pragma: no cover

    def _send_once(self, method: str, url: str, **kwargs: Any) -> Answer:
        timeout = self.config.timeout
        try:
            response = self.session.request(method, url, timeout=timeout, **kwargs)
        except requests.Timeout:
            raise ParseError(f"Daxtra did not answer within {timeout:g} seconds; the parse will "
                             "be retried.", transient=True) from None
        except requests.ConnectionError:
            raise ParseError("Daxtra could not be reached; the parse will be retried.",
                             transient=True) from None
        except requests.RequestException as exc:
            raise ParseError(f"Daxtra call failed ({type(exc).__name__}); the parse will be "
                             "retried.", transient=True) from None
        return Answer(status=response.status_code,
                      content_type=response.headers.get("Content-Type", ""),
                      body=response.content)


def _upload_name(filename: str) -> str:
    """Only the extension leaves Mustard: Daxtra uses it to detect the format, while the rest
    of a CV's file name is often the candidate's name."""
    dot = filename.rfind(".")
    extension = filename[dot:].lower() if dot > 0 else ""
    if not re.fullmatch(r"\.[a-z0-9]{1,8}", extension):
        extension = ""
    return "cv" + extension


def _endpoint_name(url: str) -> str:
    """The endpoint path for logs, without the query string (a token lives there)."""
    return urlsplit(url).path.rsplit("/v1/", 1)[-1]
