"""Platform superadmin: tenants (client databases) listed, created, edited, deactivated."""

from __future__ import annotations

import sqlalchemy as sa

from mustard_core.models import AuditEvent, Role, Tenant, User
from mustard_core.tenancy import ALL_TENANTS
from tests.admin.conftest import ConsoleClient
from tests.helpers import TEST_PASSWORD

GOOD = {"name": "Acme Recruiting", "slug": "acme-recruiting", "admin_email": "boss@acme.example",
        "default_country_code": "nl", "currency": "eur", "anonymous_profiles": "on",
        "search_fields": ["name", "headline", "skills", "titles"],
        "anonymous_fields": ["headline", "skills"]}


def events(platform, action: str) -> list[AuditEvent]:
    with platform.session(ALL_TENANTS) as session:
        return list(session.scalars(sa.select(AuditEvent).where(AuditEvent.action == action)))


def test_create_a_tenant_with_its_settings_and_admin(console, platform, wsgi):
    superadmin = console(superadmin=True)
    form = superadmin.get("/admin/tenants/new").forms["tenant-form"]
    assert form["default_country_code"].value == "GB"  # sensible defaults shown
    created = superadmin.post("/admin/tenants/new", GOOD, status=201)
    assert "Acme Recruiting is ready" in created.text
    link = created.html.select_one("[data-invite-url]").text.strip()
    with platform.session(ALL_TENANTS) as session:
        tenant = session.scalar(sa.select(Tenant).where(Tenant.slug == "acme-recruiting"))
        assert tenant.settings == {
            "default_country_code": "NL", "currency": "EUR", "anonymous_profiles": True,
            "search_fields": ["name", "headline", "skills", "titles"],
            "anonymous_fields": ["headline", "skills"]}
        admin = session.scalar(sa.select(User).where(User.email == "boss@acme.example"))
        assert admin.tenant_id == tenant.id and admin.role == Role.admin
    [event] = events(platform, "tenant.create")
    assert event.tenant_id == tenant.id and event.actor_id == superadmin.user.id
    assert event.details["settings"]["currency"] == "EUR"
    assert event.address == superadmin.address
    # the invited administrator can take over their tenant
    boss = ConsoleClient(wsgi)
    form = boss.get(link.split("localhost", 1)[1]).forms["accept-form"]
    form["password"] = form["confirm"] = "the boss's new password"
    form.submit(status=303)
    boss.login("boss@acme.example", "the boss's new password")
    assert boss.get("/admin/users").status_int == 200


def test_invalid_tenant_forms_show_every_error_and_keep_the_input(console, factory):
    factory.tenant("taken")
    factory.user(None, "admin", superadmin=True, email="exists@platform.example")
    superadmin = console(superadmin=True)
    page = superadmin.post("/admin/tenants/new", {
        **GOOD, "name": "", "slug": "taken", "admin_email": "exists@platform.example",
        "default_country_code": "NLD", "currency": "E1",
        "search_fields": ["name", "skills"], "anonymous_fields": ["email"]}, status=400)
    errors = {p["id"]: p.text for p in page.html.select(".field-error")}
    assert errors.keys() == {"f-name-error", "f-slug-error", "f-admin_email-error",
                             "f-default_country_code-error", "f-currency-error",
                             "f-anonymous_fields-error"}
    assert "already exists" in errors["f-slug-error"]
    assert "Email" in errors["f-anonymous_fields-error"]
    form = page.forms["tenant-form"]
    assert form["slug"].value == "taken" and form["currency"].value == "E1"
    checked = {f.value for f in form.fields["search_fields"] if f.checked}
    assert checked == {"name", "skills"}
    bad_slug = superadmin.post("/admin/tenants/new", {**GOOD, "slug": "Bad Slug!"}, status=400)
    assert "lower-case letters" in bad_slug.html.select_one("#f-slug-error").text


def test_editing_records_before_and_after(console, factory, platform):
    tenant = factory.tenant("editme", currency="GBP", brand_colour="#123456")
    superadmin = console(superadmin=True)
    page = superadmin.get(f"/admin/tenants/{tenant.id}")
    form = page.forms["tenant-form"]
    assert form["currency"].value == "GBP"
    form["name"] = "Edited Agency"
    form["currency"] = "USD"
    form.submit(status=303)
    with platform.session(ALL_TENANTS) as session:
        row = session.get(Tenant, tenant.id)
        assert row.name == "Edited Agency" and row.settings["currency"] == "USD"
        assert row.settings["brand_colour"] == "#123456"  # other parts' settings kept
    [event] = events(platform, "tenant.update")
    assert event.details["changes"] == {
        "currency": {"before": "GBP", "after": "USD"},
        "name": {"before": "Agency editme", "after": "Edited Agency"}}
    assert event.tenant_id == tenant.id
    invalid = superadmin.post(f"/admin/tenants/{tenant.id}", {"name": "", "currency": "usd",
                                                              "default_country_code": "GB",
                                                              "search_fields": ["name"]},
                              status=400)
    assert invalid.html.select_one("#f-name-error")
    superadmin.get("/admin/tenants/not-a-tenant", status=404)


def test_deactivating_a_tenant_locks_its_users_out(console, factory, platform, wsgi):
    tenant = factory.tenant("closing")
    user = factory.user(tenant, "admin", password=TEST_PASSWORD)
    member = ConsoleClient(wsgi)
    member.login(user.email)
    member.get("/admin/users")
    superadmin = console(superadmin=True)
    superadmin.post(f"/admin/tenants/{tenant.id}/deactivate")
    member.get("/admin/users", status=303)
    member.login(user.email, status=401)
    superadmin.post(f"/admin/tenants/{tenant.id}/activate")
    member.login(user.email)
    [event] = events(platform, "tenant.deactivate")
    assert event.details["changes"]["active"] == {"before": True, "after": False}


def test_the_list_searches_filters_and_pages(console, factory):
    for i in range(30):
        factory.tenant(f"agency-{i:02d}")
    closed = factory.tenant("closed-one")
    superadmin = console(superadmin=True)
    superadmin.post(f"/admin/tenants/{closed.id}/deactivate")
    first = superadmin.get("/admin/tenants")
    assert "Showing 1\u201325 of 32 tenants" in first.text  # + the fixture's own tenant
    second = superadmin.get("/admin/tenants?page=2")
    assert "Showing 26\u201332 of 32 tenants" in second.text
    found = superadmin.get("/admin/tenants?q=AGENCY-1")
    assert len(found.html.select("tbody tr")) == 10
    inactive = superadmin.get("/admin/tenants?status=inactive")
    assert [row.select_one("code").text for row in inactive.html.select("tbody tr")] == [
        "closed-one"]
    assert superadmin.get("/admin/tenants?page=99").status_int == 200  # clamps to the last
