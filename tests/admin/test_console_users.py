"""Tenant administration: users, API tokens and write-only integration credentials."""

from __future__ import annotations

import sqlalchemy as sa

from mustard_admin import invites
from mustard_core.models import ApiToken, AuditEvent, IntegrationCredential, Role, User
from mustard_core.tenancy import ALL_TENANTS
from tests.admin.conftest import ConsoleClient
from tests.helpers import TEST_PASSWORD, Client, remember_secret


def events(platform, prefix: str) -> list[AuditEvent]:
    with platform.session(ALL_TENANTS) as session:
        return list(session.scalars(sa.select(AuditEvent).where(
            AuditEvent.action.startswith(prefix)).order_by(AuditEvent.created_at)))


def test_invite_form_errors_are_inline_and_keep_the_input(console, factory, tenant):
    factory.user(tenant, "ops", email="taken@agency.example")
    admin = console("admin")
    page = admin.post("/admin/users/invite", {"email": "not-an-email", "name": "Typed Name",
                                              "role": "king"}, status=400)
    assert page.html.select_one("#f-email-error") and page.html.select_one("#f-role-error")
    form = page.forms["invite-form"]
    assert form["email"].value == "not-an-email" and form["name"].value == "Typed Name"
    taken = admin.post("/admin/users/invite", {"email": "TAKEN@agency.example",
                                               "role": "ops"}, status=400)
    assert "already exists" in taken.html.select_one("#f-email-error").text


def test_role_changes_are_audited_and_own_role_is_locked(console, factory, tenant, platform):
    member = factory.user(tenant, "recruiter")
    admin = console("admin")
    admin.post(f"/admin/users/{member.id}", {"name": "Renamed", "role": "ops"})
    with platform.session(ALL_TENANTS) as session:
        assert session.get(User, member.id).role == Role.ops
    [event] = events(platform, "user.update")
    assert event.details["changes"]["role"] == {"before": "recruiter", "after": "ops"}
    assert event.target == f"user:{member.id}" and event.tenant_id == tenant.id
    page = admin.post(f"/admin/users/{admin.user.id}", {"name": "", "role": "recruiter"},
                      status=400)
    assert "your own role" in page.html.select_one("#f-role-error").text


def test_disable_and_enable_a_user(console, factory, tenant, platform, app):
    member = factory.user(tenant, "recruiter")
    api = Client(app, factory.token(member))
    api.get("/api/v1/me")
    admin = console("admin")
    admin.post(f"/admin/users/{member.id}/disable")
    api.get("/api/v1/me", status=401)  # tokens stop working too
    assert "disabled" in admin.get(f"/admin/users/{member.id}").text
    admin.post(f"/admin/users/{member.id}/enable")
    api.get("/api/v1/me")
    admin.post(f"/admin/users/{admin.user.id}/disable")  # refused: not oneself
    with platform.session(ALL_TENANTS) as session:
        assert session.get(User, admin.user.id).disabled is False
    assert [e.action for e in events(platform, "user.")] == ["user.disable", "user.enable"]


def test_reset_password_ends_the_old_one_and_gives_a_link(console, factory, tenant, platform,
                                                          wsgi):
    member = factory.user(tenant, "ops", password=TEST_PASSWORD)
    admin = console("admin")
    page = admin.post(f"/admin/users/{member.id}/reset-password", status=200)
    link = remember_secret(page.html.select_one("[data-invite-url]").text.strip())
    assert "old password no longer works" in page.text
    someone = ConsoleClient(wsgi)
    someone.login(member.email, status=401)
    with platform.session(ALL_TENANTS) as session:
        assert invites.pending(session.get(User, member.id)) is not None
    form = someone.get(link.split("localhost", 1)[1]).forms["accept-form"]
    form["password"] = form["confirm"] = "another good password"
    form.submit(status=303)
    someone.login(member.email, "another good password")
    assert [e.action for e in events(platform, "user.reset")] == ["user.reset_password"]


def test_user_list_filters_and_pages(console, factory, tenant):
    for i in range(27):
        factory.user(tenant, "recruiter", email=f"person{i:02d}@agency.example")
    admin = console("admin")
    assert "of 28 users" in admin.get("/admin/users").text
    assert "Showing 26\u201328 of 28 users" in admin.get("/admin/users?page=2").text
    assert len(admin.get("/admin/users?q=person1").html.select("tbody tr")) == 10
    assert len(admin.get("/admin/users?role=admin").html.select("tbody tr")) == 1


# --------------------------------------------------------------------------- tokens


def test_a_token_is_shown_once_and_works_until_revoked(console, factory, tenant, app, platform):
    member = factory.user(tenant, "recruiter")
    admin = console("admin")
    form = admin.get("/admin/tokens/new").forms["token-form"]
    form["user_id"] = member.id
    form["name"] = "nightly export"
    form["ttl"] = "30"
    page = form.submit(status=201)
    token = remember_secret(page.html.select_one("[data-token]").text.strip())
    assert token.startswith("mst_")
    api = Client(app, token)
    assert api.get("/api/v1/me").json["id"] == member.id
    listing = admin.get("/admin/tokens")
    assert token not in listing.text and token[:10] in listing.text  # the prefix only
    with platform.session(ALL_TENANTS) as session:
        row = session.scalar(sa.select(ApiToken).where(ApiToken.name == "nightly export"))
    admin.post(f"/admin/tokens/{row.id}/revoke")
    api.get("/api/v1/me", status=401)
    assert "revoked" in admin.get("/admin/tokens?status=revoked").text
    assert [e.action for e in events(platform, "token.")] == ["token.create", "token.revoke"]
    assert token not in str([e.details for e in events(platform, "token.")])


def test_token_form_errors(console, factory, tenant):
    other = factory.tenant()
    stranger = factory.user(other, "admin")
    admin = console("admin")
    page = admin.post("/admin/tokens/new", {"user_id": stranger.id, "name": "",
                                            "ttl": "9999"}, status=400)
    for field in ("user_id", "name", "ttl"):
        assert page.html.select_one(f"#f-{field}-error"), field


# --------------------------------------------------------------------------- credentials


def test_a_credential_is_encrypted_and_never_shown_again(console, tenant, platform):
    secret = remember_secret("s3cr3t-daxtra-password-value")
    admin = console("admin")
    admin.post("/admin/credentials", {"name": "daxtra", "value": secret})
    page = admin.get("/admin/credentials")
    assert secret not in page.text
    assert "daxtra" in page.html.select_one("tbody").text
    assert admin.user.email in page.html.select_one("tbody").text  # set by whom
    with platform.session(tenant.id) as session:
        row = session.scalar(sa.select(IntegrationCredential))
        assert secret not in row.ciphertext and row.set_by == admin.user.id
    assert platform.credential(tenant.ref(), "daxtra") == secret
    # replacing keeps one row, with the new value
    admin.post("/admin/credentials", {"name": "daxtra", "value": "replacement-value"})
    assert platform.credential(tenant.ref(), "daxtra") == "replacement-value"
    logged = events(platform, "credential.")
    assert [e.details for e in logged] == [{"replaced": False}, {"replaced": True}]
    assert secret not in str([(e.target, e.details) for e in logged])
    admin.post(f"/admin/credentials/{row.id}/delete")
    assert platform.credential(tenant.ref(), "daxtra") is None


def test_credential_form_errors_do_not_echo_the_value(console):
    admin = console("admin")
    page = admin.post("/admin/credentials", {"name": "Bad Name!", "value": "typed-secret"},
                      status=400)
    assert page.html.select_one("#f-name-error")
    assert "typed-secret" not in page.text
    assert page.forms["credential-form"]["name"].value == "Bad Name!"
    empty = admin.post("/admin/credentials", {"name": "daxtra", "value": "  "}, status=400)
    assert empty.html.select_one("#f-value-error")
