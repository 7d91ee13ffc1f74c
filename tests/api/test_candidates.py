"""The candidates resource: CRUD, validation, pagination, filters, ETags, erasure."""

import pytest
from sqlalchemy import select

from mustard_core.models import Candidate, Job
from mustard_core.tenancy import ALL_TENANTS
from tests.helpers import remember_secret

FULL = {
    "name": "Ada Lovelace", "email": "ada@example.com", "phone": "+44 20 7946 0958",
    "location": "London", "headline": "Engineer",
    "profile": {"summary": "Engines", "skills": [{"name": "Python"}, {"name": "COBOL"}],
                "experience": [{"title": "Engineer", "company": "Analytical Engines",
                                "start": "2016-09", "current": True}],
                "education": [], "languages": [{"name": "English"}],
                "links": [{"url": "https://example.com/ada", "kind": "website"}]},
}


def create(client, **fields):
    body = {**FULL, **fields}
    remember_secret(body.get("email"))
    return client.post("/api/v1/candidates", body).json


def test_create_and_get(recruiter):
    created = create(recruiter)
    assert created["id"] and created["name"] == "Ada Lovelace"
    assert created["profile"]["skills"][0]["name"] == "Python"
    got = recruiter.get(f"/api/v1/candidates/{created['id']}")
    assert got.json == created
    assert got.headers["ETag"]


def test_create_with_minimal_body(recruiter):
    created = recruiter.post("/api/v1/candidates", {"name": "Just A Name"}).json
    assert created["profile"]["experience"] == []
    assert created["email"] is None


@pytest.mark.parametrize("body, field", [
    ({"email": "not-an-email"}, "email"),
    ({"phone": "call me maybe"}, "phone"),
    ({"name": "x" * 201}, "name"),
    ({"unknown": 1}, "unknown"),
    ({"profile": {"skills": [{"level": "high"}]}}, "profile.skills.0"),
    ({"profile": {"experience": [{"start": "last year"}]}}, "profile.experience.0.start"),
    ({"profile": {"hobbies": []}}, "profile"),
])
def test_create_validation_names_the_field(recruiter, body, field, platform):
    res = recruiter.post("/api/v1/candidates", body, status=422)
    assert res.json["error"]["code"] == "validation_failed"
    fields = [d["field"] for d in res.json["error"]["details"]]
    assert any(f.startswith(field) for f in fields), fields
    with platform.session(ALL_TENANTS) as session:
        assert session.scalars(select(Candidate)).all() == []  # nothing half-written


def test_owner_must_be_a_user_of_the_same_client_database(recruiter, factory, tenant, platform):
    colleague = factory.user(tenant, "recruiter")
    stranger = factory.user(factory.tenant(), "recruiter")
    for owner_id in (stranger.id, "00000000-0000-0000-0000-000000000000"):
        res = recruiter.post("/api/v1/candidates", {"name": "Owned", "owner_id": owner_id},
                             status=422)
        assert res.json["error"]["details"] == [
            {"field": "owner_id", "message": "is not a user of this client database"}]
    with platform.session(ALL_TENANTS) as session:
        assert session.scalars(select(Candidate)).all() == []  # nothing half-written
    created = recruiter.post("/api/v1/candidates", {"name": "Owned", "owner_id": colleague.id})
    assert created.json["owner_id"] == colleague.id
    res = recruiter.patch(f"/api/v1/candidates/{created.json['id']}", {"owner_id": stranger.id},
                          status=422)
    assert res.json["error"]["details"][0]["field"] == "owner_id"
    assert recruiter.get(f"/api/v1/candidates/{created.json['id']}").json["owner_id"] == \
        colleague.id


def test_body_must_be_json(recruiter):
    res = recruiter.app.post("/api/v1/candidates", "name=x", headers={
        **recruiter.headers, "Content-Type": "application/x-www-form-urlencoded"}, status=415)
    assert res.json["error"]["code"] == "unsupported_media_type"
    res = recruiter.app.post("/api/v1/candidates", "{not json", headers={
        **recruiter.headers, "Content-Type": "application/json"}, status=400)
    assert res.json["error"]["code"] == "invalid_json"


def test_patch_changes_only_given_fields(recruiter):
    created = create(recruiter)
    res = recruiter.patch(f"/api/v1/candidates/{created['id']}", {"headline": "Lead"})
    assert res.json["headline"] == "Lead"
    assert res.json["name"] == "Ada Lovelace"
    assert res.json["version"] == created["version"] + 1


def test_patch_with_stale_etag_is_412(recruiter):
    created = create(recruiter)
    etag = recruiter.get(f"/api/v1/candidates/{created['id']}").headers["ETag"]
    recruiter.patch(f"/api/v1/candidates/{created['id']}", {"headline": "A"},
                    headers={"If-Match": etag})
    res = recruiter.patch(f"/api/v1/candidates/{created['id']}", {"headline": "B"},
                          headers={"If-Match": etag}, status=412)
    assert res.json["error"]["code"] == "precondition_failed"


def test_get_with_matching_etag_is_304(recruiter):
    created = create(recruiter)
    etag = recruiter.get(f"/api/v1/candidates/{created['id']}").headers["ETag"]
    res = recruiter.get(f"/api/v1/candidates/{created['id']}", headers={"If-None-Match": etag},
                        status=304)
    assert res.body == b""
    recruiter.patch(f"/api/v1/candidates/{created['id']}", {"headline": "New"})
    recruiter.get(f"/api/v1/candidates/{created['id']}", headers={"If-None-Match": etag},
                  status=200)


def test_delete_erases_and_enqueues_cleanup(recruiter, platform):
    created = create(recruiter)
    recruiter.delete(f"/api/v1/candidates/{created['id']}")
    recruiter.get(f"/api/v1/candidates/{created['id']}", status=404)
    with platform.session(ALL_TENANTS) as session:
        kinds = {job.kind for job in session.scalars(select(Job))}
    assert "erase" in kinds


def test_unknown_candidate_is_404(recruiter):
    res = recruiter.get("/api/v1/candidates/00000000-0000-0000-0000-000000000000", status=404)
    assert res.json["error"]["code"] == "not_found"
    recruiter.get("/api/v1/candidates/" + "x" * 40, status=404)


def test_list_paginates_with_cursor(recruiter):
    ids = {create(recruiter, name=f"Person {i:02d}", email=f"p{i}@example.com")["id"]
           for i in range(7)}
    seen, cursor, pages = [], None, 0
    while True:
        url = "/api/v1/candidates?limit=3" + (f"&cursor={cursor}" if cursor else "")
        page = recruiter.get(url).json
        seen += [item["id"] for item in page["items"]]
        pages += 1
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert pages == 3
    assert len(seen) == 7 and set(seen) == ids


def test_list_sorted_by_name_with_cursor(recruiter):
    for name in ["Carol", "alice", "Bob", "Dave"]:
        create(recruiter, name=name, email=None)
    first = recruiter.get("/api/v1/candidates?sort=name&limit=2").json
    second = recruiter.get(f"/api/v1/candidates?sort=name&limit=2&cursor={first['next_cursor']}"
                           ).json
    names = [c["name"] for c in first["items"] + second["items"]]
    assert sorted(names, key=str) == names
    assert len(set(names)) == 4


def test_list_filters(recruiter):
    create(recruiter, name="Ada Lovelace", email="ada@example.com")
    create(recruiter, name="Grace Hopper", email="grace@example.com",
           profile={"skills": [{"name": "Fortran"}]})
    assert [c["name"] for c in recruiter.get("/api/v1/candidates?q=grace").json["items"]] == [
        "Grace Hopper"]
    assert [c["name"] for c in recruiter.get("/api/v1/candidates?skill=fortran").json[
        "items"]] == ["Grace Hopper"]
    assert recruiter.get("/api/v1/candidates?q=%25").json["items"] == []
    assert len(recruiter.get("/api/v1/candidates?updated_since=2000-01-01T00:00:00Z").json[
        "items"]) == 2
    assert recruiter.get("/api/v1/candidates?updated_since=2999-01-01T00:00:00Z").json[
        "items"] == []


@pytest.mark.parametrize("query, field", [
    ("limit=0", "limit"), ("limit=abc", "limit"), ("limit=1000", "limit"),
    ("sort=age", "sort"), ("updated_since=yesterday", "updated_since"),
    ("cursor=!!!", "cursor"),
])
def test_list_rejects_bad_parameters(recruiter, query, field):
    res = recruiter.get(f"/api/v1/candidates?{query}", status=422)
    assert field in [d["field"] for d in res.json["error"]["details"]]


@pytest.mark.parametrize("bad_id", ["%00", "a%00b", "x" * 40])
def test_an_id_that_cannot_name_a_row_is_a_404(recruiter, bad_id):
    res = recruiter.get(f"/api/v1/candidates/{bad_id}", status=404)
    assert res.json["error"]["code"] == "not_found"
    recruiter.patch(f"/api/v1/candidates/{bad_id}", {"headline": "x"}, status=404)
