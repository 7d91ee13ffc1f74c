"""Duplicates: a shared email merges on its own; weaker matches (name and phone, similar name
and employer, profile link) wait in the review queue, where a recruiter merges (keeping every
document and resume, and a record of what came from where) or keeps the pair apart."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import select

from mustard_core.models import AuditEvent, Candidate, CandidateRevision, Tenant
from mustard_core.services import candidates as candidate_service
from mustard_core.services import duplicates
from mustard_core.tenancy import ALL_TENANTS
from tests.fixtures import cvs
from tests.helpers import remember_secret
from tests.lifecycle.conftest import png, run_jobs, secret_person, upload_cv

# Ada again, from another address, with her phone number written the national way.
ADA_AT_WORK = replace(cvs.ADA, email="ada.work@example.net", phone="020 7946 0958")


# --------------------------------------------------------------------------- normalising


@pytest.mark.parametrize(("raw", "settings", "expected"), [
    ("+44 20 7946 0958", {}, "+442079460958"),
    ("020 7946 0958", {"default_country_code": "GB"}, "+442079460958"),
    ("020 7946 0958", {}, "+442079460958"),  # GB when the tenant names no country
    ("(212) 555-0142", {"default_country_code": "US"}, "+12125550142"),
    ("(212) 555-0142", {"default_country_code": "+1"}, "+12125550142"),
    ("06 12345678", {"default_country_code": "NL"}, "+31612345678"),
    ("12", {}, None),
    ("", {}, None),
])
def test_phones_are_normalised_to_e164_with_the_tenants_country(raw, settings, expected):
    region = candidate_service.phone_region(settings)
    assert candidate_service.normalise_phone(raw, region) == expected


def test_profile_links_are_normalised_and_only_profiles_count():
    normalise = candidate_service.normalise_profile_url
    assert normalise("https://uk.LinkedIn.com/in/Ada-L/?trk=abc") == "linkedin.com/in/ada-l"
    assert normalise("www.linkedin.com/in/ada-l") == "linkedin.com/in/ada-l"
    assert normalise("http://github.com/ada//") == "github.com/ada"
    assert normalise("https://analytical-engines.example/about") is None
    assert normalise("https://linkedin.com/") is None


def test_names_compare_by_words_initials_and_spelling():
    assert duplicates.same_name("Ada Lovelace", "lovelace,  ADA")
    assert not duplicates.same_name("Ada Lovelace", "Ada King")
    assert duplicates.similar_name("Zoë O'Brien", "Zoe OBrien")
    assert duplicates.similar_name("Ada Lovelace", "A. Lovelace")
    assert duplicates.similar_name("Ada Lovelace", "Ada Lovelase")
    assert not duplicates.similar_name("Ada Lovelace", "Grace Hopper")
    assert duplicates.employers({"experience": [{"company": "Analytical Engines Ltd."}]}) == \
        {"analytical engines"}


# --------------------------------------------------------------------------- finding


def add(platform, tenant, **values) -> Candidate:
    for key in ("name", "email", "phone"):
        remember_secret(values.get(key))
    with platform.session(tenant.id) as session:
        row = session.get(Tenant, tenant.id)
        return candidate_service.create_candidate(session, row, values, source="upload")


def flag(platform, tenant, candidate_id: str) -> list[tuple[str, list[str]]]:
    with platform.session(tenant.id) as session:
        flagged = duplicates.flag_possible_duplicates(session, session.get(Candidate,
                                                                          candidate_id))
        return [(review.match_id, review.reasons) for review in flagged]


def experience(*companies: str) -> dict:
    return {"experience": [{"title": "Engineer", "company": c} for c in companies]}


def test_each_uncertain_rule_raises_a_review(platform, tenant):
    ada = add(platform, tenant, name="Ada Lovelace", email="ada@example.com",
              phone="+44 20 7946 0958",
              profile={**experience("Analytical Engines Ltd"),
                       "links": [{"url": "https://www.linkedin.com/in/ada-l"}]})
    add(platform, tenant, name="Grace Hopper", email="grace@example.org",
        phone="+1 212 555 0142", profile=experience("Remington Rand"))
    same_phone = add(platform, tenant, name="Lovelace Ada", phone="020 7946 0958")
    same_employer = add(platform, tenant, name="A. Lovelace", email="al@example.net",
                        profile=experience("Analytical Engines"))
    same_link = add(platform, tenant, name="Countess of Lovelace", email="c@example.net",
                    profile={"links": [{"url": "linkedin.com/in/Ada-L/"}]})
    unrelated = add(platform, tenant, name="Ada Byron", phone="020 7946 0999",
                    profile=experience("Difference Works"))
    assert flag(platform, tenant, same_phone.id) == [(ada.id, ["same_name_and_phone"])]
    assert flag(platform, tenant, same_employer.id) == [(ada.id,
                                                         ["similar_name_same_employer"])]
    assert flag(platform, tenant, same_link.id) == [(ada.id, ["same_profile_url"])]
    assert flag(platform, tenant, unrelated.id) == []
    assert flag(platform, tenant, same_phone.id) == []  # a pair is raised once


def test_a_link_on_many_records_is_a_shared_page_not_a_person(platform, tenant):
    page = {"links": [{"url": "https://www.linkedin.com/company/analytical-engines"}]}
    first = add(platform, tenant, name="Grace Hopper", email="gh@example.org", profile=page)
    second = add(platform, tenant, name="Alan Turing", email="at@example.org", profile=page)
    # while few records carry the link it may well be one person's
    assert flag(platform, tenant, second.id) == [(first.id, ["same_profile_url"])]
    for i in range(duplicates.SHARED_LINK_LIMIT):
        add(platform, tenant, name=f"Person {i}", email=f"p{i}@example.org", profile=page)
    # once more than SHARED_LINK_LIMIT others carry it, it raises nothing: no N x N queue
    newcomer = add(platform, tenant, name="Frances Allen", email="fa@example.org", profile=page)
    assert flag(platform, tenant, newcomer.id) == []


def test_a_phone_alone_or_another_tenant_raises_nothing(platform, tenant, factory):
    add(platform, tenant, name="Ada Lovelace", phone="+44 20 7946 0958")
    other = factory.tenant()
    elsewhere = add(platform, other, name="Ada Lovelace", phone="+44 20 7946 0958")
    stranger = add(platform, tenant, name="Charles Babbage", phone="020 7946 0958")
    assert flag(platform, other, elsewhere.id) == []
    assert flag(platform, tenant, stranger.id) == []


# --------------------------------------------------------------------------- the pipeline


def test_the_same_email_merges_on_its_own(recruiter, platform):
    first = upload_cv(recruiter, platform, cvs.ADA)
    second = upload_cv(recruiter, platform, secret_person(cvs.ADA_UPDATED), "newer.txt")
    assert second["candidate_id"] == first["candidate_id"] and second["merged"]
    assert recruiter.get("/api/v1/duplicates").json["items"] == []
    documents = recruiter.get(f"/api/v1/candidates/{first['candidate_id']}/documents").json
    assert len(documents["items"]) == 2


def test_a_cv_from_another_address_waits_for_review(recruiter, platform):
    first = upload_cv(recruiter, platform, cvs.ADA)
    second = upload_cv(recruiter, platform, secret_person(ADA_AT_WORK), "work.txt")
    assert second["created"] and second["candidate_id"] != first["candidate_id"]
    queue = recruiter.get("/api/v1/duplicates").json["items"]
    assert len(queue) == 1
    review = queue[0]
    assert review["candidate"]["id"] == second["candidate_id"]
    assert review["match"]["id"] == first["candidate_id"]
    assert set(review["reasons"]) == {"same_name_and_phone", "similar_name_same_employer",
                                      "same_profile_url"}
    assert review["document_id"] == second["document"]["id"]
    assert recruiter.get(f"/api/v1/duplicates/{review['id']}").json == review


def test_merging_keeps_every_document_and_resume_and_says_where_each_came_from(
        recruiter, platform, tenant):
    first = upload_cv(recruiter, platform, cvs.ADA)
    second = upload_cv(recruiter, platform, secret_person(ADA_AT_WORK), "work.txt")
    kept, gone = first["candidate_id"], second["candidate_id"]
    recruiter.upload("/api/v1/uploads", "face.png", png(), candidate_id=gone, kind="photo")
    resume = recruiter.post(f"/api/v1/candidates/{gone}/resumes", {"template": "classic"},
                            status=202).json["resume"]
    run_jobs(platform)
    review = recruiter.get("/api/v1/duplicates").json["items"][0]

    merged = recruiter.post(f"/api/v1/duplicates/{review['id']}/merge", {}, status=200).json
    assert merged == {"state": "merged", "candidate": merged["candidate"]}
    assert merged["candidate"]["id"] == kept
    run_jobs(platform)

    recruiter.get(f"/api/v1/candidates/{gone}", status=404)
    documents = recruiter.get(f"/api/v1/candidates/{kept}/documents").json["items"]
    assert {d["id"] for d in documents} == {first["document"]["id"], second["document"]["id"],
                                            *[d["id"] for d in documents if d["kind"] == "photo"]}
    assert len(documents) == 3
    resumes = recruiter.get(f"/api/v1/candidates/{kept}/resumes").json["items"]
    assert [r["id"] for r in resumes] == [resume["id"]]
    assert recruiter.get(f"/api/v1/resumes/{resume['id']}/pdf").body.startswith(b"%PDF")
    with platform.session(tenant.id) as session:
        revisions = session.scalars(select(CandidateRevision).where(
            CandidateRevision.candidate_id == kept)).all()
        merge = [r for r in revisions if r.source == "merge"]
        parses = {r.document_id for r in revisions if r.source != "merge"}
    assert parses == {first["document"]["id"], second["document"]["id"]}
    assert len(merge) == 1
    record = merge[0].fields
    assert record["merged_from"] == gone
    assert record["contact"]["email"] == ADA_AT_WORK.email
    assert record["moved"] == {"documents": 2, "resumes": 1, "exports": 0, "revisions": 1}
    assert recruiter.get("/api/v1/duplicates").json["items"] == []
    hits = recruiter.get("/api/v1/search?q=lovelace").json
    assert [hit["id"] for hit in hits["hits"]] == [kept]
    with platform.session(ALL_TENANTS) as session:
        audit = session.scalar(select(AuditEvent).where(AuditEvent.action == "candidate.merge"))
    assert audit.details["merged"] == gone and audit.target == f"candidate:{kept}"


def test_merging_into_the_newer_record_and_refusing_a_stranger(recruiter, platform):
    first = upload_cv(recruiter, platform, cvs.ADA)
    second = upload_cv(recruiter, platform, secret_person(ADA_AT_WORK), "work.txt")
    review = recruiter.get("/api/v1/duplicates").json["items"][0]
    other = recruiter.post("/api/v1/candidates", {"name": "Someone Else"}).json
    refused = recruiter.post(f"/api/v1/duplicates/{review['id']}/merge", {"keep": other["id"]},
                             status=422).json
    assert refused["error"]["details"][0]["field"] == "keep"
    recruiter.post(f"/api/v1/duplicates/{review['id']}/merge",
                   {"keep": second["candidate_id"]}, status=200)
    recruiter.get(f"/api/v1/candidates/{first['candidate_id']}", status=404)
    kept = recruiter.get(f"/api/v1/candidates/{second['candidate_id']}").json
    assert kept["email"] == ADA_AT_WORK.email  # the kept record's own fields win


def test_keeping_apart_is_remembered(recruiter, platform):
    upload_cv(recruiter, platform, cvs.ADA)
    upload_cv(recruiter, platform, secret_person(ADA_AT_WORK), "work.txt")
    review = recruiter.get("/api/v1/duplicates").json["items"][0]
    kept = recruiter.post(f"/api/v1/duplicates/{review['id']}/keep-apart", status=200).json
    assert kept["state"] == "kept_apart" and kept["resolved_by"]
    recruiter.post(f"/api/v1/duplicates/{review['id']}/keep-apart", status=409)
    recruiter.post(f"/api/v1/duplicates/{review['id']}/merge", {}, status=409)
    assert recruiter.get("/api/v1/duplicates").json["items"] == []
    apart = recruiter.get("/api/v1/duplicates?state=kept_apart").json["items"]
    assert [r["id"] for r in apart] == [review["id"]]
    # the same CV again raises nothing new for the pair
    with platform.session(ALL_TENANTS) as session:
        candidate = session.get(Candidate, review["candidate"]["id"])
        assert duplicates.flag_possible_duplicates(session, candidate) == []


def test_the_console_review_queue(console, recruiter, platform):
    first = upload_cv(recruiter, platform, cvs.ADA)
    upload_cv(recruiter, platform, secret_person(ADA_AT_WORK), "work.txt")
    client = console("recruiter")
    page = client.get("/admin/duplicates")
    rows = page.html.select("tr[data-review-id]")
    assert len(rows) == 1
    assert "Same name and phone number" in rows[0].text
    review_id = rows[0]["data-review-id"]
    moved = client.post(f"/admin/duplicates/{review_id}/merge", {"keep": first["candidate_id"]})
    assert moved.headers["Location"].endswith(f"/admin/candidates/{first['candidate_id']}")
    assert client.get("/admin/duplicates").html.select("tr[data-review-id]") == []


def test_the_console_keeps_a_pair_apart(console, recruiter, platform):
    upload_cv(recruiter, platform, cvs.ADA)
    upload_cv(recruiter, platform, secret_person(ADA_AT_WORK), "work.txt")
    client = console("recruiter")
    review_id = client.get("/admin/duplicates").html.select_one("tr[data-review-id]")[
        "data-review-id"]
    client.post(f"/admin/duplicates/{review_id}/keep-apart")
    assert client.get("/admin/duplicates").html.select("tr[data-review-id]") == []
    apart = client.get("/admin/duplicates?state=kept_apart").html.select("tr[data-review-id]")
    assert [row["data-review-id"] for row in apart] == [review_id]
