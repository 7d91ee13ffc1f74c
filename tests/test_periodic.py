"""Periodic work: one table for Celery beat and the embedded scheduler, and the housekeeping
that deletes access rows long past use."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

from sqlalchemy import select

from mustard_core.celery_app import make_celery
from mustard_core.models import ApiToken, GeneratedResume, ResumeShare, utcnow
from mustard_core.periodic import PERIODIC_TASKS, EmbeddedScheduler, PeriodicTask
from mustard_core.security import issue_token
from mustard_core.services.housekeeping import GRACE, purge_lapsed_access
from mustard_core.tenancy import ALL_TENANTS
from tests.conftest import REDIS_URL


def test_beat_schedules_every_periodic_task_on_the_platforms_queue(platform):
    settings = {**platform.settings, "redis.url": REDIS_URL, "celery.queue": "periodic-test"}
    celery = make_celery(type("P", (), {"settings": settings, "engine": platform.engine,
                                        "pm": platform.pm})())
    schedule = celery.conf.beat_schedule
    assert set(schedule) == {task.name for task in PERIODIC_TASKS}
    for task in PERIODIC_TASKS:
        assert schedule[task.name]["schedule"] == task.every_seconds
        assert schedule[task.name]["options"] == {"queue": "periodic-test"}
        assert task.name in celery.tasks
    assert {"mustard.relay", "mustard.lifecycle", "mustard.housekeeping"} <= set(schedule)


def test_the_embedded_scheduler_runs_each_task_again_and_survives_a_failure(platform):
    calls: list[str] = []
    ran_twice = threading.Event()

    def record(_platform):
        calls.append("record")
        if calls.count("record") >= 2:
            ran_twice.set()

    def broken(_platform):
        calls.append("broken")
        raise RuntimeError("a periodic task failed")

    scheduler = EmbeddedScheduler(platform, tasks=(PeriodicTask("t.record", 0.05, record),
                                                   PeriodicTask("t.broken", 0.05, broken)))
    scheduler.start()
    try:
        assert ran_twice.wait(timeout=30)
    finally:
        scheduler.stop()
    assert calls.count("broken") >= 1  # ran, failed, and the other task went on
    runs = dict(scheduler.runs)
    time.sleep(0.2)
    assert scheduler.runs == runs  # stopped means stopped


def test_housekeeping_deletes_tokens_long_expired_or_revoked(platform, factory, tenant):
    user = factory.user(tenant, "recruiter")
    now = utcnow()
    with platform.session(ALL_TENANTS) as session:
        rows = {}
        for label, expires, revoked in (
                ("valid", now + timedelta(hours=1), None),
                ("just expired", now - timedelta(days=1), None),
                ("long expired", now - GRACE - timedelta(days=1), None),
                ("long revoked", now + timedelta(days=400), now - GRACE - timedelta(hours=1)),
                ("no expiry", None, None)):
            _token, row = issue_token(session.get(type(user), user.id), name=label,
                                      ttl=timedelta(hours=1))
            row.expires_at, row.revoked_at = expires, revoked
            session.add(row)
            rows[label] = row
    assert purge_lapsed_access(platform, now)["tokens_purged"] == 2
    with platform.session(ALL_TENANTS) as session:
        names = set(session.scalars(select(ApiToken.name).where(ApiToken.user_id == user.id)))
    assert names == {"valid", "just expired", "no expiry"}
    assert purge_lapsed_access(platform, now)["tokens_purged"] == 0


def test_housekeeping_deletes_share_links_long_expired_or_revoked(platform, tenant):
    now = utcnow()
    with platform.session(tenant.id) as session:
        resume = GeneratedResume(tenant_id=tenant.id, template="classic")
        session.add(resume)
        session.flush()
        for label, expires, revoked in (
                ("open", now + timedelta(days=7), None),
                ("just expired", now - timedelta(days=2), None),
                ("long expired", now - GRACE - timedelta(minutes=1), None),
                ("long revoked", now + timedelta(days=7), now - GRACE - timedelta(days=3))):
            session.add(ResumeShare(tenant_id=tenant.id, resume_id=resume.id,
                                    token_hash=label.ljust(64, "-"), expires_at=expires,
                                    revoked_at=revoked))
    assert purge_lapsed_access(platform, now)["share_links_purged"] == 2
    with platform.session(tenant.id) as session:
        left = {row.token_hash.rstrip("-") for row in session.scalars(select(ResumeShare))}
    assert left == {"open", "just expired"}
