"""Helpers shared by the core's tests (imported by conftest and by test modules alike)."""

from __future__ import annotations

import logging

import webtest

TEST_PASSWORD = "correct horse battery staple"

class SensitiveLog(logging.Handler):
    """Collects every log line of a test, at every level, to check nothing secret leaked."""

    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.lines.append(record.getMessage() + " " + repr(getattr(record, "args", "")))
        except Exception:
            self.lines.append(str(record.msg))


SENSITIVE: set[str] = set()


def remember_secret(value: str | None) -> str | None:
    """Register a value that must never appear in a log line of the current test."""
    if value:
        SENSITIVE.add(value)
    return value


class Client:
    """webtest with a bearer token and JSON defaults."""

    def __init__(self, app: webtest.TestApp, token: str | None):
        self.app = app
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def _h(self, headers):
        return {**self.headers, **(headers or {})}

    def get(self, url, status=200, headers=None, **kw):
        return self.app.get(url, headers=self._h(headers), status=status, **kw)

    def post(self, url, body=None, status=201, headers=None):
        return self.app.post_json(url, body, headers=self._h(headers), status=status)

    def patch(self, url, body=None, status=200, headers=None):
        return self.app.patch_json(url, body, headers=self._h(headers), status=status)

    def put(self, url, body=None, status=200, headers=None):
        return self.app.put_json(url, body, headers=self._h(headers), status=status)

    def delete(self, url, status=204, headers=None):
        return self.app.delete(url, headers=self._h(headers), status=status)

    def upload(self, url, filename, data, status=202, **fields):
        return self.app.post(url, params=list(fields.items()),
                             upload_files=[("file", filename, data)],
                             headers=self.headers, status=status)


