"""Signing in and out of the console: sessions, CSRF, rate limits, timeouts, invite links."""

from __future__ import annotations

import re

import sqlalchemy as sa

import mustard_admin.tweens
from mustard_admin import invites
from mustard_core.models import AuditEvent, User
from mustard_core.sessions import ABSOLUTE_TIMEOUT
from mustard_core.tenancy import ALL_TENANTS
from tests.admin.conftest import CSRF_RE, ConsoleClient
from tests.helpers import TEST_PASSWORD, remember_secret


def audit_rows(platform, action: str | None = None) -> list[AuditEvent]:
    with platform.session(ALL_TENANTS) as session:
        stmt = sa.select(AuditEvent).order_by(AuditEvent.created_at)
        if action:
            stmt = stmt.where(AuditEvent.action == action)
        return list(session.scalars(stmt))


def test_login_page_is_public_and_locked_down(anonymous_console):
    page = anonymous_console.get("/admin/login")
    assert page.forms["login-form"]["csrf_token"].value
    headers = page.headers
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert "unsafe-inline" not in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cache-Control"] == "no-store"
    # no inline script anywhere: every <script> has a src
    assert all("src=" in tag for tag in re.findall(r"<script[^>]*>", page.text))
    assert "style=" not in page.text


def test_anonymous_visitors_are_sent_to_login_and_brought_back(anonymous_console, factory,
                                                                tenant):
    redirect = anonymous_console.get("/admin/synonyms?q=java", status=303)
    assert redirect.location.endswith("/admin/login?next=%2Fadmin%2Fsynonyms%3Fq%3Djava")
    user = factory.user(tenant, "ops", password=TEST_PASSWORD)
    page = redirect.follow()
    form = page.forms["login-form"]
    assert form["next"].value == "/admin/synonyms?q=java"
    form["email"] = user.email
    form["password"] = TEST_PASSWORD
    assert form.submit(status=303).location.endswith("/admin/synonyms?q=java")


def test_next_never_leaves_the_console(anonymous_console, factory, tenant):
    user = factory.user(tenant, "ops", password=TEST_PASSWORD)
    page = anonymous_console.get("/admin/login?next=https://evil.example/admin/")
    assert 'name="next"' not in page.text
    for target in ("//evil.example/admin", "/api/v1/me", "https://evil.example"):
        response = anonymous_console.post("/admin/login", {
            "email": user.email, "password": TEST_PASSWORD, "next": target})
        assert response.location.endswith("/admin"), target
        anonymous_console.post("/admin/logout")


def test_login_starts_a_new_session_with_safe_cookie_flags(anonymous_console, factory, tenant,
                                                           platform):
    user = factory.user(tenant, "admin", password=TEST_PASSWORD)
    before = anonymous_console.csrf_token()
    response = anonymous_console.login(user.email)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert user.email not in cookie and user.id not in cookie  # signed, but carries no PII
    assert response.location.endswith("/admin")
    assert anonymous_console.get(response.location, status=303).location.endswith("/admin/")
    assert anonymous_console.csrf_token() != before  # the pre-login session is gone
    [event] = audit_rows(platform, "auth.login")
    assert event.actor_id == user.id and event.tenant_id == tenant.id
    assert event.address == anonymous_console.address
    with platform.session(ALL_TENANTS) as session:
        assert session.get(User, user.id).last_login_at is not None


def test_wrong_password_is_refused_inline_and_audited(anonymous_console, factory, tenant,
                                                      platform):
    user = factory.user(tenant, "admin", password=TEST_PASSWORD)
    page = anonymous_console.login(user.email, "not the password", status=401)
    assert "Wrong email or password." in page.text
    assert page.forms["login-form"]["email"].value == user.email  # kept what was typed
    assert page.forms["login-form"]["password"].value == ""  # never echoed
    anonymous_console.login("nobody@agency.example", "whatever", status=401)
    anonymous_console.get("/admin/users", status=303)  # still signed out
    [event] = audit_rows(platform, "auth.login_failed")
    assert event.actor_id == user.id and event.address == anonymous_console.address


def test_empty_fields_are_errors_beside_the_fields(anonymous_console):
    page = anonymous_console.login("", "", status=400)
    assert 'id="f-email-error"' in page.text and 'id="f-password-error"' in page.text
    assert 'aria-invalid="true"' in page.text


def test_login_requires_the_csrf_token(anonymous_console, factory, tenant):
    user = factory.user(tenant, "admin", password=TEST_PASSWORD)
    page = anonymous_console.post("/admin/login", {"email": user.email,
                                                   "password": TEST_PASSWORD},
                                  csrf=False, status=400)
    assert "security token" in page.text
    anonymous_console.get("/admin/users", status=303)


def test_repeated_failures_are_rate_limited(anonymous_console, factory, tenant, platform):
    user = factory.user(tenant, "admin", password=TEST_PASSWORD)
    limit = platform.settings["mustard.login.max_attempts"]
    for _ in range(limit):
        anonymous_console.login(user.email, "wrong password", status=401)
    page = anonymous_console.login(user.email, TEST_PASSWORD, status=429)
    assert "Too many failed sign-in attempts" in page.text
    anonymous_console.get("/admin/users", status=303)


def test_logout_needs_csrf_and_ends_the_session(console, platform):
    client = console("admin")
    client.post("/admin/logout", csrf=False, status=400)
    client.get("/admin/users")
    client.post("/admin/logout")
    client.get("/admin/users", status=303)
    assert [e.action for e in audit_rows(platform, "auth.logout")] == ["auth.logout"]


def test_the_absolute_timeout_ends_a_busy_session(console, monkeypatch):
    client = console("admin")
    client.get("/admin/users")
    real = mustard_admin.tweens.clock
    monkeypatch.setattr(mustard_admin.tweens, "clock", lambda: real() + ABSOLUTE_TIMEOUT - 60)
    client.get("/admin/users")  # still within the absolute limit
    monkeypatch.setattr(mustard_admin.tweens, "clock", lambda: real() + ABSOLUTE_TIMEOUT + 1)
    assert "/admin/login" in client.get("/admin/users", status=303).location
    monkeypatch.setattr(mustard_admin.tweens, "clock", real)
    client.get("/admin/users", status=303)  # the session itself was ended


def test_a_disabled_user_is_signed_out_at_once(console, platform):
    client = console("ops")
    client.get("/admin/synonyms")
    with platform.session(ALL_TENANTS) as session:
        session.get(User, client.user.id).disabled = True
    client.get("/admin/synonyms", status=303)


def test_an_invite_link_sets_a_password_once(console, wsgi, platform):
    admin = console("admin")
    created = admin.post("/admin/users/invite", {"email": "New.Person@Agency.example",
                                                 "name": "New Person", "role": "recruiter"},
                         status=201)
    link = remember_secret(created.html.select_one("[data-invite-url]").text.strip())
    assert "/admin/invite/" in link
    with platform.session(ALL_TENANTS) as session:
        user = session.scalar(sa.select(User).where(User.email == "new.person@agency.example"))
        assert user.password_hash.startswith(invites.PREFIX)
        assert link.rsplit("/", 1)[1] not in user.password_hash  # only its hash is stored
    path = link.split("localhost", 1)[1]

    invitee = ConsoleClient(wsgi)
    invitee.login("new.person@agency.example", "anything at all", status=401)  # not yet
    form = invitee.get(path).forms["accept-form"]
    form["password"] = "short"
    form["confirm"] = "short"
    assert "at least 10 characters" in form.submit(status=400).text
    form = invitee.get(path).forms["accept-form"]
    form["password"] = "a long new password"
    form["confirm"] = "a long new password!"
    assert "The two passwords differ." in form.submit(status=400).text
    form["password"] = "a long new password"
    form["confirm"] = "a long new password"
    assert "notice=password-set" in form.submit(status=303).location
    invitee.get(path, status=404)  # used up
    invitee.login("new.person@agency.example", "a long new password")
    assert invitee.get("/admin/candidates").status_int == 200
    actions = [e.action for e in audit_rows(platform)]
    assert "user.invite" in actions and "user.password_set" in actions


def test_an_expired_or_wrong_invite_link_does_nothing(console, wsgi, platform, monkeypatch):
    admin = console("admin")
    created = admin.post("/admin/users/invite", {"email": "late@agency.example",
                                                 "role": "ops"}, status=201)
    link = created.html.select_one("[data-invite-url]").text.strip()
    path = link.split("localhost", 1)[1]
    visitor = ConsoleClient(wsgi)
    visitor.get(path[:-3] + "xyz", status=404)
    real = invites.clock
    monkeypatch.setattr(invites, "clock", lambda: real() + invites.INVITE_TTL_SECONDS + 5)
    page = visitor.get(path, status=404)
    assert "cannot be used" in page.text
    token = CSRF_RE.search(page.text)
    assert token is None  # no form to submit
