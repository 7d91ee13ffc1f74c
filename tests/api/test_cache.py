"""The API response cache with the real Redis and with the in-process store, on both databases:
hits served without touching the table, invalidation on writes (by requests and by jobs), tenant
and role scoping, permissions before the lookup, ETag/304, TTLs, and Redis being down."""

from __future__ import annotations

import socket
import subprocess
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from types import SimpleNamespace

import pytest
import redis
from sqlalchemy import event

from mustard_core.cache import (
    RETRY_AFTER_ERROR,
    MemoryStore,
    RedisStore,
    ResponseCache,
    build_cache,
    cache_for,
    candidate_changed,
)
from mustard_core.models import Candidate
from tests.conftest import REDIS_URL
from tests.fixtures import cvs

CLOSED_PORT_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1: connection refused


class RecordingMetrics:
    """A metrics sink that keeps what it was sent (like the log sink, but readable)."""

    def __init__(self):
        self.counts: Counter[str] = Counter()

    def increment(self, name: str, value: int = 1) -> None:
        self.counts[name] += value

    def timing(self, name: str, milliseconds: float) -> None:
        pass

    def gauge(self, name: str, value: float) -> None:
        pass


class FakeClock:
    def __init__(self):
        self.now = time.monotonic()

    def __call__(self) -> float:
        return self.now


def redis_client(url: str = REDIS_URL) -> redis.Redis:
    return redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)


@contextmanager
def installed(platform, cache: ResponseCache) -> Iterator[ResponseCache]:
    """Make `cache` the platform's cache for one test, then put the previous one back."""
    previous = platform.extras.get("cache")
    platform.extras["cache"] = cache
    try:
        yield cache
    finally:
        if previous is None:
            platform.extras.pop("cache", None)
        else:
            platform.extras["cache"] = previous


def forget_prefix(prefix: str) -> None:
    """Tests clean their own keys (by their unique prefix); the platform itself never scans."""
    client = redis_client()
    keys = list(client.scan_iter(match=prefix + "*", count=500))
    if keys:
        client.delete(*keys)
    client.close()


@pytest.fixture(params=["redis", "memory"])
def api_cache(request, platform) -> Iterator[ResponseCache]:
    """The same tests against the Redis store and the in-process store."""
    prefix = f"mustard-cache-test-{uuid.uuid4().hex[:8]}:"
    store = RedisStore(redis_client()) if request.param == "redis" else MemoryStore()
    cache = ResponseCache(store, metrics=RecordingMetrics(), prefix=prefix, ttl=120)
    with installed(platform, cache):
        yield cache
    if request.param == "redis":
        forget_prefix(prefix)


@contextmanager
def statements_on(engine, table: str) -> Iterator[list[str]]:
    """Every SQL statement this thread (the request's) sends about `table` while the block
    runs; the in-process job runner's thread is not counted."""
    seen: list[str] = []
    thread = threading.get_ident()

    def before(conn, cursor, statement, parameters, context, executemany):
        if threading.get_ident() == thread and f" {table}" in statement.lower():
            seen.append(statement)

    event.listen(engine, "before_cursor_execute", before)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", before)


def new_candidate(client, name="Ada Lovelace", **extra) -> dict:
    """Create one through the API and let its index job finish."""
    # digits only: a hex id may contain "ada", which a ?q= list filter would then match
    email = f"c{uuid.uuid4().int}@x.example"
    created = client.post("/api/v1/candidates", {"name": name, "email": email, **extra}).json
    client.app.app.registry["platform"].dispatcher.drain()
    return created


# --------------------------------------------------------------------------- hits


def test_second_get_is_served_from_the_cache_without_reading_the_table(
        recruiter, platform, api_cache):
    new_candidate(recruiter)
    url = "/api/v1/candidates?sort=name"

    with statements_on(platform.engine, "candidates") as first_reads:
        first = recruiter.get(url)
    with statements_on(platform.engine, "candidates") as second_reads:
        second = recruiter.get(url)

    assert first.headers["X-Mustard-Cache"] == "miss" and first_reads
    assert second.headers["X-Mustard-Cache"] == "hit" and second_reads == []
    assert second.json == first.json
    assert [c["name"] for c in second.json["items"]] == ["Ada Lovelace"]
    assert second.headers["ETag"] == first.headers["ETag"]
    assert (api_cache.hits, api_cache.misses) == (1, 1)
    assert api_cache.metrics.counts["cache.hit"] == 1
    assert api_cache.metrics.counts["cache.miss"] == 1


def test_a_candidate_is_served_from_the_cache_with_its_own_etag(recruiter, platform,
                                                                 api_cache):
    candidate = new_candidate(recruiter)
    url = f"/api/v1/candidates/{candidate['id']}"

    first = recruiter.get(url)
    second = recruiter.get(url)

    # (The row itself is still looked up before every item view: openapi's validating view
    # answers 404 for an unknown or erased id first. The hit saves rendering.)
    assert (first.headers["X-Mustard-Cache"], second.headers["X-Mustard-Cache"]) == (
        "miss", "hit")
    assert second.json == first.json
    assert second.headers["ETag"] == first.headers["ETag"] == f'"{candidate["id"]}-1"'
    assert (api_cache.hits, api_cache.misses) == (1, 1)


@pytest.mark.parametrize("url", ["/api/v1/candidates?limit=5", "/api/v1/search?q=ada",
                                 "/api/v1/synonyms", "/api/v1/templates"])
def test_every_cached_read_hits_on_the_second_call(recruiter, platform, api_cache, url):
    new_candidate(recruiter)
    platform.dispatcher.drain()

    first = recruiter.get(url)
    second = recruiter.get(url)

    assert (first.headers["X-Mustard-Cache"], second.headers["X-Mustard-Cache"]) == (
        "miss", "hit")
    assert second.json == first.json
    assert second.headers["ETag"] == first.headers["ETag"]


def test_query_parameters_are_part_of_the_key(recruiter, platform, api_cache):
    new_candidate(recruiter, "Ada Lovelace")
    new_candidate(recruiter, "Grace Hopper")

    ada = recruiter.get("/api/v1/candidates?q=ada").json["items"]
    grace = recruiter.get("/api/v1/candidates?q=grace").json["items"]

    assert [c["name"] for c in ada] == ["Ada Lovelace"]
    assert [c["name"] for c in grace] == ["Grace Hopper"]
    assert api_cache.hits == 0


# --------------------------------------------------------------------------- invalidation


def test_an_update_invalidates_the_item_and_the_lists(recruiter, platform, api_cache):
    candidate = new_candidate(recruiter)
    url = f"/api/v1/candidates/{candidate['id']}"
    recruiter.get(url)
    recruiter.get("/api/v1/candidates")
    assert recruiter.get(url).headers["X-Mustard-Cache"] == "hit"

    patched = recruiter.patch(url, {"name": "Ada King"})

    after = recruiter.get(url)
    assert after.headers["X-Mustard-Cache"] == "miss"
    assert after.json["name"] == "Ada King"
    assert after.headers["ETag"] == patched.headers["ETag"] != f'"{candidate["id"]}-1"'
    listed = recruiter.get("/api/v1/candidates")
    assert listed.headers["X-Mustard-Cache"] == "miss"
    assert [c["name"] for c in listed.json["items"]] == ["Ada King"]
    # The cached ETag is the candidate's own, so If-Match on the next PATCH still works.
    recruiter.patch(url, {"headline": "Analyst"}, headers={"If-Match": after.headers["ETag"]})
    recruiter.patch(url, {"headline": "Poet"}, headers={"If-Match": after.headers["ETag"]},
                    status=412)


def test_an_update_of_one_candidate_keeps_the_others_cached(recruiter, platform, api_cache):
    ada, grace = new_candidate(recruiter, "Ada"), new_candidate(recruiter, "Grace")
    recruiter.get(f"/api/v1/candidates/{ada['id']}")
    recruiter.get(f"/api/v1/candidates/{grace['id']}")

    recruiter.patch(f"/api/v1/candidates/{ada['id']}", {"name": "Ada King"})

    assert recruiter.get(f"/api/v1/candidates/{grace['id']}").headers["X-Mustard-Cache"] == "hit"
    assert recruiter.get(f"/api/v1/candidates/{ada['id']}").json["name"] == "Ada King"


def test_an_erased_candidate_is_not_served_from_the_cache(recruiter, platform, api_cache):
    candidate = new_candidate(recruiter, headline="Mathematician")
    platform.dispatcher.drain()
    url = f"/api/v1/candidates/{candidate['id']}"
    recruiter.get(url)
    assert recruiter.get("/api/v1/search?q=mathematician").json["total"] == 1
    recruiter.get(url)

    recruiter.delete(url)
    platform.dispatcher.drain()  # the erase job removes the index entry

    recruiter.get(url, status=404)
    assert recruiter.get("/api/v1/candidates").json["items"] == []
    assert recruiter.get("/api/v1/search?q=mathematician").json["total"] == 0


def test_the_parse_job_invalidates_what_it_changes(recruiter, platform, api_cache):
    assert recruiter.get("/api/v1/candidates").json["items"] == []
    assert recruiter.get("/api/v1/candidates").headers["X-Mustard-Cache"] == "hit"

    job = recruiter.upload("/api/v1/uploads", "ada.pdf", cvs.pdf_cv(cvs.ADA)).json["job"]
    platform.dispatcher.drain()
    platform.dispatcher.drain()  # the index job the parse enqueued

    assert recruiter.get(f"/api/v1/jobs/{job['id']}").json["state"] == "succeeded"
    listed = recruiter.get("/api/v1/candidates").json["items"]
    assert [c["name"] for c in listed] == [cvs.ADA.name]
    assert recruiter.get("/api/v1/search?q=lovelace").json["total"] == 1


def test_search_results_follow_the_index(recruiter, platform, api_cache):
    candidate = new_candidate(recruiter, headline="Mathematician")
    platform.dispatcher.drain()
    assert recruiter.get("/api/v1/search?q=poet").json["total"] == 0
    assert recruiter.get("/api/v1/search?q=poet").headers["X-Mustard-Cache"] == "hit"

    recruiter.patch(f"/api/v1/candidates/{candidate['id']}", {"headline": "Poet"})
    platform.dispatcher.drain()  # the index job

    assert recruiter.get("/api/v1/search?q=poet").json["total"] == 1


def test_synonym_writes_invalidate_synonyms_and_search(ops, recruiter, platform, api_cache):
    new_candidate(recruiter, headline="Mainframe programmer")
    platform.dispatcher.drain()
    assert recruiter.get("/api/v1/synonyms").json["items"] == []
    assert recruiter.get("/api/v1/search?q=cobol").json["total"] == 0

    created = ops.post("/api/v1/synonyms", {"type": "synonym",
                                            "synonyms": ["mainframe", "cobol"]}).json
    platform.dispatcher.drain()

    assert [s["id"] for s in recruiter.get("/api/v1/synonyms").json["items"]] == [created["id"]]
    assert recruiter.get("/api/v1/search?q=cobol").json["total"] == 1
    item = f"/api/v1/synonyms/{created['id']}"
    recruiter.get(item)
    ops.put(item, {"type": "synonym", "synonyms": ["mainframe", "cobol", "z/os"]})
    assert recruiter.get(item).json["synonyms"] == ["mainframe", "cobol", "z/os"]
    ops.delete(item)
    recruiter.get(item, status=404)
    assert recruiter.get("/api/v1/synonyms").json["items"] == []


TEMPLATE = "<html><body><h1>{{ candidate.display_name }}</h1></body></html>"


def test_template_writes_invalidate_templates(as_role, platform, api_cache):
    admin, recruiter = as_role("admin"), as_role("recruiter")
    assert recruiter.get("/api/v1/templates").json["items"] == []

    created = admin.post("/api/v1/templates", {"name": "house", "source": TEMPLATE}).json

    assert [t["name"] for t in recruiter.get("/api/v1/templates").json["items"]] == ["house"]
    item = f"/api/v1/templates/{created['id']}"
    assert recruiter.get(item).json["source"] == TEMPLATE
    admin.put(item, {"name": "house", "source": TEMPLATE + "<!-- v2 -->"})
    assert recruiter.get(item).json["source"].endswith("<!-- v2 -->")
    admin.delete(item)
    recruiter.get(item, status=404)
    assert recruiter.get("/api/v1/templates").json["items"] == []


def test_invalidation_waits_for_the_commit_and_skips_a_rollback(recruiter, platform, tenant,
                                                                 api_cache):
    candidate = new_candidate(recruiter)
    url = f"/api/v1/candidates/{candidate['id']}"
    recruiter.get(url)

    with pytest.raises(RuntimeError), platform.session(tenant.id) as session:
        session.get(Candidate, candidate["id"]).name = "Rolled Back"
        candidate_changed(session, tenant.id, candidate["id"])
        raise RuntimeError("the transaction fails")
    assert recruiter.get(url).headers["X-Mustard-Cache"] == "hit"

    with platform.session(tenant.id) as session:
        session.get(Candidate, candidate["id"]).headline = "Committed"
        candidate_changed(session, tenant.id, candidate["id"])
        assert recruiter.get(url).headers["X-Mustard-Cache"] == "hit"  # not committed yet
    after = recruiter.get(url)
    assert after.headers["X-Mustard-Cache"] == "miss"
    assert after.json["headline"] == "Committed" and after.json["name"] == "Ada Lovelace"


# --------------------------------------------------------------------------- scoping


def test_another_tenant_never_gets_the_entry(as_role, factory, platform, api_cache):
    ours = as_role("recruiter")
    theirs = as_role("recruiter", factory.tenant())
    candidate = new_candidate(ours)
    url = f"/api/v1/candidates/{candidate['id']}"
    ours.get(url)
    ours.get("/api/v1/candidates")
    assert ours.get(url).headers["X-Mustard-Cache"] == "hit"

    theirs.get(url, status=404)
    listed = theirs.get("/api/v1/candidates")

    assert listed.json["items"] == [] and listed.headers["X-Mustard-Cache"] == "miss"
    assert ours.get("/api/v1/candidates").json["items"][0]["id"] == candidate["id"]


def test_the_role_is_part_of_the_key(as_role, platform, api_cache):
    recruiter, colleague, admin = as_role("recruiter"), as_role("recruiter"), as_role("admin")
    new_candidate(recruiter)

    first = recruiter.get("/api/v1/candidates")
    same_role = colleague.get("/api/v1/candidates")
    other_role = admin.get("/api/v1/candidates")

    assert first.headers["X-Mustard-Cache"] == "miss"
    assert same_role.headers["X-Mustard-Cache"] == "hit"
    assert other_role.headers["X-Mustard-Cache"] == "miss"
    assert other_role.json == first.json  # today no read differs by role


def test_permissions_are_checked_before_the_lookup(recruiter, anonymous, factory, platform,
                                                   api_cache):
    candidate = new_candidate(recruiter)
    url = f"/api/v1/candidates/{candidate['id']}"
    recruiter.get(url)
    recruiter.get(url)

    anonymous.get(url, status=401)
    anonymous.get("/api/v1/candidates", status=401)
    assert api_cache.hits == 1


# --------------------------------------------------------------------------- ETag / 304


def test_a_matching_if_none_match_is_304_without_rendering(recruiter, platform, api_cache):
    candidate = new_candidate(recruiter)
    url = f"/api/v1/candidates/{candidate['id']}"
    etag = recruiter.get(url).headers["ETag"]

    not_modified = recruiter.get(url, status=304, headers={"If-None-Match": etag})

    assert not_modified.body == b"" and not_modified.headers["ETag"] == etag
    assert api_cache.hits == 1  # answered from the entry's stored ETag
    recruiter.get(url, status=304, headers={"If-None-Match": f'"other", W/{etag}'})
    recruiter.get(url, status=200, headers={"If-None-Match": '"other"'})
    recruiter.patch(url, {"name": "Ada King"})
    changed = recruiter.get(url, status=200, headers={"If-None-Match": etag})
    assert changed.json["name"] == "Ada King" and changed.headers["ETag"] != etag


def test_lists_have_content_etags_and_answer_304(recruiter, platform, api_cache):
    new_candidate(recruiter)
    first = recruiter.get("/api/v1/candidates")

    with statements_on(platform.engine, "candidates") as reads:
        recruiter.get("/api/v1/candidates", status=304,
                      headers={"If-None-Match": first.headers["ETag"]})
    assert reads == []

    new_candidate(recruiter, "Grace Hopper")
    changed = recruiter.get("/api/v1/candidates", headers={
        "If-None-Match": first.headers["ETag"]})
    assert changed.status_int == 200 and len(changed.json["items"]) == 2


# --------------------------------------------------------------------------- TTLs


def test_redis_entries_and_generations_carry_ttls(recruiter, platform, tenant):
    prefix = f"mustard-cache-ttl-{uuid.uuid4().hex[:8]}:"
    cache = ResponseCache(RedisStore(redis_client()), metrics=RecordingMetrics(), prefix=prefix,
                          ttl=90)
    with installed(platform, cache):
        candidate = new_candidate(recruiter)
        recruiter.get(f"/api/v1/candidates/{candidate['id']}")
    client = redis_client()
    try:
        keys = list(client.scan_iter(match=prefix + "*"))
        entries = [k for k in keys if k.startswith(f"{prefix}e:".encode())]
        generations = [k for k in keys if k.startswith(f"{prefix}gen:".encode())]
        assert len(entries) == 1 and generations
        assert 0 < client.ttl(entries[0]) <= 90
        assert all(client.ttl(k) > 90 for k in generations)
        assert all(tenant.id.encode() in k for k in entries + generations)
    finally:
        forget_prefix(prefix)
        client.close()


def test_memory_entries_expire_and_the_store_keeps_to_its_budget():
    clock = FakeClock()
    store = MemoryStore(max_bytes=1000, clock=clock)
    store.set("a", b"x" * 100, ttl=10)
    assert store.get("a") == b"x" * 100
    clock.now += 11
    assert store.get("a") is None

    for i in range(20):
        store.set(f"k{i}", b"y" * 100, ttl=60)
    assert store.get("k0") is None and store.get("k19") == b"y" * 100
    assert sum(len(k) + len(v) for k, (_, v) in store._items.items()) <= 1000


def test_generation_tokens_are_random_so_a_lost_one_matches_no_old_entry():
    store = MemoryStore()
    first = store.tokens(["g"], ttl=60)
    assert store.tokens(["g"], ttl=60) == first
    store.replace_tokens(["g"], ttl=60)
    second = store.tokens(["g"], ttl=60)
    store._items.clear()  # evicted, or a restart
    assert len({first[0], second[0], store.tokens(["g"], ttl=60)[0]}) == 3


# --------------------------------------------------------------------------- Redis down


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def own_redis_server(tmp_path) -> Iterator[str]:
    """A redis-server of this test's own on a free port (never the shared one on 6379)."""
    port = free_port()
    process = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1",
                                "--save", "", "--appendonly", "no", "--dir", str(tmp_path)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    url = f"redis://127.0.0.1:{port}/0"
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                redis_client(url).ping()
                break
            except redis.RedisError:
                assert process.poll() is None, "redis-server did not start"
                assert time.monotonic() < deadline, "redis-server did not answer"
                time.sleep(0.05)
        yield url
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=10)


def test_the_api_answers_from_the_database_when_redis_stops(recruiter, platform, tmp_path):
    with own_redis_server(tmp_path) as url:
        cache = ResponseCache(RedisStore(redis_client(url)), metrics=RecordingMetrics(),
                              prefix="mustard-cache-down:")
        with installed(platform, cache):
            candidate = new_candidate(recruiter)
            item = f"/api/v1/candidates/{candidate['id']}"
            recruiter.get(item)
            assert recruiter.get(item).headers["X-Mustard-Cache"] == "hit"

            redis_client(url).shutdown(nosave=True)  # Redis stops

            degraded = recruiter.get(item)
            recruiter.patch(item, {"name": "Ada King"})
            after = recruiter.get(item)
            listed = recruiter.get("/api/v1/candidates?q=king")
            searched = recruiter.get("/api/v1/search?q=king")

    assert degraded.json["name"] == "Ada Lovelace"
    assert degraded.headers["X-Mustard-Cache"] == "off"
    assert after.json["name"] == "Ada King"
    assert [c["id"] for c in listed.json["items"]] == [candidate["id"]]
    assert searched.status_int == 200
    assert cache.errors >= 1 and cache.metrics.counts["cache.error"] == cache.errors
    assert cache.degraded


def test_a_closed_port_degrades_instead_of_failing(recruiter, platform, caplog):
    cache = ResponseCache(RedisStore(redis_client(CLOSED_PORT_URL)),
                          metrics=RecordingMetrics(), prefix="mustard-cache-closed:")
    with installed(platform, cache):
        candidate = new_candidate(recruiter)
        for _ in range(3):
            response = recruiter.get(f"/api/v1/candidates/{candidate['id']}")
            assert response.json["name"] == "Ada Lovelace"

    assert cache.errors == 1  # then the cache is left alone for a while
    assert cache.metrics.counts["cache.bypass"] >= 2
    warnings = [r.getMessage() for r in caplog.records if r.name == "mustard_core.cache"]
    assert len(warnings) == 1 and "ConnectionError" in warnings[0]


def test_invalidations_missed_during_an_outage_are_replayed(recruiter, platform):
    prefix = f"mustard-cache-replay-{uuid.uuid4().hex[:8]}:"
    clock = FakeClock()
    healthy = RedisStore(redis_client())
    cache = ResponseCache(healthy, metrics=RecordingMetrics(), prefix=prefix, clock=clock)
    try:
        with installed(platform, cache):
            candidate = new_candidate(recruiter)
            item = f"/api/v1/candidates/{candidate['id']}"
            recruiter.get(item)
            assert recruiter.get(item).headers["X-Mustard-Cache"] == "hit"

            cache.store = RedisStore(redis_client(CLOSED_PORT_URL))  # Redis unreachable
            recruiter.patch(item, {"name": "Ada King"})  # its invalidation cannot be sent
            assert recruiter.get(item).json["name"] == "Ada King"  # from the database

            cache.store = healthy  # Redis is back, still holding the old entry
            clock.now += RETRY_AFTER_ERROR + 1
            back = recruiter.get(item)
    finally:
        forget_prefix(prefix)

    assert back.json["name"] == "Ada King"
    assert back.headers["X-Mustard-Cache"] == "miss"


# --------------------------------------------------------------------------- selection


def test_the_platform_uses_redis_when_configured_else_memory(platform):
    assert platform.settings["redis.url"]
    assert isinstance(cache_for(platform).store, RedisStore)
    assert cache_for(platform) is cache_for(platform)
    embedded = SimpleNamespace(settings={"redis.url": "", "celery.queue": "q"},
                               metrics=RecordingMetrics(), extras={})
    assert isinstance(build_cache(embedded).store, MemoryStore)


def test_the_entry_lifetime_is_a_setting(platform):
    assert cache_for(platform).ttl == platform.settings["mustard.cache.ttl_seconds"] == 300
    tuned = SimpleNamespace(settings={"redis.url": "", "celery.queue": "q",
                                      "mustard.cache.ttl_seconds": 45},
                            metrics=RecordingMetrics(), extras={})
    assert build_cache(tuned).ttl == 45


@pytest.mark.parametrize("kind", ["memory", "redis"])
def test_purge_mentions_deletes_only_the_tenants_entries_that_name_the_id(kind):
    prefix = f"mustard-cache-purge-{uuid.uuid4().hex[:8]}:"
    store = MemoryStore() if kind == "memory" else RedisStore(redis_client())
    cache = ResponseCache(store, metrics=RecordingMetrics(), prefix=prefix, ttl=60)
    try:
        store.set(f"{prefix}e:t1:a", b'{"id": "cand-1"}', 60)
        store.set(f"{prefix}e:t1:b", b'{"id": "cand-2"}', 60)
        store.set(f"{prefix}e:t2:a", b'{"id": "cand-1"}', 60)  # another tenant's
        assert cache.purge_mentions("t1", "cand-1") == 1
        assert store.get(f"{prefix}e:t1:a") is None
        assert store.get(f"{prefix}e:t1:b") is not None
        assert store.get(f"{prefix}e:t2:a") is not None
    finally:
        if kind == "redis":
            forget_prefix(prefix)
