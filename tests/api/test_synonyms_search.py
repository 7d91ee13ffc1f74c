"""Synonyms CRUD (pushed to the engine) and search parameters."""

import pytest

from tests.helpers import remember_secret


def make_candidates(recruiter, platform):
    for name, skills, title, company, location in [
        ("Ada Lovelace", ["Python", "JavaScript"], "Engineer", "Analytical Engines", "London"),
        ("Grace Hopper", ["COBOL"], "Compiler Engineer", "Remington Rand", "New York"),
    ]:
        email = name.split()[0].lower() + "@example.com"
        remember_secret(email)
        recruiter.post("/api/v1/candidates", {
            "name": name, "email": email, "location": location, "headline": title,
            "profile": {"skills": [{"name": s} for s in skills],
                        "experience": [{"title": title, "company": company}]}})
    platform.dispatcher.drain()


def test_synonym_crud(ops, recruiter, platform):
    created = ops.post("/api/v1/synonyms", {"type": "synonym",
                                            "synonyms": ["js", "javascript", "ecmascript"]}).json
    assert created["type"] == "synonym" and created["input"] is None
    oneway = ops.post("/api/v1/synonyms", {"type": "onewaysynonym", "input": "frontend",
                                           "synonyms": ["react", "vue"]}).json
    listed = recruiter.get("/api/v1/synonyms").json["items"]
    assert {s["id"] for s in listed} == {created["id"], oneway["id"]}
    assert [s["id"] for s in recruiter.get("/api/v1/synonyms?q=ecma").json["items"]] == [
        created["id"]]
    replaced = ops.put(f"/api/v1/synonyms/{created['id']}",
                       {"type": "synonym", "synonyms": ["js", "javascript"]}).json
    assert replaced["synonyms"] == ["js", "javascript"]
    assert recruiter.get(f"/api/v1/synonyms/{created['id']}").json == replaced
    ops.delete(f"/api/v1/synonyms/{oneway['id']}")
    recruiter.get(f"/api/v1/synonyms/{oneway['id']}", status=404)
    recruiter.post("/api/v1/synonyms", {"type": "synonym", "synonyms": ["a", "b"]},
                   status=403)


def test_synonym_changes_reach_search(ops, recruiter, platform):
    make_candidates(recruiter, platform)
    assert recruiter.get("/api/v1/search?q=mainframe").json["total"] == 0
    synonym = ops.post("/api/v1/synonyms", {"type": "synonym",
                                            "synonyms": ["mainframe", "cobol"]}).json
    platform.dispatcher.drain()
    assert recruiter.get("/api/v1/search?q=mainframe").json["total"] == 1
    ops.delete(f"/api/v1/synonyms/{synonym['id']}")
    platform.dispatcher.drain()
    assert recruiter.get("/api/v1/search?q=mainframe").json["total"] == 0


@pytest.mark.parametrize("body, field", [
    ({"type": "synonym", "synonyms": ["only-one"]}, "synonyms"),
    ({"type": "onewaysynonym", "synonyms": ["x"]}, "input"),
    ({"type": "synonym", "input": "x", "synonyms": ["a", "b"]}, "input"),
    ({"type": "altcorrection1", "synonyms": ["a"]}, "type"),
    ({"type": "synonym", "synonyms": []}, "synonyms"),
    ({"type": "synonym", "synonyms": ["a" * 201, "b"]}, "synonyms.0"),
    ({"synonyms": ["a", "b"]}, "type"),
])
def test_synonym_validation(ops, body, field):
    res = ops.post("/api/v1/synonyms", body, status=422)
    assert field in [d["field"] for d in res.json["error"]["details"]]


def test_search_filters_and_facets(recruiter, platform):
    make_candidates(recruiter, platform)
    everyone = recruiter.get("/api/v1/search").json
    assert everyone["total"] == 2 and everyone["page"] == 0
    assert everyone["facets"]["skills"]["Python"] == 1
    assert everyone["facets_exhaustive"] is True
    names = lambda q: [h["name"] for h in recruiter.get(f"/api/v1/search?{q}").json["hits"]]  # noqa: E731
    assert names("skills=Python,JavaScript") == ["Ada Lovelace"]
    assert names("skills=Python,COBOL") == []
    assert names("company=Remington%20Rand") == ["Grace Hopper"]
    assert names("title=Compiler%20Engineer") == ["Grace Hopper"]
    assert names("location=London") == ["Ada Lovelace"]
    hit = recruiter.get("/api/v1/search?q=grace").json["hits"][0]
    assert set(hit) == {"id", "name", "headline", "skills", "highlights"}


@pytest.mark.parametrize("query, field", [
    ("page=-1", "page"), ("page=x", "page"), ("per_page=0", "per_page"),
    ("per_page=101", "per_page"), ("q=" + "x" * 501, "q"),
])
def test_search_rejects_bad_parameters(recruiter, query, field):
    res = recruiter.get(f"/api/v1/search?{query}", status=422)
    assert field in [d["field"] for d in res.json["error"]["details"]]


@pytest.mark.parametrize("q", ["'; DROP TABLE candidates; --", '"', "*", "a AND b OR NOT c",
                               "NEAR(x", "%_", "\\", "skills:Python"])
def test_hostile_search_text_is_only_text(recruiter, platform, q):
    make_candidates(recruiter, platform)
    res = recruiter.get("/api/v1/search", params={"q": q, "company": q, "title": q,
                                                  "skills": q})
    assert res.json["total"] == 0
    assert recruiter.get("/api/v1/search").json["total"] == 2
