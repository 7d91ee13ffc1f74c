"""Who may open which console page, that no tenant sees another's records, and that every
state-changing form is refused without its CSRF token."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from mustard_core.jobs import enqueue
from mustard_core.models import (
    ApiToken,
    Candidate,
    IntegrationCredential,
    Job,
    JobState,
    Synonym,
    Tenant,
)
from mustard_core.security import Permission, issue_token
from mustard_core.tenancy import ALL_TENANTS

TENANT_PAGES = ["/admin/", "/admin/users", "/admin/users/invite", "/admin/tokens",
                "/admin/tokens/new", "/admin/credentials", "/admin/synonyms",
                "/admin/synonyms/new", "/admin/synonyms/import", "/admin/synonyms/export.csv",
                "/admin/reindex", "/admin/jobs", "/admin/plugins", "/admin/audit",
                "/admin/candidates"]
PLATFORM_PAGES = ["/admin/tenants", "/admin/tenants/new"]

# page -> the roles that may open it (superadmin: a platform superadmin without a tenant)
ALLOWED = {
    "/admin/": {"ops", "admin", "superadmin"},
    "/admin/users": {"admin"},
    "/admin/users/invite": {"admin"},
    "/admin/tokens": {"admin"},
    "/admin/tokens/new": {"admin"},
    "/admin/credentials": {"admin"},
    "/admin/synonyms": {"ops", "admin"},
    "/admin/synonyms/new": {"ops", "admin"},
    "/admin/synonyms/import": {"ops", "admin"},
    "/admin/synonyms/export.csv": {"ops", "admin"},
    "/admin/reindex": {"ops", "admin"},
    "/admin/jobs": {"ops", "admin", "superadmin"},
    "/admin/plugins": {"ops", "admin", "superadmin"},
    "/admin/audit": {"admin", "superadmin"},
    "/admin/candidates": {"recruiter", "ops", "admin"},
    "/admin/tenants": {"superadmin"},
    "/admin/tenants/new": {"superadmin"},
}
ROLES = ["recruiter", "ops", "admin", "superadmin"]


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reaches_exactly_its_pages(console, role):
    client = console(superadmin=True) if role == "superadmin" else console(role)
    for path in TENANT_PAGES + PLATFORM_PAGES:
        expected = 200 if role in ALLOWED[path] else 403
        response = client.get(path, status="*")
        assert response.status_int == expected, (role, path, response.status)
        if expected == 403:
            assert "Not allowed" in response.text  # the console's page, not JSON
        if path.endswith(".csv"):
            continue
        assert response.headers["X-Frame-Options"] == "DENY"


TOP_LEVEL = [path for path in ALLOWED if path.count("/") == 2]


@pytest.mark.parametrize("role", ROLES)
def test_navigation_offers_exactly_the_reachable_pages(console, role):
    client = console(superadmin=True) if role == "superadmin" else console(role)
    home = client.get("/admin", status=303).follow()
    links = {a["href"] for a in home.html.select("nav.sidebar a")}
    assert links & set(TOP_LEVEL) == {path for path in TOP_LEVEL if role in ALLOWED[path]}
    for link in links:
        assert client.get(link, status="*").status_int == 200, (role, link)


def test_plugin_admin_panels_appear_in_the_navigation(console):
    ops = console("ops")
    page = ops.get("/admin/")
    panel = page.html.select_one("nav.sidebar a[href='/admin/hello']")
    assert panel is not None and panel.text == "Hello"  # the example plugin's AdminPanel
    recruiter = console("recruiter")
    assert recruiter.get("/admin/candidates").html.select_one("a[href='/admin/hello']") is None


def test_anonymous_json_status_is_refused_not_redirected(anonymous_console):
    response = anonymous_console.get("/admin/jobs/abc/status.json", status=403)
    assert response.json["error"]["code"] == 403


# --------------------------------------------------------------------------- tenant isolation


@pytest.fixture
def other_tenant_rows(factory, platform):
    """A second tenant with one of everything, and the ids of those rows."""
    other = factory.tenant()
    user = factory.user(other, "recruiter")
    with platform.session(other.id) as session:
        candidate = Candidate(tenant_id=other.id, name="Other Person", profile={})
        synonym = Synonym(tenant_id=other.id, type="synonym",
                          synonyms=["otherword-one", "otherword-two"])
        credential = IntegrationCredential(tenant_id=other.id, name="daxtra", ciphertext="x",
                                           key_id="k")
        session.add_all([candidate, synonym, credential])
        job = enqueue(session, tenant_id=other.id, kind="no-such-kind")
        job.state = JobState.failed
        job.error = "boom"
        session.flush()
        ids = {"candidate": candidate.id, "synonym": synonym.id, "credential": credential.id,
               "job": job.id, "user": user.id}
    with platform.session(ALL_TENANTS) as session:
        _, token = issue_token(session.merge(user), name="other", ttl=None)
        session.add(token)
        session.flush()
        ids["token"] = token.id
    return ids


def test_a_tenant_admin_cannot_see_another_tenants_records(console, other_tenant_rows):
    ids = other_tenant_rows
    admin = console("admin")
    for path in (f"/admin/users/{ids['user']}", f"/admin/synonyms/{ids['synonym']}",
                 f"/admin/jobs/{ids['job']}", f"/admin/jobs/{ids['job']}/status.json",
                 f"/admin/candidates/{ids['candidate']}"):
        assert admin.get(path, status="*").status_int == 404, path
    for path in (f"/admin/users/{ids['user']}/disable",
                 f"/admin/users/{ids['user']}/reset-password",
                 f"/admin/synonyms/{ids['synonym']}/delete",
                 f"/admin/jobs/{ids['job']}/retry",
                 f"/admin/tokens/{ids['token']}/revoke",
                 f"/admin/credentials/{ids['credential']}/delete"):
        assert admin.post(path, status="*").status_int == 404, path
    # and lists never show them
    assert "Other Person" not in admin.get("/admin/candidates").text
    assert "otherword" not in admin.get("/admin/synonyms").text
    assert "Showing" not in admin.get("/admin/synonyms").text  # and count none of them
    assert ids["job"] not in admin.get("/admin/jobs").text
    assert "No jobs match." in admin.get("/admin/jobs").text
    assert ids["user"] not in admin.get("/admin/users").text
    assert "No credentials stored." in admin.get("/admin/credentials").text
    assert "other" not in admin.get("/admin/tokens?status=all").html.select_one("tbody").text


def test_posts_on_another_tenant_change_nothing(console, other_tenant_rows, platform):
    ids = other_tenant_rows
    console("admin").post(f"/admin/synonyms/{ids['synonym']}/delete", status=404)
    console("ops").post(f"/admin/jobs/{ids['job']}/retry", status=404)
    with platform.session(ALL_TENANTS) as session:
        assert session.get(Synonym, ids["synonym"]) is not None
        assert session.get(Job, ids["job"]).state == JobState.failed
        assert session.get(ApiToken, ids["token"]).revoked_at is None


def test_a_superadmin_sees_every_tenants_jobs_read_only(console, other_tenant_rows):
    ids = other_tenant_rows
    superadmin = console(superadmin=True)
    page = superadmin.get("/admin/jobs")
    assert ids["job"] in page.text
    assert superadmin.get(f"/admin/jobs/{ids['job']}").status_int == 200
    assert "Retry" not in superadmin.get(f"/admin/jobs/{ids['job']}").html.select_one(
        ".page-head").text
    superadmin.post(f"/admin/jobs/{ids['job']}/retry", status=403)


# --------------------------------------------------------------------------- CSRF


def csrf_targets(ids: dict) -> list[tuple[str, dict]]:
    return [
        ("/admin/users/invite", {"email": "x@agency.example", "role": "recruiter"}),
        (f"/admin/users/{ids['own_user']}", {"name": "X", "role": "ops"}),
        (f"/admin/users/{ids['own_user']}/disable", {}),
        (f"/admin/users/{ids['own_user']}/reset-password", {}),
        ("/admin/tokens/new", {"user_id": ids["own_user"], "name": "t", "ttl": "30"}),
        ("/admin/credentials", {"name": "daxtra", "value": "secret-value"}),
        ("/admin/synonyms/new", {"type": "synonym", "synonyms": "a\nb"}),
        (f"/admin/synonyms/{ids['own_synonym']}", {"type": "synonym", "synonyms": "c\nd"}),
        (f"/admin/synonyms/{ids['own_synonym']}/delete", {}),
        ("/admin/synonyms/push", {}),
        ("/admin/reindex", {}),
        (f"/admin/jobs/{ids['own_job']}/retry", {}),
        (f"/admin/jobs/{ids['own_job']}/cancel", {}),
    ]


def test_every_form_is_refused_without_its_csrf_token(console, factory, tenant, platform):
    own_user = factory.user(tenant, "recruiter")
    with platform.session(tenant.id) as session:
        synonym = Synonym(tenant_id=tenant.id, type="synonym", synonyms=["x", "y"])
        session.add(synonym)
        job = enqueue(session, tenant_id=tenant.id, kind="no-such-kind")
        job.state = JobState.failed
        session.flush()
        ids = {"own_user": own_user.id, "own_synonym": synonym.id, "own_job": job.id}
    admin = console("admin")
    for path, fields in csrf_targets(ids):
        admin.post(path, fields, csrf=False, status=400)
        admin.post(path, {**fields, "csrf_token": "forged"}, csrf=False, status=400)
    with platform.session(ALL_TENANTS) as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(Synonym)) == 1
        assert session.get(Synonym, ids["own_synonym"]).synonyms == ["x", "y"]
        assert session.get(Job, ids["own_job"]).state == JobState.failed
        assert session.scalar(sa.select(sa.func.count()).select_from(Job)) == 1
        assert session.scalar(sa.select(sa.func.count()).select_from(ApiToken)) == 0
        assert session.scalar(sa.select(sa.func.count()).select_from(IntegrationCredential)) == 0
    superadmin = console(superadmin=True)
    superadmin.post("/admin/tenants/new", {"name": "X", "slug": "x-agency",
                                           "admin_email": "a@x.example"},
                    csrf=False, status=400)
    superadmin.post(f"/admin/tenants/{tenant.id}/deactivate", csrf=False, status=400)
    with platform.session(ALL_TENANTS) as session:
        assert session.get(Tenant, tenant.id).active is True
        assert session.scalar(sa.select(sa.func.count()).select_from(Tenant)) == 1


# --------------------------------------------------------------------------- every view

PUBLIC_VIEWS = {"admin.root", "admin.auth.login", "admin.auth.logout", "admin.invites.accept"}


def console_views(app) -> list[tuple[str, str, object, bool]]:
    """(route name, method, permission, require_csrf) for every view of an admin.* route."""
    views = []
    for intr in app.app.registry.introspector.get_category("views"):
        view = intr["introspectable"]
        name = view["route_name"]
        if not name or not name.startswith("admin."):
            continue
        methods = view["request_methods"] or ("GET",)
        methods = (methods,) if isinstance(methods, str) else methods
        permissions = [r.discriminator for r in intr["related"]
                       if r.category_name == "permissions"]
        for method in methods:
            views.append((name, method, permissions[0] if permissions else None,
                          bool(view["require_csrf"])))
    return views


def test_every_console_view_declares_a_permission_and_posts_need_csrf(app):
    views = console_views(app)
    assert len({name for name, *_ in views}) >= 35
    for name, method, permission, require_csrf in views:
        if name not in PUBLIC_VIEWS:
            assert permission in set(Permission), (name, method, permission)
        if method == "POST":
            assert require_csrf, (name, method)


def test_unknown_console_pages_are_html_404s(anonymous_console, console):
    page = anonymous_console.get("/admin/no-such-page", status=404)
    assert page.content_type == "text/html" and "Not found" in page.text
    assert page.headers["X-Frame-Options"] == "DENY"
    signed_in = console("ops").get("/admin/no-such-page", status=404)
    assert signed_in.html.select_one("nav.sidebar") is not None
