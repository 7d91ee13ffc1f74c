"""Migration 0005 on a database with candidates already in it (SQLite and PostgreSQL): the
new tables and columns appear, and existing rows get their consent, profile links and E.164
phone numbers (read with their tenant's country)."""

from __future__ import annotations

import json
import uuid

import pytest
import sqlalchemy as sa

from mustard_core.migrate import upgrade
from tests.conftest import PG_ADMIN_URL, require_postgres


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_engine(request, tmp_path):
    if request.param == "sqlite":
        engine = sa.create_engine(f"sqlite:///{tmp_path}/migrate.sqlite")
        yield engine
        engine.dispose()
        return
    admin = require_postgres()
    name = f"mustard_lifecycle_migrate_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    engine = sa.create_engine(PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name)
    yield engine
    engine.dispose()
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
    admin.dispose()


def test_existing_candidates_are_brought_in_line(empty_engine):
    upgrade(empty_engine, "0004_search_terms_gin_fastupdate")
    created = "2020-01-02 03:04:05+00:00"
    tenants = [("t-gb", {"default_country_code": "GB"}), ("t-us", {"default_country_code": "US"})]
    rows = [
        ("c-1", "t-gb", "020 7946 0958", "upload",
         {"links": [{"url": "https://uk.linkedin.com/in/Ada/"},
                    {"url": "https://ada.example/blog"}]}),
        ("c-2", "t-us", "(212) 555-0142", "import", {}),
        ("c-3", "t-us", None, "api", {"links": [{"url": "github.com/grace"}]}),
    ]
    with empty_engine.begin() as conn:
        for tenant_id, settings in tenants:
            conn.execute(sa.text(
                "INSERT INTO tenants (id, slug, name, active, settings, created_at, updated_at) "
                "VALUES (:id, :id, :id, true, :settings, :t, :t)"),
                {"id": tenant_id, "settings": json.dumps(settings), "t": created})
        for candidate_id, tenant_id, phone, source, profile in rows:
            conn.execute(sa.text(
                "INSERT INTO candidates (id, tenant_id, phone, phone_normalized, source, "
                "profile, skills_text, version, created_at, updated_at) VALUES (:id, :tenant, "
                ":phone, 'legacy', :source, :profile, '', 1, :t, :t)"),
                {"id": candidate_id, "tenant": tenant_id, "phone": phone, "source": source,
                 "profile": json.dumps(profile), "t": created})

    upgrade(empty_engine)

    with empty_engine.connect() as conn:
        found = {row.id: row for row in conn.execute(sa.text(
            "SELECT id, phone_normalized, profile_urls, obtained_via, obtained_at, consent_at "
            "FROM candidates"))}
        tables = set(sa.inspect(conn).get_table_names())
    assert {"duplicate_reviews", "erasures", "export_archives"} <= tables
    assert found["c-1"].phone_normalized == "+442079460958"
    assert found["c-2"].phone_normalized == "+12125550142"
    assert found["c-3"].phone_normalized is None
    assert found["c-1"].profile_urls == "|linkedin.com/in/ada|"
    assert found["c-3"].profile_urls == "|github.com/grace|"
    assert found["c-2"].profile_urls == ""
    assert {k: v.obtained_via for k, v in found.items()} == {
        "c-1": "recruiter_upload", "c-2": "import", "c-3": "recruiter_upload"}
    assert all(str(v.obtained_at).startswith("2020-01-02") for v in found.values())
    assert all(v.consent_at is None for v in found.values())
