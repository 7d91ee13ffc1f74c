"""Job semantics: outbox, publish after commit, retries with backoff, poison cap, relay."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import select

from mustard_core import hookimpl
from mustard_core.jobs import JobFailed, JobKind, JobRetry, enqueue, execute_job, relay_pending
from mustard_core.models import Job, JobState, Tenant, utcnow
from mustard_core.tenancy import ALL_TENANTS

CALLS: list[tuple[str, dict]] = []


def record_handler(ctx):
    CALLS.append(("record", dict(ctx.payload)))
    ctx.progress(50)
    return {"seen": ctx.payload.get("n")}


def flaky_handler(ctx):
    CALLS.append(("flaky", dict(ctx.payload)))
    if sum(1 for c in CALLS if c[0] == "flaky") < ctx.payload["fail_times"] + 1:
        raise JobRetry("the partner is down")
    return {"ok": True}


def broken_handler(ctx):
    raise JobFailed("this file cannot be read")


def crashing_handler(ctx):
    raise KeyError("secret internals")


def writing_handler(ctx):
    """Writes a row, then fails: the row must not survive."""
    from mustard_core.models import Synonym

    ctx.session.add(Synonym(tenant_id=ctx.tenant.id, type="synonym", synonyms=["a", "b"]))
    ctx.session.flush()
    raise JobFailed("failed after writing")


class TestKinds:
    @hookimpl
    def mustard_job_handlers(self):
        return {
            "test.record": record_handler,
            "test.flaky": JobKind("test.flaky", flaky_handler, max_attempts=4,
                                  retry_base_seconds=1),
            "test.broken": broken_handler,
            "test.crash": crashing_handler,
            "test.writing": writing_handler,
        }


@pytest.fixture
def kinds(platform):
    plugin = TestKinds()
    platform.pm.register(plugin, name="test-kinds")
    platform.extras.pop("job_kinds", None)
    CALLS.clear()
    yield
    platform.pm.unregister(plugin)
    platform.extras.pop("job_kinds", None)


def job_state(platform, job_id):
    with platform.session(ALL_TENANTS) as session:
        job = session.get(Job, job_id)
        session.expunge(job)
        return job


def time_passes(platform):
    """Every scheduled retry becomes due now (instead of sleeping through the backoff)."""
    with platform.session(ALL_TENANTS) as session:
        for job in session.scalars(select(Job).where(Job.state == JobState.queued)):
            if job.run_after is not None:
                job.run_after = utcnow() - timedelta(seconds=1)
    platform.dispatcher.drain(include_delayed=True)


def add_job(platform, tenant, kind, payload=None, publish=True):
    with platform.session(tenant.id) as session:
        job = enqueue(session, tenant_id=tenant.id, kind=kind, payload=payload or {})
        if not publish:
            session.info.pop("mustard.pending_jobs")
        return job.id


def test_job_is_published_only_after_commit(platform, tenant, kinds):
    with pytest.raises(RuntimeError), platform.session(tenant.id) as session:
        enqueue(session, tenant_id=tenant.id, kind="test.record", payload={"n": 1})
        raise RuntimeError("the request failed")
    platform.dispatcher.drain()
    assert CALLS == []
    with platform.session(ALL_TENANTS) as session:
        assert session.scalars(select(Job)).all() == []


def test_job_runs_and_records_result_and_progress(platform, tenant, kinds):
    job_id = add_job(platform, tenant, "test.record", {"n": 7})
    platform.dispatcher.drain()
    job = job_state(platform, job_id)
    assert job.state == JobState.succeeded
    assert job.result == {"seen": 7}
    assert job.progress == 100
    assert job.attempts == 1
    assert job.started_at and job.finished_at


def test_running_twice_is_harmless(platform, tenant, kinds):
    job_id = add_job(platform, tenant, "test.record", {"n": 1})
    platform.dispatcher.drain()
    assert execute_job(platform, job_id) == "done-already"
    assert [c for c in CALLS if c[0] == "record"] == [("record", {"n": 1})]


def test_concurrent_deliveries_run_once(platform, tenant, kinds):
    job_id = add_job(platform, tenant, "test.record", {"n": 2}, publish=False)
    outcomes = []
    threads = [threading.Thread(target=lambda: outcomes.append(execute_job(platform, job_id)))
               for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count("succeeded") == 1
    assert set(outcomes) <= {"succeeded", "locked", "done-already"}
    assert len([c for c in CALLS if c[0] == "record"]) == 1


def test_transient_failure_retries_with_backoff_then_succeeds(platform, tenant, kinds):
    job_id = add_job(platform, tenant, "test.flaky", {"fail_times": 2}, publish=False)
    assert execute_job(platform, job_id) == "retried"
    job = job_state(platform, job_id)
    assert job.state == JobState.queued
    assert "the partner is down" in job.error and "attempt 1 of 4" in job.error
    first_delay = job.run_after - utcnow()
    assert timedelta(0) < first_delay <= timedelta(seconds=1)
    assert execute_job(platform, job_id) == "not-due"  # a redelivery before the delay waits
    for _ in range(3):
        time_passes(platform)
    job = job_state(platform, job_id)
    assert job.state == JobState.succeeded, job.error
    assert job.attempts == 3
    assert job.error is None


def test_transient_failure_gives_up_after_max_attempts(platform, tenant, kinds):
    job_id = add_job(platform, tenant, "test.flaky", {"fail_times": 99})
    platform.dispatcher.drain()
    for _ in range(6):
        time_passes(platform)
    job = job_state(platform, job_id)
    assert job.state == JobState.failed
    assert job.attempts == 4
    assert "gave up after 4 attempts" in job.error


def test_permanent_failure_has_readable_reason(platform, tenant, kinds):
    job_id = add_job(platform, tenant, "test.broken")
    platform.dispatcher.drain()
    job = job_state(platform, job_id)
    assert job.state == JobState.failed
    assert job.error == "this file cannot be read"
    assert job.attempts == 1


def test_unexpected_error_fails_without_leaking_internals(platform, tenant, kinds):
    job_id = add_job(platform, tenant, "test.crash")
    platform.dispatcher.drain()
    job = job_state(platform, job_id)
    assert job.state == JobState.failed
    assert job.error == "internal error while running test.crash (KeyError)"


def test_failed_handler_writes_nothing(platform, tenant, kinds):
    from mustard_core.models import Synonym

    job_id = add_job(platform, tenant, "test.writing")
    platform.dispatcher.drain()
    assert job_state(platform, job_id).state == JobState.failed
    with platform.session(ALL_TENANTS) as session:
        assert session.scalars(select(Synonym)).all() == []


def test_poison_message_ends_failed(platform, tenant, kinds):
    """A message redelivered past the cap (e.g. it kills its worker each time) ends failed."""
    job_id = add_job(platform, tenant, "test.record", publish=False)
    with platform.session(ALL_TENANTS) as session:
        job = session.get(Job, job_id)
        job.attempts = platform.settings["mustard.jobs.max_attempts"]
        job.state = JobState.running
    assert execute_job(platform, job_id) == "failed"
    job = job_state(platform, job_id)
    assert job.state == JobState.failed and "gave up" in job.error
    assert CALLS == []


def test_unknown_kind_fails_readably(platform, tenant):
    job_id = add_job(platform, tenant, "no.such.kind")
    platform.dispatcher.drain()
    assert job_state(platform, job_id).error == "unknown job kind 'no.such.kind'"


def test_relay_publishes_jobs_whose_message_was_lost(platform, tenant, kinds):
    job_id = add_job(platform, tenant, "test.record", {"n": 3}, publish=False)
    platform.dispatcher.drain()
    assert job_state(platform, job_id).state == JobState.queued  # lost: never published
    assert relay_pending(platform, older_than_seconds=3600) == 0  # too fresh to relay
    assert relay_pending(platform, older_than_seconds=0) == 1
    platform.dispatcher.drain()
    assert job_state(platform, job_id).state == JobState.succeeded


def test_relay_does_not_flood_the_broker_with_a_waiting_backlog(platform, tenant, kinds,
                                                                 monkeypatch):
    job_id = add_job(platform, tenant, "test.record", {"n": 5}, publish=False)
    with platform.session(ALL_TENANTS) as session:
        session.get(Job, job_id).created_at = utcnow() - timedelta(hours=2)
    sent = []  # the broker: messages wait here, behind a backlog no worker has reached yet
    monkeypatch.setattr(platform.dispatcher, "publish", lambda job, delay=0: sent.append(job))
    assert relay_pending(platform, older_than_seconds=60) == 1
    # the message may just be waiting behind others: the next passes leave it alone ...
    assert relay_pending(platform, older_than_seconds=60) == 0
    assert relay_pending(platform, older_than_seconds=0) == 0
    assert sent == [job_id]
    # ... until the broker's visibility timeout has passed since the relay
    timeout = platform.settings["mustard.jobs.visibility_timeout"]
    with platform.session(ALL_TENANTS) as session:
        session.get(Job, job_id).published_at = utcnow() - timedelta(seconds=timeout + 1)
    assert relay_pending(platform, older_than_seconds=60) == 1
    assert sent == [job_id, job_id]
    assert job_state(platform, job_id).state == JobState.queued


def test_relay_requeues_running_job_of_a_dead_worker(platform, tenant, kinds):
    job_id = add_job(platform, tenant, "test.record", {"n": 4}, publish=False)
    with platform.session(ALL_TENANTS) as session:
        job = session.get(Job, job_id)
        job.state = JobState.running
        job.attempts = 1
        job.started_at = utcnow() - timedelta(hours=1)
    assert relay_pending(platform, older_than_seconds=60) == 1
    platform.dispatcher.drain()
    job = job_state(platform, job_id)
    assert job.state == JobState.succeeded
    assert job.attempts == 2


def test_retry_and_cancel_api(platform, tenant, kinds, ops, recruiter):
    job_id = add_job(platform, tenant, "test.broken")
    platform.dispatcher.drain()
    recruiter.post(f"/api/v1/jobs/{job_id}/retry", status=403)
    res = ops.post(f"/api/v1/jobs/{job_id}/retry", status=202)
    assert res.json["state"] == "queued" and res.json["attempts"] == 0
    platform.dispatcher.drain()
    assert ops.get(f"/api/v1/jobs/{job_id}").json["state"] == "failed"
    queued = add_job(platform, tenant, "test.record", publish=False)
    assert ops.post(f"/api/v1/jobs/{queued}/cancel", status=200).json["state"] == "cancelled"
    assert execute_job(platform, queued) == "done-already"
    res = ops.post(f"/api/v1/jobs/{queued}/cancel", status=409)
    assert "only queued jobs" in res.json["error"]["message"]
    listed = ops.get("/api/v1/jobs?state=cancelled").json["items"]
    assert [j["id"] for j in listed] == [queued]


def test_jobs_of_another_tenant_are_invisible(platform, factory, kinds, recruiter):
    other = factory.tenant()
    job_id = add_job(platform, other, "test.record")
    platform.dispatcher.drain()
    recruiter.get(f"/api/v1/jobs/{job_id}", status=404)
    assert recruiter.get("/api/v1/jobs").json["items"] == []


def test_tenant_row_is_in_job_context(platform, tenant):
    with platform.session(ALL_TENANTS) as session:
        assert session.get(Tenant, tenant.id).slug == tenant.slug


def test_the_job_list_pages_newest_first_without_gaps_or_repeats(platform, tenant, kinds, ops):
    job_ids = [add_job(platform, tenant, "test.record", {"n": n}, publish=False)
               for n in range(5)]
    with platform.session(ALL_TENANTS) as session:  # two share a timestamp: the id decides
        stamp = utcnow()
        for offset, job_id in zip((4, 3, 3, 1, 0), job_ids, strict=True):
            session.get(Job, job_id).created_at = stamp - timedelta(minutes=offset)
    seen, cursor = [], None
    while True:
        page = ops.get("/api/v1/jobs", params={"limit": 2, **({"cursor": cursor} if cursor
                                                               else {})}).json
        seen += [job["id"] for job in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert sorted(seen) == sorted(job_ids) and len(seen) == 5
    assert seen[:2] == [job_ids[4], job_ids[3]]
    assert seen[-1] == job_ids[0]
    res = ops.get("/api/v1/jobs", params={"cursor": "not-a-cursor"}, status=422)
    assert res.json["error"]["details"][0]["field"] == "cursor"
