"""Fixtures for the console's tests: browsers-in-a-test (webtest keeps the session cookie) signed
in as a user of each role, on the shared per-backend platform of tests/conftest.py."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable

import pytest
import webtest

from mustard_core.models import Tenant, User
from tests.helpers import TEST_PASSWORD

CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
_addresses = itertools.count(1)


def fresh_address() -> str:
    """A client address of its own, so login rate limits of one test never touch another."""
    n = next(_addresses)
    return f"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}"


class ConsoleClient:
    """One browser: its own cookie jar (the console session) and client address."""

    def __init__(self, wsgi, user: User | None = None):
        self.address = fresh_address()
        self.app = webtest.TestApp(wsgi, extra_environ={"REMOTE_ADDR": self.address})
        self.user = user
        self._csrf: str | None = None

    # ------------------------------------------------------------------ signing in
    def login(self, email: str, password: str = TEST_PASSWORD, *, status: int = 303):
        page = self.app.get("/admin/login")
        form = page.forms["login-form"]
        form["email"] = email
        form["password"] = password
        self._csrf = None  # a login starts a new session, with a new token
        return form.submit(status=status)

    def csrf_token(self) -> str:
        """The session's token, read once from a page (reading it again would consume the
        flash messages the next page should show)."""
        if self._csrf is None:
            self._csrf = self._read_csrf_token()
        return self._csrf

    def _read_csrf_token(self) -> str:
        page = self.app.get("/admin/login", status="*")
        if page.status_int in (302, 303):
            page = page.follow(status="*")
        match = CSRF_RE.search(page.text)
        assert match, "no CSRF token on the page"
        return match.group(1)

    # ------------------------------------------------------------------ requests
    def get(self, url: str, status: int | str = 200, **kw):
        return self.app.get(url, status=status, **kw)

    def post(self, url: str, fields=None, *, status: int | str = 303, csrf: bool = True,
             upload_files=None, **kw):
        params = list(fields.items()) if isinstance(fields, dict) else list(fields or [])
        params = [(k, v) for k, value in params
                  for v in (value if isinstance(value, list | tuple) else [value])]
        if csrf:
            params.append(("csrf_token", self.csrf_token()))
        response = self.app.post(url, params=params, status=status, upload_files=upload_files,
                                 **kw)
        if url in ("/admin/login", "/admin/logout"):
            self._csrf = None  # the session, and its token, may have changed
        return response


@pytest.fixture
def wsgi(app):
    return app.app


@pytest.fixture
def console(wsgi, factory, tenant) -> Callable[..., ConsoleClient]:
    """console("ops") -> a client signed in as a new ops user of `tenant`;
    console(superadmin=True) -> a platform superadmin without a tenant."""

    def make(role: str = "admin", in_tenant: Tenant | None = None, *,
             superadmin: bool = False) -> ConsoleClient:
        owner = None if superadmin else (in_tenant or tenant)
        user = factory.user(owner, role, superadmin=superadmin, password=TEST_PASSWORD)
        client = ConsoleClient(wsgi, user)
        client.login(user.email)
        return client

    return make


@pytest.fixture
def anonymous_console(wsgi) -> ConsoleClient:
    return ConsoleClient(wsgi)
