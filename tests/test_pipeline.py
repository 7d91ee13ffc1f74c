"""The CV pipeline on the embedded runner: upload -> store -> parse -> merge -> index -> search,
bad files, photos, downloads, re-parse. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from sqlalchemy import select

from mustard_core.models import Candidate, Document
from mustard_core.tenancy import ALL_TENANTS
from tests.fixtures import cvs
from tests.helpers import remember_secret


@pytest.fixture(autouse=True)
def pii_of_fixture_people():
    for person in cvs.PEOPLE.values():
        remember_secret(person.email)
        remember_secret(person.phone)


def upload(client, filename, data, status=202, **fields):
    return client.upload("/api/v1/uploads", filename, data, status=status, **fields).json


def finish(platform):
    for _ in range(3):  # parse, then the index jobs it enqueues
        platform.dispatcher.drain()


def rows(platform, model):
    with platform.session(ALL_TENANTS) as session:
        found = session.scalars(select(model)).all()
        session.expunge_all()
        return found


@pytest.mark.parametrize("filename, make", [
    ("ada.pdf", cvs.pdf_cv), ("ada.docx", cvs.docx_cv), ("ada.rtf", cvs.rtf_cv),
    ("ada.html", cvs.html_cv), ("ada.txt", cvs.txt_cv), ("ada-2col.pdf", cvs.pdf_two_column_cv),
])
def test_each_format_becomes_a_candidate(platform, recruiter, filename, make):
    accepted = upload(recruiter, filename, make(cvs.ADA))
    assert accepted["document"]["media_type"]
    finish(platform)
    job = recruiter.get(f"/api/v1/jobs/{accepted['job']['id']}").json
    assert job["state"] == "succeeded", job["error"]
    candidate = recruiter.get(f"/api/v1/candidates/{job['result']['candidate_id']}").json
    assert candidate["name"] == "Ada Lovelace"
    assert candidate["email"] == "ada.lovelace@example.com"
    skills = {s["name"] for s in candidate["profile"]["skills"]}
    assert {"Python", "JavaScript"} <= skills
    document = recruiter.get(f"/api/v1/documents/{accepted['document']['id']}").json
    assert document["parse_state"] == "parsed"
    assert document["candidate_id"] == candidate["id"]


def test_same_person_is_merged_with_history(platform, recruiter):
    first = upload(recruiter, "ada.pdf", cvs.pdf_cv(cvs.ADA))
    second = upload(recruiter, "ada-new.docx", cvs.docx_cv(cvs.ADA_UPDATED))
    grace = upload(recruiter, "grace.txt", cvs.txt_cv(cvs.GRACE))
    finish(platform)
    results = [recruiter.get(f"/api/v1/jobs/{a['job']['id']}").json["result"]
               for a in (first, second, grace)]
    assert results[0]["candidate_id"] == results[1]["candidate_id"]
    assert results[1]["merged"] is True and results[0]["created"] is True
    assert results[2]["candidate_id"] != results[0]["candidate_id"]
    ada = recruiter.get(f"/api/v1/candidates/{results[0]['candidate_id']}").json
    skills = {s["name"] for s in ada["profile"]["skills"]}
    assert {"Rust", "Go", "Python"} <= skills  # united, not replaced
    companies = {e["company"] for e in ada["profile"]["experience"]}
    assert any("Babbage" in (c or "") for c in companies)
    assert any("Difference" in (c or "") for c in companies)
    from mustard_core.models import CandidateRevision

    revisions = [r for r in rows(platform, CandidateRevision)
                 if r.candidate_id == ada["id"]]
    assert len(revisions) == 2
    assert {r.document_id for r in revisions} == {first["document"]["id"],
                                                  second["document"]["id"]}
    docs = recruiter.get(f"/api/v1/candidates/{ada['id']}/documents").json["items"]
    assert len(docs) == 2


def test_upload_for_a_given_candidate_attaches_to_it(platform, recruiter):
    created = recruiter.post("/api/v1/candidates", {"name": "Someone Else"}).json
    accepted = upload(recruiter, "grace.pdf", cvs.pdf_cv(cvs.GRACE), candidate_id=created["id"])
    finish(platform)
    job = recruiter.get(f"/api/v1/jobs/{accepted['job']['id']}").json
    assert job["result"]["candidate_id"] == created["id"]
    assert recruiter.get(f"/api/v1/candidates/{created['id']}").json["name"] == "Someone Else"


def test_parsed_candidates_are_searchable_with_synonyms(platform, recruiter, ops):
    upload(recruiter, "ada.pdf", cvs.pdf_cv(cvs.ADA))
    upload(recruiter, "grace.docx", cvs.docx_cv(cvs.GRACE))
    finish(platform)
    assert recruiter.get("/api/v1/search?q=cobol").json["total"] == 1
    assert recruiter.get("/api/v1/search?skills=JavaScript").json["hits"][0]["name"] == (
        "Ada Lovelace")
    assert recruiter.get("/api/v1/search?q=mainframe").json["total"] == 0
    ops.post("/api/v1/synonyms", {"type": "synonym", "synonyms": ["cobol", "mainframe"]})
    finish(platform)
    hits = recruiter.get("/api/v1/search?q=mainframe").json["hits"]
    assert [h["name"] for h in hits] == ["Grace Hopper"]


BAD_FILES = [
    ("empty.pdf", lambda: b"", 422, "empty"),
    ("zeros.pdf", lambda: cvs.zero_pdf(), 415, None),
    ("virus.docx", cvs.exe_as_docx, 415, "program"),
    ("bomb.docx", cvs.zip_bomb_docx, 415, "zip bomb"),
    ("old.doc", cvs.legacy_doc, 415, ".doc"),
    ("archive.docx", cvs.plain_zip, 415, None),
    ("truncated.pdf", cvs.truncated_pdf, 415, "truncated"),
]


@pytest.mark.parametrize("filename, make, status, words", BAD_FILES)
def test_bad_files_are_refused_at_upload(platform, recruiter, filename, make, status, words):
    res = recruiter.upload("/api/v1/uploads", filename, make(), status=status)
    error = res.json["error"]
    assert error["details"][0]["field"] == "file"
    if words:
        assert words in (error["message"] + error["details"][0]["message"]).lower()
    assert rows(platform, Document) == []


@pytest.mark.parametrize("filename, make", [
    ("entities.docx", cvs.entity_bomb_docx),
    ("scan.pdf", cvs.image_only_pdf), ("locked.pdf", cvs.encrypted_pdf),
])
def test_unreadable_files_fail_their_job_readably(platform, recruiter, filename, make):
    accepted = upload(recruiter, filename, make())
    finish(platform)
    job = recruiter.get(f"/api/v1/jobs/{accepted['job']['id']}").json
    assert job["state"] == "failed"
    assert job["error"] and "Traceback" not in job["error"]
    document = recruiter.get(f"/api/v1/documents/{accepted['document']['id']}").json
    assert document["parse_state"] == "failed" and document["parse_error"] == job["error"]
    assert rows(platform, Candidate) == []
    # the runner survives: a good CV right after still parses
    good = upload(recruiter, "ada.txt", cvs.txt_cv(cvs.ADA))
    finish(platform)
    assert recruiter.get(f"/api/v1/jobs/{good['job']['id']}").json["state"] == "succeeded"


def test_file_over_the_limit_is_413(platform, recruiter):
    limit = platform.settings["mustard.uploads.max_bytes"]
    res = recruiter.upload("/api/v1/uploads", "big.txt", b"a" * (limit + 1), status=413)
    assert res.json["error"]["code"] == "too_large"
    assert rows(platform, Document) == []


def test_upload_needs_a_file_field(recruiter):
    res = recruiter.app.post("/api/v1/uploads", params={"x": "1"}, headers=recruiter.headers,
                             content_type="multipart/form-data", status=422)
    assert res.json["error"]["details"][0]["field"] == "file"
    res = recruiter.app.post("/api/v1/uploads", b"raw", headers={
        **recruiter.headers, "Content-Type": "application/pdf"}, status=415)
    assert res.json["error"]["code"] == "unsupported_media_type"


def test_upload_to_unknown_candidate_is_422(recruiter):
    res = recruiter.upload("/api/v1/uploads", "ada.txt", cvs.txt_cv(cvs.ADA), status=422,
                           candidate_id="00000000-0000-0000-0000-000000000000")
    assert res.json["error"]["details"][0]["field"] == "candidate_id"


def test_download_streams_the_original_as_attachment(platform, recruiter):
    data = cvs.pdf_cv(cvs.ADA)
    accepted = upload(recruiter, "Ada Lovelace CV.pdf", data)
    res = recruiter.get(f"/api/v1/documents/{accepted['document']['id']}/download")
    assert res.body == data
    assert res.headers["Content-Type"].startswith("application/pdf")
    assert res.headers["Content-Disposition"].startswith("attachment;")
    assert res.headers["X-Content-Type-Options"] == "nosniff"


def test_hostile_filename_is_sanitised(platform, recruiter):
    accepted = upload(recruiter, "../../etc/\u202epasswd\x00.txt", cvs.txt_cv(cvs.ADA))
    name = accepted["document"]["filename"]
    assert "/" not in name and "\u202e" not in name and "\x00" not in name
    document = rows(platform, Document)[0]
    assert ".." not in document.storage_key


def test_photo_is_reencoded_and_bounded(platform, recruiter):
    created = recruiter.post("/api/v1/candidates", {"name": "Pic Person"}).json
    image = Image.new("RGB", (3000, 2000), "red")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    accepted = recruiter.upload(f"/api/v1/candidates/{created['id']}/documents", "me.png",
                                buffer.getvalue(), kind="photo").json
    assert accepted["job"] is None
    assert accepted["document"]["media_type"] == "image/jpeg"
    stored = recruiter.get(f"/api/v1/documents/{accepted['document']['id']}/download").body
    with Image.open(io.BytesIO(stored)) as result:
        assert max(result.size) == 1024


def test_photo_must_be_an_image(recruiter):
    created = recruiter.post("/api/v1/candidates", {"name": "Pic Person"}).json
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    recruiter.upload(f"/api/v1/candidates/{created['id']}/documents", "me.svg", svg,
                     kind="photo", status=415)


def test_reparse_runs_the_parser_again(platform, recruiter):
    accepted = upload(recruiter, "ada.txt", cvs.txt_cv(cvs.ADA))
    finish(platform)
    res = recruiter.post(f"/api/v1/documents/{accepted['document']['id']}/reparse", status=202)
    assert res.json["job"]["kind"] == "parse"
    finish(platform)
    job = recruiter.get(f"/api/v1/jobs/{res.json['job']['id']}").json
    assert job["state"] == "succeeded"
    assert job["result"]["merged"] is True
    assert len(rows(platform, Candidate)) == 1


def test_reindex_rebuilds_the_tenants_index_with_progress(platform, recruiter, ops):
    upload(recruiter, "ada.pdf", cvs.pdf_cv(cvs.ADA))
    upload(recruiter, "grace.pdf", cvs.pdf_cv(cvs.GRACE))
    finish(platform)
    recruiter.post("/api/v1/reindex", status=403)
    job = ops.post("/api/v1/reindex", status=202).json["job"]
    finish(platform)
    done = ops.get(f"/api/v1/jobs/{job['id']}").json
    assert done["state"] == "succeeded" and done["progress"] == 100
    assert done["result"]["indexed"] == 2
    assert recruiter.get("/api/v1/search").json["total"] == 2


def test_deleting_a_candidate_removes_files_and_index_entry(platform, recruiter):
    accepted = upload(recruiter, "ada.pdf", cvs.pdf_cv(cvs.ADA))
    finish(platform)
    candidate_id = recruiter.get(f"/api/v1/jobs/{accepted['job']['id']}").json["result"][
        "candidate_id"]
    key = rows(platform, Document)[0].storage_key
    assert platform.storage.exists(key)
    recruiter.delete(f"/api/v1/candidates/{candidate_id}")
    finish(platform)
    assert not platform.storage.exists(key)
    assert rows(platform, Document) == []
    assert recruiter.get("/api/v1/search?q=ada").json["total"] == 0
