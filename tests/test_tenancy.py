"""The one scoping mechanism: sessions refuse unscoped access and never cross tenants."""

import pytest
from sqlalchemy import select, update

from mustard_core.models import Candidate
from mustard_core.tenancy import ALL_TENANTS, TenantScopeError


def add_candidate(platform, tenant, name):
    with platform.session(tenant.id) as session:
        row = Candidate(tenant_id=tenant.id, name=name, profile={}, source="api")
        session.add(row)
        session.flush()
        return row.id


def test_unscoped_session_refuses_tenant_data(platform):
    session = platform.sessionmaker()
    try:
        with pytest.raises(TenantScopeError):
            session.scalars(select(Candidate)).all()
    finally:
        session.close()


def test_scoped_session_sees_only_its_tenant(platform, factory):
    a, b = factory.tenant(), factory.tenant()
    add_candidate(platform, a, "In A")
    b_id = add_candidate(platform, b, "In B")
    with platform.session(a.id) as session:
        assert [c.name for c in session.scalars(select(Candidate))] == ["In A"]
        assert session.get(Candidate, b_id) is None
        session.execute(update(Candidate).values(name="renamed"))
    with platform.session(ALL_TENANTS) as session:
        names = sorted(c.name for c in session.scalars(select(Candidate)))
    assert names == ["In B", "renamed"]


def test_writing_into_another_tenant_is_refused(platform, factory):
    a, b = factory.tenant(), factory.tenant()
    with pytest.raises(TenantScopeError), platform.session(a.id) as session:
        session.add(Candidate(tenant_id=b.id, name="sneaky", profile={}, source="api"))
        session.flush()
    with platform.session(ALL_TENANTS) as session:
        assert session.scalars(select(Candidate)).all() == []


def test_new_rows_take_the_session_tenant(platform, factory):
    a = factory.tenant()
    with platform.session(a.id) as session:
        row = Candidate(name="implicit", profile={}, source="api")
        session.add(row)
        session.flush()
        assert row.tenant_id == a.id
