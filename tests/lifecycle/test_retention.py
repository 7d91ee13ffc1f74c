"""Retention: "erase candidates not updated for N months", with a fixed clock: the dry run
says who would go, the rule only switches on against that dry run, and the periodic check then
erases exactly the due candidates (through the normal, audited erasure) at most once a day."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update

from mustard_core.models import AuditEvent, Candidate, Erasure, Job, Tenant, utcnow
from mustard_core.services import retention
from mustard_core.tenancy import ALL_TENANTS
from tests.helpers import remember_secret
from tests.lifecycle.conftest import run_jobs

NOW = datetime(2025, 6, 15, 9, 30, tzinfo=UTC)


@pytest.fixture
def clock():
    """The tests' "now": passed explicitly to the services, so nothing depends on today."""
    return NOW


def person(client, platform, tenant, name: str, updated: datetime) -> str:
    """A candidate last updated at `updated` (written straight to the row)."""
    remember_secret(name)
    candidate = client.post("/api/v1/candidates", {"name": name}).json
    with platform.session(tenant.id) as session:
        session.execute(update(Candidate).where(Candidate.id == candidate["id"])
                        .values(updated_at=updated))
    return candidate["id"]


@pytest.fixture
def people(recruiter, platform, tenant, clock):
    """Two stale candidates (3 years and 13 months old), one whose year runs out 12 hours
    after `clock`, and a fresh one."""
    year_ago = retention.months_before(clock, 12)
    ids = {
        "ancient": person(recruiter, platform, tenant, "Ancient Applicant",
                          clock - timedelta(days=3 * 365)),
        "stale": person(recruiter, platform, tenant, "Stale Applicant",
                        retention.months_before(clock, 13)),
        "recent": person(recruiter, platform, tenant, "Recent Applicant",
                         year_ago + timedelta(hours=12)),
        "fresh": person(recruiter, platform, tenant, "Fresh Applicant",
                        clock - timedelta(days=3)),
    }
    run_jobs(platform)
    return ids


def test_months_are_calendar_months():
    assert retention.months_before(NOW, 12) == datetime(2024, 6, 15, 9, 30, tzinfo=UTC)
    assert retention.months_before(datetime(2025, 3, 31, tzinfo=UTC), 1) == \
        datetime(2025, 2, 28, tzinfo=UTC)
    assert retention.months_before(datetime(2024, 1, 10, tzinfo=UTC), 25) == \
        datetime(2021, 12, 10, tzinfo=UTC)


def test_the_dry_run_names_who_would_go_and_erases_nothing(platform, tenant, people, clock):
    with platform.session(tenant.id) as session:
        report = retention.dry_run(session, 12, clock)
        assert report.count == 2
        assert [c["id"] for c in report.sample] == [people["ancient"], people["stale"]]
        assert report.cutoff == datetime(2024, 6, 15, 9, 30, tzinfo=UTC)
        assert retention.dry_run(session, 48, clock).count == 0
        assert session.query(Candidate).count() == 4


def test_the_rule_switches_on_only_against_the_dry_run(platform, tenant, people, clock):
    from mustard_core.errors import ApiError

    with platform.session(tenant.id) as session:
        row = session.get(Tenant, tenant.id)
        with pytest.raises(ApiError) as refused:
            retention.set_rule(session, session, row, enabled=True, months=12,
                               confirm_count=None, actor_id=None, now=clock)
        assert refused.value.status == 409 and "2 candidates" in refused.value.message
        with pytest.raises(ApiError):
            retention.set_rule(session, session, row, enabled=True, months=12,
                               confirm_count=1, actor_id=None, now=clock)
        rule = retention.set_rule(session, session, row, enabled=True, months=12,
                                  confirm_count=2, actor_id="u-1", now=clock)
        assert rule.enabled and rule.months == 12 and rule.enabled_at == clock.isoformat()
        # shortening the period erases more: it needs a new dry run too
        with pytest.raises(ApiError):
            retention.set_rule(session, session, row, enabled=True, months=1,
                               confirm_count=2, actor_id=None, now=clock)
        # lengthening it or switching it off does not
        assert retention.set_rule(session, session, row, enabled=True, months=24,
                                  confirm_count=None, actor_id=None, now=clock).months == 24
        assert not retention.set_rule(session, session, row, enabled=False, months=None,
                                      confirm_count=None, actor_id=None, now=clock).enabled


def test_the_periodic_check_erases_exactly_the_due_candidates(platform, tenant, people, clock,
                                                              recruiter):
    # Off: the periodic check does nothing.
    assert retention.run_periodic(platform, now=clock)["retention_jobs"] == 0
    with platform.session(tenant.id) as session:
        retention.set_rule(session, session, session.get(Tenant, tenant.id), enabled=True,
                           months=12, confirm_count=2, actor_id=None, now=clock)

    assert retention.run_periodic(platform, now=clock)["retention_jobs"] == 1
    run_jobs(platform)

    with platform.session(tenant.id) as session:
        left = set(session.scalars(select(Candidate.id)))
        erasures = session.scalars(select(Erasure)).all()
        job = session.scalar(select(Job).where(Job.kind == "retention"))
    assert left == {people["recent"], people["fresh"]}
    assert {e.candidate_id for e in erasures} == {people["ancient"], people["stale"]}
    assert {(e.reason, e.state) for e in erasures} == {("retention", "completed")}
    assert job.result["erased"] == 2 and job.result["as_of"] == clock.isoformat()
    with platform.session(ALL_TENANTS) as session:
        audited = session.scalars(select(AuditEvent).where(
            AuditEvent.action == "candidate.erase")).all()
    assert {a.details["reason"] for a in audited} == {"retention"} and len(audited) == 2
    assert recruiter.get("/api/v1/search?q=applicant").json["total"] == 2

    # Once a day: an hour later nothing is queued; a day later the next run erases the one
    # whose year ran out in between.
    assert retention.run_periodic(platform, now=clock + timedelta(hours=1))[
        "retention_jobs"] == 0
    assert retention.run_periodic(platform, now=clock + timedelta(days=1))[
        "retention_jobs"] == 1
    run_jobs(platform)
    with platform.session(tenant.id) as session:
        assert set(session.scalars(select(Candidate.id))) == {people["fresh"]}


def test_a_large_backlog_is_erased_in_batches(platform, tenant, recruiter, clock, monkeypatch):
    monkeypatch.setattr(retention, "BATCH", 2)
    old = clock - timedelta(days=800)
    ids = {person(recruiter, platform, tenant, f"Backlog {n}", old) for n in range(5)}
    with platform.session(tenant.id) as session:
        retention.set_rule(session, session, session.get(Tenant, tenant.id), enabled=True,
                           months=12, confirm_count=5, actor_id=None, now=clock)
    retention.run_periodic(platform, now=clock)
    run_jobs(platform)
    with platform.session(tenant.id) as session:
        assert not ids & set(session.scalars(select(Candidate.id)))
        batches = session.scalars(select(Job).where(Job.kind == "retention")).all()
    assert sorted(job.result["erased"] for job in batches) == [1, 2, 2]


# The API and the console read the real clock: their candidates are dated from it.
@pytest.mark.parametrize("clock", [utcnow()])
def test_the_retention_api(as_role, recruiter, people, platform):
    admin = as_role("admin")
    assert admin.get("/api/v1/retention").json["enabled"] is False
    admin.get("/api/v1/retention/report", status=422)  # no rule: say how many months
    report = admin.get("/api/v1/retention/report?months=12").json
    assert report["months"] == 12 and report["count"] == 2
    refused = admin.put("/api/v1/retention", {"enabled": True, "months": 12}, status=409).json
    assert refused["error"]["code"] == "dry_run_required"
    rule = admin.put("/api/v1/retention", {"enabled": True, "months": 12, "confirm_count": 2}
                     ).json
    assert rule["enabled"] and rule["months"] == 12 and rule["last_run"] is None
    assert admin.get("/api/v1/retention/report").json["count"] == 2
    admin.put("/api/v1/retention", {"enabled": True, "months": 0}, status=422)
    recruiter.get("/api/v1/retention", status=403)
    assert admin.put("/api/v1/retention", {"enabled": False}).json["enabled"] is False


@pytest.mark.parametrize("clock", [utcnow()])
def test_the_console_previews_before_switching_on(console, people, platform, tenant):
    client = console("admin")
    page = client.get("/admin/retention")
    assert "Off" in page.html.select_one("[data-retention-state]").text
    assert page.html.select_one("#retention-enable") is None  # no dry run yet: no switch

    preview = client.post("/admin/retention", {"action": "preview", "months": "12"},
                          status=200)
    assert preview.html.select_one("[data-report-count]")["data-report-count"] == "2"
    due = {row["data-due-candidate"] for row in preview.html.select("[data-due-candidate]")}
    assert due == {people["ancient"], people["stale"]}
    enable = preview.html.select_one("#retention-enable")
    fields = {i["name"]: i["value"] for i in enable.select("input")}
    assert fields["confirm_count"] == "2" and fields["months"] == "12"

    # a switch-on with a count that is no longer right shows the dry run again
    stale = client.post("/admin/retention", {"action": "enable", "months": "12",
                                             "confirm_count": "7"}, status=409)
    assert stale.html.select_one("[data-report-count]")["data-report-count"] == "2"
    client.post("/admin/retention", {"action": "enable", "months": "12",
                                     "confirm_count": "2"})
    page = client.get("/admin/retention")
    assert "On" in page.html.select_one("[data-retention-state]").text
    with platform.session(tenant.id) as session:
        assert retention.rule(session.get(Tenant, tenant.id)).months == 12
    client.post("/admin/retention", {"action": "disable", "months": ""})
    assert "Off" in client.get("/admin/retention").html.select_one(
        "[data-retention-state]").text
    console("recruiter").get("/admin/retention", status=403)
