"""Ops: the dashboard, the jobs page (filter, error, retry, cancel), and reindexing."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from mustard_core.jobs import enqueue
from mustard_core.models import (
    AuditEvent,
    Candidate,
    Document,
    DocumentKind,
    Job,
    JobState,
    utcnow,
)
from mustard_core.tenancy import ALL_TENANTS
from tests.helpers import Client

JUNK = b"lorem ipsum dolor sit amet\n" * 20


def failed_parse(app, factory, tenant, platform) -> str:
    api = Client(app, factory.token(factory.user(tenant, "recruiter")))
    job_id = api.upload("/api/v1/uploads", "junk.txt", JUNK).json["job"]["id"]
    assert platform.dispatcher.drain(timeout=30)
    return job_id


def job(platform, job_id: str) -> Job:
    with platform.session(ALL_TENANTS) as session:
        return session.get(Job, job_id)


def test_the_dashboard_counts_charts_and_lists_failures(console, app, factory, tenant,
                                                        platform):
    job_id = failed_parse(app, factory, tenant, platform)
    other = factory.tenant()
    with platform.session(other.id) as session:  # another tenant's data is not counted
        session.add(Candidate(tenant_id=other.id, name="Elsewhere", profile={}))
    ops = console("ops")
    page = ops.get("/admin/")
    counts = {d["data-count"]: d.text for d in page.html.select("[data-count]")}
    assert counts == {"users": "2", "candidates": "0", "documents": "1", "resumes": "0"}
    assert page.html.select_one("[data-jobs-state=failed]").text == "1"
    assert f"/admin/jobs/{job_id}" in str(page.html.select_one("#failures-heading").parent)
    # the chart: one upload today, no parse (it failed)
    bars = page.html.select("svg.chart rect")
    assert len(bars) == 28
    today = utcnow().date().isoformat()
    titles = [bar.select_one("title").text for bar in bars]
    assert f"{today}: 1 uploads" in titles and f"{today}: 0 parses" in titles
    superadmin = console(superadmin=True)
    platform_counts = {d["data-count"]: d.text for d in
                       superadmin.get("/admin/").html.select("[data-count]")}
    assert platform_counts["tenants"] == "2" and platform_counts["candidates"] == "1"


def test_queue_depth_counts_waiting_jobs(console, factory, tenant, platform):
    ops = console("ops")
    superadmin = console(superadmin=True)
    runner_before = int(superadmin.get("/admin/").html.select_one("[data-queue-depth]").text)
    other = factory.tenant()
    for owner, count in ((tenant, 3), (other, 2)):
        with platform.session(owner.id) as session:
            for _ in range(count):
                enqueue(session, tenant_id=owner.id, kind="index",
                        payload={"candidate_ids": []}, delay=3600)
    page = ops.get("/admin/")
    assert page.html.select_one("[data-queue-depth]").text == "3"  # this tenant's only
    assert page.html.select_one("[data-jobs-state=queued]").text == "3"
    # the platform sees the job runner's queue: every tenant's jobs, grown by our five
    runner = int(superadmin.get("/admin/").html.select_one("[data-queue-depth]").text)
    assert runner == runner_before + 5


def test_jobs_filter_by_state_and_kind(console, app, factory, tenant, platform):
    failed_id = failed_parse(app, factory, tenant, platform)
    with platform.session(tenant.id) as session:
        waiting = enqueue(session, tenant_id=tenant.id, kind="index",
                          payload={"candidate_ids": []}, delay=3600).id
    ops = console("ops")
    rows = lambda url: [r["data-job-row"] for r in ops.get(url).html.select("tr[data-job-row]")]  # noqa: E731
    assert set(rows("/admin/jobs")) == {failed_id, waiting}
    assert rows("/admin/jobs?state=failed") == [failed_id]
    assert rows("/admin/jobs?kind=index") == [waiting]
    assert rows("/admin/jobs?kind=index&state=failed") == []
    assert set(rows("/admin/jobs?kind=bogus&state=bogus")) == {failed_id, waiting}  # ignored
    detail = ops.get(f"/admin/jobs/{failed_id}")
    assert "no name, email or phone number" in detail.html.select_one("[data-job-error]").text
    status = ops.get(f"/admin/jobs/{failed_id}/status.json").json
    assert status["state"] == "failed" and status["progress"] == 0


def test_retry_a_failed_job_and_cancel_a_queued_one(console, app, factory, tenant, platform):
    failed_id = failed_parse(app, factory, tenant, platform)
    with platform.session(tenant.id) as session:
        waiting = enqueue(session, tenant_id=tenant.id, kind="index",
                          payload={"candidate_ids": []}, delay=3600).id
    ops = console("ops")
    ops.post(f"/admin/jobs/{waiting}/retry")  # refused: not failed
    assert "Only failed or cancelled jobs can be retried" in ops.get(f"/admin/jobs/{waiting}").text
    ops.post(f"/admin/jobs/{waiting}/cancel")
    assert job(platform, waiting).state == JobState.cancelled
    ops.post(f"/admin/jobs/{failed_id}/retry")
    assert platform.dispatcher.drain(timeout=30)
    retried = job(platform, failed_id)
    assert retried.state == JobState.failed and retried.attempts == 1  # ran again from scratch
    with platform.session(ALL_TENANTS) as session:
        logged = list(session.scalars(sa.select(AuditEvent.action).where(
            AuditEvent.action.startswith("job.")).order_by(AuditEvent.created_at)))
    assert logged == ["job.cancel", "job.retry"]
    console("recruiter").post(f"/admin/jobs/{failed_id}/retry", status=403)


def test_jobs_list_pages(console, tenant, platform):
    with platform.session(tenant.id) as session:
        for _ in range(30):
            enqueue(session, tenant_id=tenant.id, kind="index", payload={"candidate_ids": []},
                    delay=3600)
    ops = console("ops")
    assert "Showing 1\u201325 of 30 jobs" in ops.get("/admin/jobs").text
    assert len(ops.get("/admin/jobs?page=2").html.select("tr[data-job-row]")) == 5


def test_reindex_starts_one_job_and_reports_progress(console, factory, tenant, platform, app):
    api = Client(app, factory.token(factory.user(tenant, "recruiter")))
    for i in range(5):
        api.post("/api/v1/candidates", {"name": f"Person {i}"})
    assert platform.dispatcher.drain(timeout=30)
    ops = console("ops")
    started = ops.post("/admin/reindex")
    job_id = started.location.rsplit("job=", 1)[1]
    page = ops.get(started.location)
    assert page.html.select_one("[data-job-status-url]")["data-job-status-url"] == (
        f"/admin/jobs/{job_id}/status.json")
    assert page.html.select_one("progress")["max"] == "100"
    assert platform.dispatcher.drain(timeout=30)
    status = ops.get(f"/admin/jobs/{job_id}/status.json").json
    finished = status.pop("finished_at")
    assert status == {"id": job_id, "kind": "reindex", "state": "succeeded", "progress": 100,
                      "error": None, "result": {"indexed": 5}}
    assert finished.startswith(utcnow().date().isoformat()[:4])
    with platform.session(ALL_TENANTS) as session:
        [event] = session.scalars(sa.select(AuditEvent).where(
            AuditEvent.action == "search.reindex")).all()
        assert event.target == f"job:{job_id}"


def test_a_second_reindex_while_one_waits_shows_the_first(console, tenant, platform):
    with platform.session(tenant.id) as session:
        waiting = enqueue(session, tenant_id=tenant.id, kind="reindex", delay=3600).id
    ops = console("ops")
    again = ops.post("/admin/reindex")
    assert again.location.endswith(f"job={waiting}")
    page = ops.get(again.location)
    assert page.html.select_one("[data-start-reindex]").has_attr("disabled")
    with platform.session(tenant.id) as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(Job)) == 1


def test_chart_days_use_utc_dates(console, tenant, platform):
    with platform.session(tenant.id) as session:
        for days_ago in (0, 1, 1, 13, 20):
            session.add(Document(tenant_id=tenant.id, kind=DocumentKind.cv, filename="a.txt",
                                 media_type="text/plain", size=1, sha256="0" * 64,
                                 storage_key=f"k{days_ago}",
                                 created_at=utcnow() - timedelta(days=days_ago)))
    page = console("ops").get("/admin/")
    uploads = {bar.select_one("title").text.split(":")[0]: bar.select_one("title").text
               for bar in page.html.select("svg.chart rect.series-0")}
    yesterday = (utcnow() - timedelta(days=1)).date().isoformat()
    assert uploads[yesterday].endswith(": 2 uploads")
    assert sum(int(t.split(": ")[1].split()[0]) for t in uploads.values()) == 4  # 20 days: out
