"""Subject-access export: a job builds a ZIP with profile.json, every document and every
generated resume (checked file by file against what storage holds), downloadable once through a
signed expiring link; consent is recorded, shown on the profile and written into the export."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from datetime import timedelta
from urllib.parse import urlsplit

from mustard_core.models import ExportArchive, utcnow
from mustard_core.services import export as export_service
from mustard_core.services.documents import download_name
from tests.fixtures import cvs
from tests.lifecycle.conftest import candidate_with_files, run_jobs


def stored(platform, key: str) -> bytes:
    with platform.storage.open(key) as handle:
        return handle.read()


def start_export(client, platform, candidate_id: str) -> dict:
    accepted = client.get(f"/api/v1/candidates/{candidate_id}/export", status=202).json
    assert accepted["export"]["state"] == "pending"
    platform.dispatcher.drain(timeout=60)
    job = client.get(f"/api/v1/jobs/{accepted['job']['id']}").json
    assert job["state"] == "succeeded", job
    return client.get(f"/api/v1/exports/{accepted['export']['id']}").json


def test_the_export_holds_the_profile_every_document_and_every_resume(recruiter, anonymous,
                                                                      platform, tenant):
    filled = candidate_with_files(recruiter, platform)
    recruiter.put(f"/api/v1/candidates/{filled.candidate_id}/consent",
                  {"consent_at": "2024-03-01T10:00:00Z"})
    export = start_export(recruiter, platform, filled.candidate_id)
    assert export["state"] == "ready" and export["files"] == 5

    link = recruiter.post(f"/api/v1/exports/{export['id']}/link", status=201).json
    response = anonymous.get(urlsplit(link["url"]).path)
    assert response.content_type == "application/zip"
    assert response.headers["Cache-Control"] == "private, no-store"
    members = zipfile.ZipFile(io.BytesIO(response.body))
    documents = {d["id"]: d for d in filled.documents}
    assert sorted(members.namelist()) == sorted([
        "profile.json",
        # named by what each file is: the photo, re-encoded at upload, is a JPEG now
        *[f"documents/{d['id']}-{download_name(d['filename'], d['media_type'])}"
          for d in filled.documents],
        *[f"resumes/{r['id']}.pdf" for r in filled.resumes]])

    profile = json.loads(members.read("profile.json"))
    assert profile["format"] == export_service.FORMAT
    assert profile["candidate"]["id"] == filled.candidate_id
    assert profile["candidate"]["email"] == cvs.ADA.email
    assert {s["name"] for s in profile["candidate"]["profile"]["skills"]} >= {"Python"}
    assert profile["consent"]["obtained_via"] == "recruiter_upload"
    assert profile["consent"]["consent_at"] == "2024-03-01T10:00:00+00:00"
    assert profile["consent"]["obtained_via_label"] == "Uploaded by a recruiter"
    assert profile["missing_files"] == []
    assert [r["document_id"] for r in profile["revisions"]] == [
        d["id"] for d in filled.documents if d["kind"] == "cv"]
    listed = {d["id"]: d for d in profile["documents"]}
    assert listed.keys() == documents.keys()
    with platform.session(tenant.id) as session:
        from mustard_core.models import Document, GeneratedResume

        for document_id, meta in listed.items():
            row = session.get(Document, document_id)
            data = members.read(meta["path"])
            assert data == stored(platform, row.storage_key)
            assert hashlib.sha256(data).hexdigest() == meta["sha256"] == row.sha256
            if document_id in filled.uploads and meta["kind"] == "cv":
                assert data == filled.uploads[document_id]  # the original, byte for byte
        for resume in filled.resumes:
            row = session.get(GeneratedResume, resume["id"])
            data = members.read(f"resumes/{resume['id']}.pdf")
            assert data.startswith(b"%PDF") and data == stored(platform, row.storage_key)
            assert hashlib.sha256(data).hexdigest() == row.sha256

    # Once: the link is used up, the export says so, and its ZIP is deleted afterwards.
    again = anonymous.get(urlsplit(link["url"]).path, status=410).json
    assert again["error"]["code"] == "gone"
    assert recruiter.get(f"/api/v1/exports/{export['id']}").json["state"] == "downloaded"
    recruiter.post(f"/api/v1/exports/{export['id']}/link", status=409)
    key = f"{tenant.id}/exports/{export['id']}.zip"
    assert platform.storage.exists(key)
    assert export_service.purge_expired(platform, utcnow() + timedelta(hours=2)) == 1
    assert not platform.storage.exists(key)


def test_expired_forged_and_replaced_links_are_refused(recruiter, anonymous, platform, tenant):
    candidate = recruiter.post("/api/v1/candidates", {"name": "Exported Person"}).json
    export = start_export(recruiter, platform, candidate["id"])
    with platform.session(tenant.id) as session:
        archive = session.get(ExportArchive, export["id"])
        expired, _ = export_service.issue_link(platform, archive,
                                               now=utcnow() - timedelta(hours=25))
    anonymous.get(f"/downloads/exports/{expired}", status=410)
    stamp, nonce, signature = expired.split(".")
    later = str(int(stamp) + 7 * 86400)
    anonymous.get(f"/downloads/exports/{later}.{nonce}.{signature}", status=404)  # forged
    anonymous.get("/downloads/exports/not-a-token", status=404)

    first = recruiter.post(f"/api/v1/exports/{export['id']}/link", status=201).json
    second = recruiter.post(f"/api/v1/exports/{export['id']}/link", status=201).json
    anonymous.get(urlsplit(first["url"]).path, status=410)  # replaced by the second
    zipped = anonymous.get(urlsplit(second["url"]).path)
    assert "profile.json" in zipfile.ZipFile(io.BytesIO(zipped.body)).namelist()


def test_an_undownloaded_export_expires(recruiter, anonymous, platform, tenant):
    candidate = recruiter.post("/api/v1/candidates", {"name": "Forgotten Export"}).json
    export = start_export(recruiter, platform, candidate["id"])
    link = recruiter.post(f"/api/v1/exports/{export['id']}/link", status=201).json
    key = f"{tenant.id}/exports/{export['id']}.zip"
    assert export_service.purge_expired(platform, utcnow()) == 0
    past_expiry = utcnow() + timedelta(hours=export_service.ARCHIVE_HOURS + 1)
    assert export_service.purge_expired(platform, past_expiry) == 1
    assert not platform.storage.exists(key)
    assert recruiter.get(f"/api/v1/exports/{export['id']}").json["state"] == "expired"
    anonymous.get(urlsplit(link["url"]).path, status=410)


def test_erasing_the_candidate_removes_its_exports(recruiter, platform, tenant):
    candidate = recruiter.post("/api/v1/candidates", {"name": "Erased Exporter"}).json
    export = start_export(recruiter, platform, candidate["id"])
    key = f"{tenant.id}/exports/{export['id']}.zip"
    assert platform.storage.exists(key)
    recruiter.delete(f"/api/v1/candidates/{candidate['id']}")
    run_jobs(platform)
    assert not platform.storage.exists(key)
    recruiter.get(f"/api/v1/exports/{export['id']}", status=404)


def test_an_export_being_built_is_not_started_twice(recruiter, platform, monkeypatch):
    candidate = recruiter.post("/api/v1/candidates", {"name": "Twice Asked"}).json
    url = f"/api/v1/candidates/{candidate['id']}/export"
    # both requests commit before any worker picks the job up: hold its message back
    held = []
    publish = platform.dispatcher.publish
    monkeypatch.setattr(platform.dispatcher, "publish",
                        lambda job_id, delay=0: held.append((job_id, delay)))
    first = recruiter.get(url, status=202).json
    second = recruiter.get(url, status=202).json
    assert second["export"]["state"] == "pending"
    assert second["export"]["id"] == first["export"]["id"]
    assert second["job"]["id"] == first["job"]["id"]
    assert [job_id for job_id, _delay in held] == [first["job"]["id"]]
    monkeypatch.setattr(platform.dispatcher, "publish", publish)
    for job_id, delay in held:
        publish(job_id, delay=delay)
    run_jobs(platform)
    assert recruiter.get(f"/api/v1/exports/{first['export']['id']}").json["state"] == "ready"


def test_consent_is_recorded_and_shown_on_the_profile(recruiter):
    created = recruiter.post("/api/v1/candidates", {"name": "Consenting Person"}).json
    assert created["consent"]["obtained_via"] == "recruiter_upload"
    assert created["consent"]["obtained_at"] == created["created_at"]
    assert created["consent"]["consent_at"] is None
    url = f"/api/v1/candidates/{created['id']}/consent"
    updated = recruiter.put(url, {"obtained_via": "self_submission",
                                  "consent_at": "2025-01-02T03:04:05Z"}).json
    assert updated == {"obtained_via": "self_submission",
                       "obtained_at": created["created_at"],
                       "consent_at": "2025-01-02T03:04:05+00:00"}
    assert recruiter.get(url).json == updated
    assert recruiter.get(f"/api/v1/candidates/{created['id']}").json["consent"] == updated
    future = (utcnow() + timedelta(days=2)).isoformat()
    refused = recruiter.put(url, {"consent_at": future}, status=422).json
    assert refused["error"]["details"][0]["field"] == "consent_at"
    recruiter.put(url, {"obtained_via": "telepathy"}, status=422)
    assert recruiter.put(url, {"consent_at": None}).json["consent_at"] is None
