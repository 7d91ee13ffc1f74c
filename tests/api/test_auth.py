"""Signing in, tokens, legacy passwords, rate limits."""

import hashlib

import pytest
from sqlalchemy import select

from mustard_core.models import ApiToken, User
from mustard_core.services.users import import_users
from mustard_core.tenancy import ALL_TENANTS
from tests.helpers import TEST_PASSWORD, Client, remember_secret


def test_token_for_correct_password(app, factory, tenant):
    user = factory.user(tenant, "recruiter", password=TEST_PASSWORD)
    res = app.post_json("/api/v1/auth/token", {"email": user.email.upper(),
                                               "password": TEST_PASSWORD}, status=201)
    remember_secret(res.json["token"])
    assert res.json["user"]["email"] == user.email
    assert res.json["user"]["tenant"]["slug"] == tenant.slug
    assert res.json["expires_at"]
    me = app.get("/api/v1/me", headers={"Authorization": f"Bearer {res.json['token']}"})
    assert me.json["id"] == user.id


def test_token_is_stored_hashed(app, factory, tenant, platform):
    user = factory.user(tenant, "recruiter", password=TEST_PASSWORD)
    token = remember_secret(app.post_json("/api/v1/auth/token", {
        "email": user.email, "password": TEST_PASSWORD}).json["token"])
    with platform.session(ALL_TENANTS) as session:
        stored = [row.token_hash for row in session.scalars(select(ApiToken))]
    assert token not in stored
    assert hashlib.sha256(token.encode()).hexdigest() in stored


@pytest.mark.parametrize("body, field", [
    ({"email": "a@b.example"}, "password"),
    ({"password": "x"}, "email"),
    ({"email": "a@b.example", "password": "x", "extra": 1}, "extra"),
])
def test_token_validation_names_the_field(app, body, field):
    res = app.post_json("/api/v1/auth/token", body, status=422)
    assert res.json["error"]["code"] == "validation_failed"
    assert field in [d["field"] for d in res.json["error"]["details"]]


def test_wrong_password_and_unknown_user_look_the_same(app, factory, tenant):
    user = factory.user(tenant, "recruiter", password=TEST_PASSWORD)
    wrong = app.post_json("/api/v1/auth/token", {"email": user.email, "password": "nope"},
                          status=401)
    unknown = app.post_json("/api/v1/auth/token", {"email": "ghost@x.example",
                                                   "password": "nope"}, status=401)
    assert wrong.json == unknown.json


def test_disabled_user_cannot_sign_in_and_loses_tokens(app, factory, tenant, platform):
    user = factory.user(tenant, "recruiter", password=TEST_PASSWORD)
    client = Client(app, factory.token(user))
    client.get("/api/v1/me")
    with platform.session(ALL_TENANTS) as session:
        session.get(User, user.id).disabled = True
    client.get("/api/v1/me", status=401)
    app.post_json("/api/v1/auth/token", {"email": user.email, "password": TEST_PASSWORD},
                  status=401)


def test_revoke_token(app, factory, tenant):
    client = Client(app, factory.token(factory.user(tenant)))
    client.delete("/api/v1/auth/token")
    res = client.get("/api/v1/me", status=401)
    assert res.json["error"]["code"] == "unauthorized"
    assert res.headers["WWW-Authenticate"].startswith("Bearer")


def test_garbage_token_is_401(app):
    for header in ["Bearer nope", "Bearer ", "Basic abc", "Bearer " + "x" * 5000]:
        res = app.get("/api/v1/me", headers={"Authorization": header}, status=401)
        assert res.json["error"]["code"] == "unauthorized"


def test_md5_era_user_logs_in_once_and_is_rehashed(app, factory, tenant, platform):
    salt = "s4lt"
    digest = hashlib.md5((salt + TEST_PASSWORD).encode()).hexdigest()  # noqa: S324
    with platform.session(ALL_TENANTS) as session:
        from mustard_core.models import Tenant

        emails = import_users(session, platform.passwords, session.get(Tenant, tenant.id),
                              f"email,name,role,salt,md5\nold@agency.example,Old,recruiter,"
                              f"{salt},{digest}\n")
    assert emails == ["old@agency.example"]
    with platform.session(ALL_TENANTS) as session:
        stored = session.scalar(select(User).where(User.email == "old@agency.example"))
        assert stored.password_hash.startswith("legacy-md5$")
        assert digest not in stored.password_hash  # the digest itself is wrapped, not kept
    app.post_json("/api/v1/auth/token", {"email": "old@agency.example", "password": "wrong"},
                  status=401)
    res = app.post_json("/api/v1/auth/token", {"email": "old@agency.example",
                                               "password": TEST_PASSWORD}, status=201)
    remember_secret(res.json["token"])
    with platform.session(ALL_TENANTS) as session:
        stored = session.scalar(select(User).where(User.email == "old@agency.example"))
        assert stored.password_hash.startswith("$argon2id$")
        assert "m=19456" in stored.password_hash
    remember_secret(app.post_json("/api/v1/auth/token", {
        "email": "old@agency.example", "password": TEST_PASSWORD}, status=201).json["token"])


def test_login_rate_limited_per_account(app, factory, tenant, platform):
    user = factory.user(tenant, "recruiter", password=TEST_PASSWORD)
    limit = platform.settings["mustard.login.max_attempts"]
    try:
        for _ in range(limit):
            app.post_json("/api/v1/auth/token", {"email": user.email, "password": "bad"},
                          status=401)
        res = app.post_json("/api/v1/auth/token", {"email": user.email,
                                                   "password": TEST_PASSWORD}, status=429)
        assert int(res.headers["Retry-After"]) > 0
        assert res.json["error"]["code"] == "rate_limited"
    finally:
        platform.rate_limiter.reset(f"login:acct:{user.email}")
        platform.rate_limiter.reset("login:addr:127.0.0.1")
        platform.rate_limiter.reset("login:addr:unknown")


def test_login_rate_limited_per_address(app, factory, tenant, platform):
    limit = platform.settings["mustard.login.max_attempts"] * 5
    env = {"REMOTE_ADDR": "203.0.113.9"}
    try:
        for i in range(limit):
            app.post_json("/api/v1/auth/token", {"email": f"u{i}@x.example",
                                                 "password": "bad"},
                          status=401, extra_environ=env)
        app.post_json("/api/v1/auth/token", {"email": "other@x.example", "password": "bad"},
                      status=429, extra_environ=env)
        # another address is not affected
        app.post_json("/api/v1/auth/token", {"email": "other@x.example", "password": "bad"},
                      status=401, extra_environ={"REMOTE_ADDR": "203.0.113.10"})
    finally:
        platform.rate_limiter.reset("login:addr:203.0.113.9")
        platform.rate_limiter.reset("login:addr:203.0.113.10")
        for i in range(limit):
            platform.rate_limiter.reset(f"login:acct:u{i}@x.example")
        platform.rate_limiter.reset("login:acct:other@x.example")
