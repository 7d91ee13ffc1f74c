"""Index settings, field selection, anonymous fields, record trimming and batching."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
import requests

from mustard_algolia.engine import batches
from mustard_algolia.records import build_record, record_size, trim_record
from mustard_core.roles import SearchQuery, SearchRecord, TenantRef
from mustard_core.testing import samples


def tenant(**settings) -> TenantRef:
    slug = f"acme-{uuid.uuid4().hex[:6]}"
    return TenantRef(id=f"t-{slug}", slug=slug, settings=settings)


def stored(fake, engine, tenant_ref, object_id):
    return fake.index(engine.index_name(tenant_ref)).records[object_id]


def test_index_name_is_env_slug_candidates(engine, make_engine):
    t = TenantRef(id="t1", slug="acme", settings={})
    assert engine.index_name(t) == "test_acme_candidates"
    assert make_engine(index_prefix="prod").index_name(t) == "prod_acme_candidates"
    odd = TenantRef(id="t2", slug="a,b*c", settings={})
    assert engine.index_name(odd) == "test_a-b-c_candidates"


def test_settings_are_pushed_before_records(fake, engine):
    t = tenant()
    engine.index(t, samples.records(t.id))
    index = fake.index(engine.index_name(t))
    assert index.settings["searchableAttributes"] == [
        "name", "headline", "skills", "titles", "companies", "locations",
        "unordered(summary)", "unordered(text)"]
    assert index.settings["attributesForFaceting"] == [
        "searchable(skills)", "searchable(companies)", "searchable(titles)",
        "searchable(locations)"]
    assert index.settings["customRanking"] == ["desc(updated_at_ts)"]
    assert index.settings["unretrievableAttributes"] == ["email", "name", "summary", "text"]
    writes = [r.path.rsplit("/", 1)[-1] for r in fake.logged(index=engine.index_name(t))
              if r.method != "GET"]
    assert writes == ["settings", "batch"]
    # the second write in this process does not push the settings again
    engine.index(t, samples.records(t.id)[:1])
    assert len(fake.logged("PUT", "settings")) == 1


def test_records_carry_display_and_ranking_fields(fake, engine):
    t = tenant()
    engine.index(t, samples.records(t.id))
    ada = stored(fake, engine, t, "c-ada")
    assert ada["name"] == "Ada Lovelace"
    assert ada["locations"] == ["London"]
    assert ada["updated_at_ts"] == int(datetime(2026, 1, 1, tzinfo=UTC).timestamp())
    assert ada["skills"] == ["Python", "JavaScript", "PostgreSQL"]


def test_newest_candidates_rank_first(fake, engine):
    t = tenant()
    records = samples.records(t.id)
    for day, record in enumerate(records, start=1):
        record.updated_at = datetime(2026, 1, day, tzinfo=UTC)
    engine.index(t, records)
    assert [h.id for h in engine.search(t, SearchQuery()).hits] == ["c-alan", "c-grace", "c-ada"]


def test_tenant_search_fields_choose_what_is_sent(fake, engine):
    t = tenant(search_fields=["name", "skills", "headline"])
    engine.index(t, samples.records(t.id))
    ada = stored(fake, engine, t, "c-ada")
    assert ada["email"] is None and ada["text"] is None and ada["companies"] is None
    assert ada["skills"] == ["Python", "JavaScript", "PostgreSQL"]
    settings = fake.index(engine.index_name(t)).settings
    assert settings["searchableAttributes"] == ["name", "headline", "skills"]
    assert settings["attributesForFaceting"] == ["searchable(skills)"]
    # text is not sent, so free text no longer finds Ada by "platforms"
    assert engine.search(t, SearchQuery(q="platforms")).total == 0


def test_narrowing_search_fields_erases_values_already_sent(fake, engine):
    t = tenant()
    records = samples.records(t.id)
    records[0].email = "ada@example.com"
    engine.index(t, records)
    assert stored(fake, engine, t, "c-ada")["email"] == "ada@example.com"
    narrowed = TenantRef(id=t.id, slug=t.slug, settings={"search_fields": ["name", "skills"]})
    engine.index(narrowed, records[:1])
    assert stored(fake, engine, t, "c-ada")["email"] is None
    assert fake.index(engine.index_name(t)).settings["searchableAttributes"] == ["name", "skills"]


def query_with_key(fake, index, key, body):
    return requests.post(f"{fake.url}/1/indexes/{index}/query", json=body, timeout=5, headers={
        "x-algolia-application-id": fake.app_id, "x-algolia-api-key": key})


def test_anonymous_fields_are_all_a_search_only_key_retrieves(fake, engine):
    t = tenant(anonymous_fields=["headline", "skills"])
    engine.index(t, samples.records(t.id))
    index = engine.index_name(t)
    assert fake.index(index).settings["unretrievableAttributes"] == [
        "companies", "email", "locations", "name", "summary", "text", "titles"]
    anonymous = query_with_key(fake, index, fake.search_key, {"query": "grace"}).json()
    hit = anonymous["hits"][0]
    assert hit["objectID"] == "c-grace"
    assert {"headline", "skills"} <= set(hit) and "name" not in hit and "text" not in hit
    assert "name" not in hit["_highlightResult"]
    # the server-side provider (admin key) still gets the whole record
    assert engine.search(t, SearchQuery(q="grace")).hits[0].name == "Grace Hopper"


def test_default_anonymous_fields_hide_everything_personal(fake, engine):
    t = tenant()
    engine.index(t, samples.records(t.id))
    hit = query_with_key(fake, engine.index_name(t), fake.search_key, {"query": ""}).json()[
        "hits"][0]
    assert not {"name", "email", "text", "summary"} & set(hit)
    assert {"headline", "skills", "titles", "companies", "locations"} <= set(hit)


# --------------------------------------------------------------------------- trimming


def big_record(**fields) -> SearchRecord:
    base = dict(id="c-big", tenant_id="t", name="Big Candidate", headline="Engineer",
                skills=["Python"], summary="short summary", text="short text",
                updated_at=datetime(2026, 1, 1, tzinfo=UTC))
    base.update(fields)
    return SearchRecord(**base)


ALL = ("name", "headline", "location", "email", "skills", "titles", "companies", "summary",
       "text")


def test_a_small_record_is_not_trimmed():
    record = big_record()
    obj = build_record(record, ALL, 10000)
    assert obj["text"] == "short text" and obj["summary"] == "short summary"


def test_text_is_cut_first_at_a_word_boundary():
    text = " ".join(f"word{n}" for n in range(5000))
    obj = build_record(big_record(text=text), ALL, 10000)
    assert record_size(obj) <= 10000
    assert text.startswith(obj["text"]) and len(obj["text"]) > 9000
    assert text[len(obj["text"])] == " "  # ends on a whole word
    assert obj["summary"] == "short summary" and obj["skills"] == ["Python"]


def test_summary_is_cut_when_text_is_not_enough():
    summary = "s" * 20000
    obj = build_record(big_record(text="t " * 3000, summary=summary), ALL, 10000)
    assert obj["text"] == ""
    assert summary.startswith(obj["summary"]) and len(obj["summary"]) > 9000
    assert record_size(obj) <= 10000


def test_lists_lose_their_last_entries_after_the_texts():
    skills = [f"skill-{n:05d}" for n in range(2000)]
    obj = build_record(big_record(text="t" * 5000, summary="s" * 5000, skills=skills,
                                  titles=["CTO"]), ALL, 10000)
    assert obj["text"] == "" and obj["summary"] == ""
    assert obj["skills"] == skills[:len(obj["skills"])] and 0 < len(obj["skills"]) < 2000
    assert obj["titles"] == ["CTO"]
    assert record_size(obj) <= 10000


def test_even_a_huge_name_is_trimmed_not_rejected():
    obj = {"objectID": "x", "name": "n" * 50000, "text": "", "skills": ["a"] * 10}
    trimmed = trim_record(obj, 2000)
    assert record_size(obj) <= 2000
    assert trimmed == ["skills", "name"] and obj["skills"] == []


def test_oversized_candidates_are_indexed_trimmed(fake, make_engine):
    fake.max_record_bytes = 3000
    engine = make_engine(max_record_bytes="3000")
    t = tenant()
    engine.index(t, [big_record(text="python " * 2000)])
    record = stored(fake, engine, t, "c-big")
    assert record_size(record) <= 3000
    assert engine.search(t, SearchQuery(q="python")).total == 1


def test_the_fake_would_refuse_an_untrimmed_record(fake, make_engine):
    """Guards the test above: the limits agree, so trimming is what made it pass."""
    fake.max_record_bytes = 3000
    engine = make_engine(max_record_bytes="100000")
    with pytest.raises(RuntimeError, match="too big"):
        engine.index(tenant(), [big_record(text="python " * 2000)])


# --------------------------------------------------------------------------- batching


def many(tenant_id: str, count: int):
    for n in range(count):
        yield SearchRecord(id=f"c-{n}", tenant_id=tenant_id, name=f"Candidate {n}",
                           skills=["Python"] if n % 2 else ["Java"], text="")


def test_more_than_a_batch_goes_in_several_batches(fake, engine):
    t = tenant()
    engine.index(t, list(many(t.id, 2345)))
    batches = fake.logged("POST", "batch", index=engine.index_name(t))
    assert [len(b.body["requests"]) for b in batches] == [1000, 1000, 345]
    assert {r["action"] for b in batches for r in b.body["requests"]} == {"partialUpdateObject"}
    assert engine.search(t, SearchQuery()).total == 2345
    assert engine.search(t, SearchQuery(skills=["Python"])).total == 1172


def test_delete_is_batched_and_ignores_missing_ids(fake, engine):
    t = tenant()
    engine.index(t, list(many(t.id, 1500)))
    engine.delete(t, [f"c-{n}" for n in range(1200)] + ["never-indexed"])
    deletes = [b for b in fake.logged("POST", "batch", index=engine.index_name(t))
               if b.body["requests"][0]["action"] == "deleteObject"]
    assert [len(b.body["requests"]) for b in deletes] == [1000, 201]
    assert engine.search(t, SearchQuery()).total == 300


def test_the_batch_size_setting_is_honoured(fake, make_engine):
    engine = make_engine(batch_size="40")
    t = tenant()
    engine.index(t, list(many(t.id, 100)))
    batches = fake.logged("POST", "batch", index=engine.index_name(t))
    assert [len(b.body["requests"]) for b in batches] == [40, 40, 20]


def test_batches_also_stay_under_the_request_size_limit():
    objects = [{"objectID": str(n), "text": "x" * 1000} for n in range(10)]
    sizes = [len(b) for b in batches(iter(objects), 1000, max_bytes=3500)]
    assert sizes == [3, 3, 3, 1]
    assert [len(b) for b in batches(iter(objects), 4)] == [4, 4, 2]
