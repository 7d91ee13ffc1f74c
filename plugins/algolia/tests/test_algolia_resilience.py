"""Throttling and outages: bounded retries, then SearchUnavailable so the core retries later."""

from __future__ import annotations

import uuid

import pytest

from mustard_algolia.gateway import AlgoliaError
from mustard_core.roles import SearchQuery, SearchUnavailable, TenantRef
from mustard_core.testing import samples


@pytest.fixture
def tenant() -> TenantRef:
    slug = f"rs-{uuid.uuid4().hex[:6]}"
    return TenantRef(id=f"t-{slug}", slug=slug, settings={})


@pytest.fixture
def sleeps(make_engine):
    """An engine whose backoff sleeps are recorded (and skipped)."""
    recorded: list[float] = []

    def build(**overrides):
        engine = make_engine(**overrides)
        engine.gateway.sleep = recorded.append
        return engine

    return recorded, build


@pytest.mark.parametrize("status", [429, 500, 503])
def test_throttling_and_server_errors_are_retried_then_succeed(fake, sleeps, tenant, status):
    recorded, build = sleeps
    engine = build(retry_backoff_ms="100")
    engine.index(tenant, samples.records(tenant.id))
    recorded.clear()  # (task polls sleep too)
    fake.fail_next(2, status)
    result = engine.search(tenant, SearchQuery(q="grace"))
    assert [h.id for h in result.hits] == ["c-grace"]
    queries = fake.logged("POST", "query")
    assert [r.status for r in queries] == [status, status, 200]
    assert recorded == [0.1, 0.2]  # exponential backoff


def test_writes_are_retried_too(fake, engine, tenant):
    engine.index(tenant, samples.records(tenant.id)[:1])
    fake.fail_next(1, 503)
    engine.index(tenant, samples.records(tenant.id))
    assert [r.status for r in fake.logged("POST", "batch")] == [200, 503, 200]
    assert engine.search(tenant, SearchQuery()).total == 3


def test_a_sustained_outage_raises_search_unavailable(fake, sleeps, tenant):
    recorded, build = sleeps
    engine = build(retries="3", retry_backoff_ms="1000")
    engine.index(tenant, samples.records(tenant.id))
    recorded.clear()
    fake.down()
    with pytest.raises(SearchUnavailable):
        engine.index(tenant, samples.records(tenant.id))
    with pytest.raises(SearchUnavailable):
        engine.search(tenant, SearchQuery())
    assert recorded == [1.0, 2.0, 4.0] * 2  # bounded: retries=3 per call, then give up
    assert not engine.health().ok
    fake.up()
    assert engine.search(tenant, SearchQuery()).total == 3  # hosts are usable again
    assert engine.health().ok


def test_refused_connections_are_an_outage_too(fake, engine, tenant):
    engine.index(tenant, samples.records(tenant.id))
    fake.down(refuse=True)
    try:
        with pytest.raises(SearchUnavailable):
            engine.search(tenant, SearchQuery())
        with pytest.raises(SearchUnavailable):
            engine.delete(tenant, ["c-ada"])
        assert not engine.health().ok
    finally:
        fake.up()
    engine.delete(tenant, ["c-ada"])
    assert engine.search(tenant, SearchQuery()).total == 2


def test_a_429_outlasting_the_retries_is_unavailable(fake, engine, tenant):
    engine.index(tenant, samples.records(tenant.id))
    fake.fail_next(50, 429)
    with pytest.raises(SearchUnavailable, match="HTTP 429"):
        engine.search(tenant, SearchQuery())
    assert len(fake.logged("POST", "query")) == 5  # 1 + retries (4)


def test_refusals_are_not_retried(fake, make_engine, tenant):
    engine = make_engine(api_key="wrong-key")
    with pytest.raises(AlgoliaError) as info:
        engine.index(tenant, samples.records(tenant.id))
    assert info.value.status == 403
    assert "Invalid Application-ID or API key" in str(info.value)
    assert len(fake.requests) == 1
    health = engine.health()
    assert not health.ok and "403" in health.detail


def test_health_is_one_cheap_call(fake, engine):
    assert engine.health().ok
    (call,) = fake.requests
    assert (call.method, call.path, call.query) == ("GET", "/1/indexes",
                                                    {"page": "0", "hitsPerPage": "1"})
