"""Fixtures and helpers for the candidate data lifecycle's tests (duplicates, erasure,
retention, export, consent), on the shared per-backend platform of tests/conftest.py."""

from __future__ import annotations

import io
import time
from dataclasses import dataclass
from datetime import timedelta

import pytest
from PIL import Image
from sqlalchemy import func, or_, select

from mustard_core.models import Job, JobState, utcnow
from mustard_core.tenancy import ALL_TENANTS
from tests.admin.conftest import console, wsgi  # noqa: F401 (fixtures for the console tests)
from tests.fixtures import cvs
from tests.helpers import Client, remember_secret


@pytest.fixture
def admin(as_role) -> Client:
    return as_role("admin")


def run_jobs(platform, timeout: float = 60) -> None:
    """Run every job due within a few seconds until none is left: retries included (the
    tests' retry delay is a second or two), and jobs that jobs queue. Jobs delayed for longer
    (an export's purge, ten minutes on) are left alone."""
    deadline = time.monotonic() + timeout
    while True:
        platform.dispatcher.drain(timeout=timeout)
        soon = utcnow() + timedelta(seconds=10)
        with platform.session(ALL_TENANTS, write=False) as session:
            waiting = session.scalar(select(func.count()).select_from(Job).where(
                Job.state.in_([JobState.queued, JobState.running]),
                or_(Job.run_after.is_(None), Job.run_after <= soon)))
        if not waiting:
            return
        assert time.monotonic() < deadline, f"{waiting} jobs still pending"
        time.sleep(0.2)


def png(color=(200, 80, 40)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (24, 24), color).save(out, "PNG")
    return out.getvalue()


def secret_person(person: cvs.Person) -> cvs.Person:
    """Register a person's PII as never to be logged, and return them."""
    for value in (person.name, person.email, person.phone):
        remember_secret(value)
    return person


def upload_cv(client: Client, platform, person: cvs.Person, filename: str = "cv.txt") -> dict:
    """Upload a text CV and parse it; returns the parse job as the API shows it after."""
    secret_person(person)
    accepted = client.upload("/api/v1/uploads", filename, cvs.txt_cv(person)).json
    platform.dispatcher.drain(timeout=60)
    job = client.get(f"/api/v1/jobs/{accepted['job']['id']}").json
    assert job["state"] == "succeeded", job
    return {**job["result"], "document": accepted["document"]}


@dataclass
class Filled:
    """A candidate with two documents (a CV and a photo) and two generated resumes."""

    candidate_id: str
    documents: list[dict]
    resumes: list[dict]
    uploads: dict[str, bytes]  # document id -> the bytes sent


def candidate_with_files(client: Client, platform, person: cvs.Person = cvs.ADA) -> Filled:
    cv = cvs.txt_cv(secret_person(person))
    accepted = client.upload("/api/v1/uploads", "ada.txt", cv).json
    platform.dispatcher.drain(timeout=60)
    job = client.get(f"/api/v1/jobs/{accepted['job']['id']}").json
    assert job["state"] == "succeeded", job
    candidate_id = job["result"]["candidate_id"]
    photo = png()
    second = client.upload("/api/v1/uploads", "face.png", photo, candidate_id=candidate_id,
                           kind="photo").json
    resumes = []
    for template in ("classic", "sidebar"):
        resumes.append(client.post(f"/api/v1/candidates/{candidate_id}/resumes",
                                   {"template": template}, status=202).json["resume"])
    run_jobs(platform)
    resumes = [client.get(f"/api/v1/resumes/{r['id']}").json for r in resumes]
    assert all(r["state"] == "ready" for r in resumes), resumes
    documents = client.get(f"/api/v1/candidates/{candidate_id}/documents").json["items"]
    assert len(documents) == 2
    return Filled(candidate_id=candidate_id, documents=documents, resumes=resumes,
                  uploads={accepted["document"]["id"]: cv, second["document"]["id"]: photo})
