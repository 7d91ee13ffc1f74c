"""Erasure on the embedded stack (SQLite and PostgreSQL, in-process jobs, local storage, the SQL
search, the Redis response cache): every store forgets the candidate, the audit log keeps ids
and a hash only, and an erasure a store (here: a plugin) fails is shown pending and retried
until it completes. The production-like version is test_lifecycle_e2e.py."""

from __future__ import annotations

import hashlib
import uuid
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
import redis
from sqlalchemy import select, text

from mustard_core import hookimpl
from mustard_core.cache import cache_for
from mustard_core.models import AuditEvent, Erasure, Job, JobState, utcnow
from mustard_core.services import erasure as erasure_service
from mustard_core.tenancy import ALL_TENANTS
from tests.conftest import REDIS_URL
from tests.fixtures import cvs
from tests.lifecycle.conftest import candidate_with_files, run_jobs


class Keeper:
    """A plugin that keeps its own copy of candidates and erases it on the deletion event;
    `failures` makes its store refuse that many deletions first (a store that is down)."""

    def __init__(self, failures: int = 0):
        self.copies: set[str] = set()
        self.failures = failures
        self.calls = 0

    @hookimpl
    def mustard_candidate_created(self, event):
        self.copies.add(event.candidate_id)

    @hookimpl
    def mustard_candidate_deleted(self, event):
        self.calls += 1
        if self.failures:
            self.failures -= 1
            raise ConnectionError("the keeper's store is down")
        self.copies.discard(event.candidate_id)


@pytest.fixture
def keeper(platform):
    plugins = []

    def register(failures: int = 0) -> Keeper:
        plugin = Keeper(failures)
        platform.pm.register(plugin, name=f"keeper-{len(plugins)}")
        plugins.append(plugin)
        return plugin

    yield register
    for plugin in plugins:
        platform.pm.unregister(plugin)


def every_text(platform) -> str:
    """Every row of every table (the search provider's too) as text."""
    chunks = []
    with platform.engine.connect() as conn:
        from sqlalchemy import inspect

        for table in inspect(conn).get_table_names():
            if table.startswith("sqlite_") or "_fts_" in table:
                continue
            for row in conn.execute(text(f'SELECT * FROM "{table}"')):  # noqa: S608
                chunks.append(repr(tuple(row)))
    return "\n".join(chunks)


def cached_entries(platform, tenant_id: str) -> list[bytes]:
    client = redis.Redis.from_url(REDIS_URL)
    prefix = cache_for(platform).prefix
    return [client.get(key) or b"" for key in client.scan_iter(match=f"{prefix}e:{tenant_id}:*")]


def test_delete_erases_from_every_store_and_audits_without_pii(recruiter, platform, tenant,
                                                                keeper):
    plugin = keeper()
    filled = candidate_with_files(recruiter, platform)
    url = f"/api/v1/candidates/{filled.candidate_id}"
    # warm the response cache with the candidate, a list and a search
    recruiter.get(url)
    assert recruiter.get("/api/v1/search?q=lovelace").json["total"] == 1
    recruiter.get("/api/v1/candidates")
    assert any(filled.candidate_id.encode() in value
               for value in cached_entries(platform, tenant.id))
    keys = list(platform.storage.keys(f"{tenant.id}/"))
    assert len(keys) == 4  # a CV, a photo, two PDFs
    assert plugin.copies == {filled.candidate_id}

    deleted = recruiter.delete(url)
    erasure_url = urlsplit(deleted.headers["Location"]).path
    assert erasure_url.startswith("/api/v1/erasures/")
    assert recruiter.get(erasure_url).json["steps"]["database"] == "done"
    run_jobs(platform)

    erasure = recruiter.get(erasure_url).json
    assert erasure["state"] == "completed", erasure
    assert set(erasure["steps"].values()) == {"done"} and erasure["files_remaining"] == 0
    assert list(platform.storage.keys(f"{tenant.id}/")) == []
    recruiter.get(url, status=404)
    assert recruiter.get("/api/v1/search?q=lovelace").json["total"] == 0
    assert recruiter.get("/api/v1/candidates").json["items"] == []
    assert not any(filled.candidate_id.encode() in value or b"Lovelace" in value
                   for value in cached_entries(platform, tenant.id))
    assert plugin.copies == set() and plugin.calls == 1
    stored = every_text(platform)
    for pii in (cvs.ADA.name, cvs.ADA.email, cvs.ADA.phone, "Analytical Engines"):
        assert pii not in stored, pii
    with platform.session(ALL_TENANTS) as session:
        events = session.scalars(select(AuditEvent).where(
            AuditEvent.action.like("candidate.erase%")).order_by(AuditEvent.created_at)).all()
    assert [e.action for e in events] == ["candidate.erase", "candidate.erase.completed"]
    digest = hashlib.sha256(cvs.ADA.email.encode()).hexdigest()
    assert events[0].details["email_sha256"] == digest
    assert events[0].target == f"candidate:{filled.candidate_id}"
    # the erasure can be found by the address, without the address being stored
    found = recruiter.get(f"/api/v1/erasures?email={cvs.ADA.email.upper()}").json["items"]
    assert [e["id"] for e in found] == [erasure["id"]]


def test_a_failing_store_leaves_the_erasure_pending_until_it_is_retried(recruiter, platform,
                                                                        keeper):
    plugin = keeper(failures=2)  # down for the request's delivery and the job's first retry
    candidate = recruiter.post("/api/v1/candidates", {"name": "Pending Person",
                                                      "email": "pending@example.com"}).json
    erasure_url = recruiter.delete(f"/api/v1/candidates/{candidate['id']}").headers["Location"]
    erasure_url = urlsplit(erasure_url).path
    erasure = recruiter.get(erasure_url).json
    assert erasure["state"] == "pending"
    assert erasure["steps"]["plugins"] == "failed"
    assert erasure["plugin_failures"] == ["keeper-0"]
    assert "keeper-0" in erasure["error"]
    assert recruiter.get("/api/v1/erasures?state=pending").json["items"][0]["id"] == \
        erasure["id"]

    platform.dispatcher.drain(timeout=60)  # the job: files, index, cache; the plugin fails
    erasure = recruiter.get(erasure_url).json
    assert erasure["state"] == "pending"
    assert erasure["steps"]["storage"] == "done" and erasure["steps"]["plugins"] == "failed"
    job = recruiter.get(f"/api/v1/jobs/{erasure['job_id']}").json
    assert job["state"] == "queued" and "keeper-0" in job["error"]

    run_jobs(platform)  # the retry: the store is back
    erasure = recruiter.get(erasure_url).json
    assert erasure["state"] == "completed" and erasure["error"] is None
    assert plugin.calls == 3 and plugin.copies == set()


def test_a_given_up_erasure_is_queued_again_by_the_periodic_check(recruiter, platform, tenant):
    # An erasure whose job gave up during a long storage outage, with a file still to delete.
    key = f"{tenant.id}/uploads/{uuid.uuid4()}"
    platform.storage.put(key, b"left behind", content_type="text/plain")
    with platform.session(tenant.id) as session:
        job = Job(tenant_id=tenant.id, kind="erase", payload={}, result={},
                  state=JobState.failed, error="gave up", finished_at=utcnow())
        session.add(job)
        session.flush()
        erasure = Erasure(tenant_id=tenant.id, candidate_id=str(uuid.uuid4()), job_id=job.id,
                          storage_keys=[key], plugin_failures=[], created_at=utcnow(),
                          steps={"database": "done", "storage": "pending", "search": "done",
                                 "cache": "done", "plugins": "done"})
        session.add(erasure)
        session.flush()
        job.payload = {"erasure_id": erasure.id}
        erasure_url, first_job = f"/api/v1/erasures/{erasure.id}", job.id
    assert recruiter.get(erasure_url).json["files_remaining"] == 1

    assert erasure_service.requeue_stalled(platform, utcnow()) == 0  # not stalled long enough
    later = utcnow() + erasure_service.STALLED_AFTER + timedelta(minutes=1)
    assert erasure_service.requeue_stalled(platform, later) == 1
    run_jobs(platform)
    erasure = recruiter.get(erasure_url).json
    assert erasure["state"] == "completed" and erasure["job_id"] != first_job
    assert not platform.storage.exists(key)
    assert erasure_service.requeue_stalled(platform, later) == 0


def test_the_console_erases_from_the_candidate_page(console, platform, tenant, recruiter):
    filled = candidate_with_files(recruiter, platform)
    admin = console("admin")
    page = admin.get(f"/admin/candidates/{filled.candidate_id}")
    assert page.html.select_one(f"form[action='/admin/candidates/{filled.candidate_id}/erase']")
    assert "Uploaded by a recruiter" in page.html.select_one("[data-consent-obtained]").text
    moved = admin.post(f"/admin/candidates/{filled.candidate_id}/erase")
    detail_url = urlsplit(moved.headers["Location"]).path
    assert "/admin/erasures/" in detail_url
    pending = admin.get(detail_url)
    assert pending.html.select_one("tr[data-step='database']").text.count("done") == 1
    run_jobs(platform)
    done = admin.get(detail_url)
    assert done.html.select_one("[data-erasure-state]").text == "completed"
    assert list(platform.storage.keys(f"{tenant.id}/")) == []
    admin.get(f"/admin/candidates/{filled.candidate_id}", status=404)
    listed = admin.get("/admin/erasures").html.select("tr[data-erasure-id]")
    assert len(listed) == 1
    assert cvs.ADA.name not in admin.get("/admin/erasures").text


def test_a_recruiter_cannot_erase_from_the_console_without_the_csrf_token(console, recruiter,
                                                                          platform):
    candidate = recruiter.post("/api/v1/candidates", {"name": "Kept Person"}).json
    client = console("recruiter")
    client.post(f"/admin/candidates/{candidate['id']}/erase", csrf=False, status=400)
    recruiter.get(f"/api/v1/candidates/{candidate['id']}")
