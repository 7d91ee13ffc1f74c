"""The plugins page, the audit log, and the recruiters' candidate views."""

from __future__ import annotations

import sqlalchemy as sa

from mustard_core.models import AuditEvent, Candidate, Document, DocumentKind, GeneratedResume
from mustard_core.tenancy import ALL_TENANTS
from mustard_core.testing.samples import PLAIN_TEXT_CV
from tests.helpers import Client


def test_plugins_health_and_masked_settings(console, platform):
    ops = console("ops")
    page = ops.get("/admin/plugins")
    plugins = {row["data-plugin"] for row in page.html.select("tr[data-plugin]")}
    assert {"storage_local", "search_sql", "parser", "metrics_log", "hello"} <= plugins
    health = {row["data-health"]: row.select("td")[1].text.strip()
              for row in page.html.select("tr[data-health]")}
    assert health["database"] == "ok" and health["search"] == "ok"
    declared = len(platform.declared)
    assert f"Showing 1\u201325 of {declared} settings" in page.text

    def settings(query: str) -> dict[str, str]:
        found = ops.get(f"/admin/plugins?setting={query}")
        for secret in (platform.settings["mustard.secret_key"],
                       platform.settings["sqlalchemy.url"]):
            assert secret not in found.text
        return {row["data-setting"]: row.select("td")[1].text.strip()
                for row in found.html.select("tr[data-setting]")}

    assert settings("secret_key") == {"mustard.secret_key": "********"}
    assert settings("DATABASE_URL") == {"sqlalchemy.url": "********"}
    assert settings("mustard.search")["mustard.search"] == "sql"
    assert settings("hello") == {"mustard_hello.greeting": "Hello"}  # a plugin's setting
    every = {}
    for number in range(1, -(-declared // 25) + 1):
        listed = ops.get(f"/admin/plugins?page={number}").html.select("tr[data-setting]")
        every.update({row["data-setting"]: row for row in listed})
    assert len(every) == declared


def test_audit_log_filters_by_user_and_stays_in_the_tenant(console, factory, tenant, platform):
    other = factory.tenant()
    admin = console("admin")
    ops = console("ops")
    ops.post("/admin/synonyms/new", {"type": "synonym", "synonyms": "a\nb"})
    console("admin", other).post("/admin/synonyms/new", {"type": "synonym", "synonyms": "c\nd"})
    page = admin.get("/admin/audit")
    rows = page.html.select("tr[data-audit-action]")
    assert {r["data-audit-action"] for r in rows} == {"auth.login", "synonyms.create"}
    assert len(rows) == 3  # two logins and one synonym set, all in this tenant
    only_ops = admin.get(f"/admin/audit?user={ops.user.id}").html.select("tr[data-audit-action]")
    assert [r["data-audit-action"] for r in only_ops] == ["synonyms.create", "auth.login"]
    assert ops.user.email in only_ops[0].text and ops.address in only_ops[0].text
    only_synonyms = admin.get("/admin/audit?action=synonyms.").html.select(
        "tr[data-audit-action]")
    assert len(only_synonyms) == 1
    # a user of another tenant is no filter here
    assert len(admin.get(f"/admin/audit?user={factory.user(other).id}").html.select(
        "tr[data-audit-action]")) == 3


def test_superadmin_audit_filters_by_tenant(console, factory, tenant):
    other = factory.tenant()
    console("admin")
    console("admin", other)
    superadmin = console(superadmin=True)
    all_rows = superadmin.get("/admin/audit").html.select("tr[data-audit-action]")
    assert len(all_rows) == 3  # three logins
    mine = superadmin.get(f"/admin/audit?tenant={tenant.id}").html.select(
        "tr[data-audit-action]")
    assert len(mine) == 1
    platform_only = superadmin.get("/admin/audit?tenant=platform").html.select(
        "tr[data-audit-action]")
    assert len(platform_only) == 1 and superadmin.user.email in platform_only[0].text


def test_settings_changes_show_before_and_after(console, factory):
    tenant = factory.tenant("diffed", currency="GBP")
    superadmin = console(superadmin=True)
    form = superadmin.get(f"/admin/tenants/{tenant.id}").forms["tenant-form"]
    form["currency"] = "CHF"
    form.submit(status=303)
    page = superadmin.get(f"/admin/audit?tenant={tenant.id}&action=tenant.update")
    cells = [td.text for td in page.html.select("table.diff tbody td")]
    assert cells == ["currency", '"GBP"', '"CHF"']


def test_audit_pages(console, tenant, platform):
    with platform.session(ALL_TENANTS) as session:
        for i in range(40):
            session.add(AuditEvent(tenant_id=tenant.id, action="test.event", target=str(i)))
    admin = console("admin")
    assert "Showing 1\u201325 of 41 events" in admin.get("/admin/audit").text


# --------------------------------------------------------------------------- candidates


def add_candidate(platform, tenant, **values) -> str:
    with platform.session(tenant.id) as session:
        row = Candidate(tenant_id=tenant.id, profile=values.pop("profile", {}), **values)
        session.add(row)
        session.flush()
        return row.id


def test_candidate_values_are_escaped(console, tenant, platform):
    candidate_id = add_candidate(platform, tenant, name="<script>alert(1)</script>",
                                 headline='"><img src=x onerror=alert(2)>', profile={
                                     "links": [{"url": "javascript:alert(3)"},
                                               {"url": "https://example.com/me"}],
                                     "summary": "</p><script>x()</script>"})
    recruiter = console("recruiter")
    for page in (recruiter.get("/admin/candidates"),
                 recruiter.get(f"/admin/candidates/{candidate_id}")):
        assert "<script>alert(1)</script>" not in page.text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
        assert "<img" not in page.text
    detail = recruiter.get(f"/admin/candidates/{candidate_id}")
    hrefs = [a["href"] for a in detail.html.select("main a")]
    assert "https://example.com/me" in hrefs
    assert not [h for h in hrefs if h.lower().startswith("javascript")]
    assert "<script>x()</script>" not in detail.text


def test_candidate_search_uses_the_engine_and_highlights_safely(console, factory, tenant,
                                                                platform, app):
    api = Client(app, factory.token(factory.user(tenant, "recruiter")))
    created = api.post("/api/v1/candidates", {
        "name": "Grace <b>Hopper</b>", "headline": "COBOL & compilers",
        "profile": {"skills": [{"name": "COBOL"}]}}).json
    api.post("/api/v1/candidates", {"name": "Someone Else", "headline": "Gardener"})
    assert platform.dispatcher.drain(timeout=30)
    recruiter = console("recruiter")
    page = recruiter.get("/admin/candidates?q=cobol")
    rows = page.html.select("tr[data-candidate-id]")
    assert [r["data-candidate-id"] for r in rows] == [created["id"]]
    assert "<b>Hopper</b>" not in page.text and "&lt;b&gt;Hopper&lt;/b&gt;" in page.text
    marks = page.html.select("tbody mark")
    assert marks and {m.text.lower() for m in marks} == {"cobol"}
    assert "Showing 1\u20131 of 1 matches" in page.text
    assert "of 2 candidates" in recruiter.get("/admin/candidates").text  # database listing


def test_candidate_profile_documents_and_resumes(console, factory, tenant, platform, app):
    api = Client(app, factory.token(factory.user(tenant, "recruiter")))
    accepted = api.upload("/api/v1/uploads", "ada.txt", PLAIN_TEXT_CV).json
    assert platform.dispatcher.drain(timeout=30)
    candidate_id = api.get(f"/api/v1/jobs/{accepted['job']['id']}").json["result"][
        "candidate_id"]
    with platform.session(tenant.id) as session:
        key = f"{tenant.id}/resumes/test.pdf"
        platform.storage.put(key, b"%PDF-1.4 test", content_type="application/pdf",
                             filename="r.pdf")
        resume = GeneratedResume(tenant_id=tenant.id, candidate_id=candidate_id,
                                 template="classic", state="rendered", storage_key=key,
                                 size=13, pages=1)
        session.add(resume)
        session.flush()
        resume_id = resume.id
    recruiter = console("recruiter")
    page = recruiter.get(f"/admin/candidates/{candidate_id}")
    assert page.html.select_one("[data-candidate-name]").text == "Ada Lovelace"
    assert "Analytical Engines Ltd" in page.text and "Python" in page.text
    link = page.html.select_one("a[download][href*='/documents/']")["href"]
    download = recruiter.get(link)
    assert download.body == PLAIN_TEXT_CV
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    pdf = recruiter.get(f"/admin/candidates/{candidate_id}/resumes/{resume_id}")
    assert pdf.body == b"%PDF-1.4 test" and pdf.content_type == "application/pdf"
    # a document must belong to the candidate in the URL
    other_id = add_candidate(platform, tenant, name="Other")
    with platform.session(tenant.id) as session:
        doc_id = session.scalar(sa.select(Document.id))
    recruiter.get(f"/admin/candidates/{other_id}/documents/{doc_id}", status=404)
    recruiter.get(f"/admin/candidates/{candidate_id}/documents/nope", status=404)
    assert DocumentKind.cv.value in page.text
