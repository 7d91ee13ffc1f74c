"""Ops: synonym sets through the console, CSV in and out, and the push to search."""

from __future__ import annotations

import sqlalchemy as sa

from mustard_core.models import AuditEvent, Job, Synonym
from mustard_core.tenancy import ALL_TENANTS
from tests.helpers import Client


def synonyms(platform, tenant) -> list[tuple[str, str | None, list[str]]]:
    with platform.session(tenant.id) as session:
        return [(row.type, row.input, list(row.synonyms)) for row in session.scalars(
            sa.select(Synonym).order_by(Synonym.created_at, Synonym.id))]


def actions(platform) -> list[str]:
    with platform.session(ALL_TENANTS) as session:
        return list(session.scalars(sa.select(AuditEvent.action).where(
            AuditEvent.action.startswith("synonyms.")).order_by(AuditEvent.created_at)))


def test_create_edit_delete_a_synonym_set(console, tenant, platform):
    ops = console("ops")
    ops.post("/admin/synonyms/new", {"type": "synonym", "synonyms": "js, javascript\nECMAScript"})
    assert synonyms(platform, tenant) == [("synonym", None, ["js", "javascript", "ECMAScript"])]
    with platform.session(tenant.id) as session:
        row_id = session.scalar(sa.select(Synonym.id))
        assert session.scalar(sa.select(Job).where(Job.kind == "push_synonyms")) is not None
    form = ops.get(f"/admin/synonyms/{row_id}").forms["synonym-form"]
    assert form["synonyms"].value == "js\njavascript\nECMAScript"
    form["type"] = "onewaysynonym"
    form["input"] = "frontend"
    form["synonyms"] = "react\nvue"
    form.submit(status=303)
    assert synonyms(platform, tenant) == [("onewaysynonym", "frontend", ["react", "vue"])]
    ops.post(f"/admin/synonyms/{row_id}/delete")
    assert synonyms(platform, tenant) == []
    assert actions(platform) == ["synonyms.create", "synonyms.update", "synonyms.delete"]
    with platform.session(ALL_TENANTS) as session:
        update = session.scalar(sa.select(AuditEvent).where(
            AuditEvent.action == "synonyms.update"))
    assert update.details["before"]["synonyms"] == ["js", "javascript", "ECMAScript"]
    assert update.details["after"]["input"] == "frontend"


def test_invalid_sets_show_errors_beside_the_fields(console, tenant, platform):
    ops = console("ops")
    page = ops.post("/admin/synonyms/new", {"type": "onewaysynonym", "input": "",
                                            "synonyms": "react\nvue"}, status=400)
    assert "needs an input" in page.html.select_one("#f-input-error").text
    form = page.forms["synonym-form"]
    assert form["synonyms"].value == "react\nvue" and form["type"].value == "onewaysynonym"
    lonely = ops.post("/admin/synonyms/new", {"type": "synonym", "synonyms": "alone"},
                      status=400)
    assert "two words" in lonely.html.select_one("#f-synonyms-error").text
    wrong = ops.post("/admin/synonyms/new", {"type": "other", "synonyms": "a\nb"}, status=400)
    assert wrong.html.select_one("#f-type-error")
    assert synonyms(platform, tenant) == []


def test_search_and_pagination(console, tenant, platform):
    with platform.session(tenant.id) as session:
        for i in range(30):
            session.add(Synonym(tenant_id=tenant.id, type="synonym",
                                synonyms=[f"word{i:02d}", f"other{i:02d}"]))
        session.add(Synonym(tenant_id=tenant.id, type="onewaysynonym", input="100%_sure",
                            synonyms=["certain"]))
    ops = console("ops")
    assert "Showing 1\u201325 of 31 synonym sets" in ops.get("/admin/synonyms").text
    assert "Showing 26\u201331 of 31" in ops.get("/admin/synonyms?page=2").text
    found = ops.get("/admin/synonyms?q=WORD1")
    assert len(found.html.select("tbody tr")) == 10
    assert len(ops.get("/admin/synonyms?q=100%25_").html.select("tbody tr")) == 1  # literal %
    assert len(ops.get("/admin/synonyms?type=onewaysynonym").html.select("tbody tr")) == 1


def test_csv_export_and_import_round_trip(console, tenant, platform):
    with platform.session(tenant.id) as session:
        session.add(Synonym(tenant_id=tenant.id, type="synonym", synonyms=["c#", "csharp"]))
        session.add(Synonym(tenant_id=tenant.id, type="onewaysynonym", input="=cmd|' /C calc'!A0",
                            synonyms=["@sum", "plain"]))
    ops = console("ops")
    exported = ops.get("/admin/synonyms/export.csv")
    assert exported.content_type == "text/csv"
    assert "attachment" in exported.headers["Content-Disposition"]
    lines = exported.text.splitlines()
    assert lines[0] == "type,input,synonyms"
    assert "'=cmd" in exported.text and "'@sum|plain" in exported.text  # no live formula
    ops.post("/admin/synonyms/import", {"mode": "replace"},
             upload_files=[("file", "synonyms.csv", exported.body)])
    assert synonyms(platform, tenant) == [
        ("synonym", None, ["c#", "csharp"]),
        ("onewaysynonym", "=cmd|' /C calc'!A0", ["@sum", "plain"])]
    ops.post("/admin/synonyms/import", {"mode": "append"},
             upload_files=[("file", "more.csv", b"type,input,synonyms\nsynonym,,k8s|kubernetes\n")])
    assert len(synonyms(platform, tenant)) == 3
    assert actions(platform) == ["synonyms.import", "synonyms.import"]


def test_a_bad_csv_imports_nothing_and_says_why(console, tenant, platform):
    ops = console("ops")
    page = ops.post("/admin/synonyms/import", {"mode": "append"}, status=400, upload_files=[
        ("file", "bad.csv", b"type,input,synonyms\nsynonym,,ok|fine\nsynonym,,alone\n"
                            b"onewaysynonym,,x|y\nfancy,,a|b\n")])
    problems = [li.text for li in page.html.select(".alert-error li")]
    assert [p.split(":")[0] for p in problems] == ["Line 3", "Line 4", "Line 5"]
    assert "nothing was imported" in page.html.select_one("#f-file-error").text
    header = ops.post("/admin/synonyms/import", {"mode": "append"}, status=400,
                      upload_files=[("file", "x.csv", b"a,b\n1,2\n")])
    assert "header" in header.html.select_one("#f-file-error").text
    missing = ops.post("/admin/synonyms/import", {"mode": "append"}, status=400)
    assert "Choose a CSV file" in missing.text
    assert synonyms(platform, tenant) == []


def test_push_then_search_uses_the_synonym(console, factory, tenant, platform, app):
    api = Client(app, factory.token(factory.user(tenant, "recruiter")))
    created = api.post("/api/v1/candidates", {"name": "Sam Cluster",
                                              "profile": {"skills": [{"name": "Kubernetes"}]}})
    assert platform.dispatcher.drain(timeout=30)
    assert api.get("/api/v1/search?q=k8s").json["total"] == 0
    ops = console("ops")
    with platform.session(tenant.id) as session:  # written without a push, e.g. by a script
        session.add(Synonym(tenant_id=tenant.id, type="synonym", synonyms=["k8s", "kubernetes"]))
    assert api.get("/api/v1/search?q=k8s").json["total"] == 0
    pushed = ops.post("/admin/synonyms/push")
    assert "/admin/jobs/" in pushed.location
    assert platform.dispatcher.drain(timeout=30)
    assert [h["id"] for h in api.get("/api/v1/search?q=k8s").json["hits"]] == [
        created.json["id"]]
    page = ops.get("/admin/candidates?q=k8s")
    assert "Sam Cluster" in page.html.select_one("tbody").text
    assert actions(platform) == ["synonyms.push"]
