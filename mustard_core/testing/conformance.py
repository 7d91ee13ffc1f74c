"""One conformance suite per provider role, shipped inside the package.

A provider's test module subclasses the suite once and supplies one fixture:

    from mustard_core.testing.conformance import StorageConformance

    class TestS3Storage(StorageConformance):
        @pytest.fixture
        def storage(self, moto_server):
            return S3Storage(...)

The built-in providers and every shipped plugin run the same tests; a capability the role does
not require is a class attribute (e.g. `supports_download_url`), never a disabled test.
"""

from __future__ import annotations

import hashlib
import io
import uuid

import pytest

from mustard_core.profile import ParsedCandidate, profile_errors
from mustard_core.roles import (
    Health,
    Metrics,
    ParseError,
    Parser,
    SearchEngine,
    SearchQuery,
    SearchResult,
    Storage,
    StorageNotFound,
    SynonymSet,
    TenantRef,
)
from mustard_core.testing import samples


def _tenant(label: str) -> TenantRef:
    suffix = uuid.uuid4().hex[:8]
    return TenantRef(id=f"t-{label}-{suffix}", slug=f"{label}-{suffix}", settings={})


class StorageConformance:
    """The storage role: put, open, delete, keys and download URLs (fixture `storage`)."""

    supports_download_url = False

    @pytest.fixture
    def prefix(self) -> str:
        return f"t-{uuid.uuid4().hex[:8]}"

    def test_is_a_storage(self, storage):
        assert isinstance(storage, Storage)

    def test_put_then_open_returns_the_bytes(self, storage, prefix):
        data = b"%PDF-1.4 hello" * 100
        stored = storage.put(f"{prefix}/uploads/a.pdf", data, content_type="application/pdf",
                             filename="cv.pdf")
        assert stored.size == len(data)
        assert stored.sha256 == hashlib.sha256(data).hexdigest()
        with storage.open(f"{prefix}/uploads/a.pdf") as handle:
            assert handle.read() == data

    def test_put_accepts_a_stream(self, storage, prefix):
        data = b"x" * 300_000
        storage.put(f"{prefix}/uploads/s.bin", io.BytesIO(data),
                    content_type="application/octet-stream")
        with storage.open(f"{prefix}/uploads/s.bin") as handle:
            assert handle.read() == data

    def test_put_overwrites(self, storage, prefix):
        storage.put(f"{prefix}/x", b"one", content_type="text/plain")
        storage.put(f"{prefix}/x", b"two", content_type="text/plain")
        with storage.open(f"{prefix}/x") as handle:
            assert handle.read() == b"two"

    def test_missing_key_raises_not_found(self, storage, prefix):
        with pytest.raises(StorageNotFound):
            storage.open(f"{prefix}/nothing-here")

    def test_exists(self, storage, prefix):
        assert not storage.exists(f"{prefix}/e")
        storage.put(f"{prefix}/e", b"1", content_type="text/plain")
        assert storage.exists(f"{prefix}/e")

    def test_delete_removes_and_is_idempotent(self, storage, prefix):
        storage.put(f"{prefix}/d", b"1", content_type="text/plain")
        storage.delete(f"{prefix}/d")
        assert not storage.exists(f"{prefix}/d")
        storage.delete(f"{prefix}/d")  # erasure retries must not fail
        with pytest.raises(StorageNotFound):
            storage.open(f"{prefix}/d")

    def test_keys_lists_a_prefix_only(self, storage, prefix):
        storage.put(f"{prefix}/uploads/1", b"1", content_type="text/plain")
        storage.put(f"{prefix}/resumes/2", b"2", content_type="text/plain")
        storage.put(f"{prefix}x/uploads/3", b"3", content_type="text/plain")
        assert sorted(storage.keys(f"{prefix}/")) == [f"{prefix}/resumes/2", f"{prefix}/uploads/1"]

    @pytest.mark.parametrize("key", ["../etc/passwd", "a/../../b", "/abs/path", "a//b", "",
                                     "a\\b", "a/\x00b", "a/./b"])
    def test_refuses_keys_that_could_escape(self, storage, key):
        with pytest.raises(ValueError):
            storage.put(key, b"1", content_type="text/plain")

    def test_download_url(self, storage, prefix):
        storage.put(f"{prefix}/u.pdf", b"%PDF", content_type="application/pdf")
        url = storage.download_url(f"{prefix}/u.pdf", filename="cv.pdf",
                                   content_type="application/pdf", expires_seconds=60)
        if self.supports_download_url:
            assert url and url.startswith("http")
        else:
            assert url is None

    def test_health(self, storage):
        assert isinstance(storage.health(), Health)
        assert storage.health().ok


class SearchConformance:
    """The search role (fixture `search`): indexing, filters, synonyms, isolation, reindex."""

    @pytest.fixture
    def tenant(self, search) -> TenantRef:
        tenant = _tenant("a")
        yield tenant
        search.clear(tenant)

    @pytest.fixture
    def other_tenant(self, search) -> TenantRef:
        tenant = _tenant("b")
        yield tenant
        search.clear(tenant)

    @pytest.fixture
    def indexed(self, search, tenant):
        search.index(tenant, samples.records(tenant.id))
        return tenant

    def ids(self, result: SearchResult) -> set[str]:
        return {hit.id for hit in result.hits}

    def test_is_a_search_engine(self, search):
        assert isinstance(search, SearchEngine)

    def test_finds_by_skill_in_free_text(self, search, indexed):
        result = search.search(indexed, SearchQuery(q="python"))
        assert self.ids(result) == {"c-ada", "c-alan"}
        assert result.total == 2

    def test_finds_by_name(self, search, indexed):
        assert self.ids(search.search(indexed, SearchQuery(q="grace"))) == {"c-grace"}

    def test_empty_query_lists_all(self, search, indexed):
        assert search.search(indexed, SearchQuery()).total == 3

    def test_skill_filter(self, search, indexed):
        result = search.search(indexed, SearchQuery(skills=["COBOL"]))
        assert self.ids(result) == {"c-grace"}

    def test_company_title_location_filters(self, search, indexed):
        assert self.ids(search.search(indexed, SearchQuery(company="Remington Rand"))) == {
            "c-grace"}
        assert self.ids(search.search(indexed, SearchQuery(title="Research Scientist"))) == {
            "c-alan"}
        assert self.ids(search.search(indexed, SearchQuery(location="London"))) == {"c-ada"}

    def test_hits_carry_display_fields(self, search, indexed):
        hit = search.search(indexed, SearchQuery(q="grace")).hits[0]
        assert hit.name == "Grace Hopper"
        assert hit.headline == "Compiler Engineer"
        assert "COBOL" in hit.skills
        assert isinstance(hit.highlights, dict)

    def test_skill_facets_count_matches(self, search, indexed):
        result = search.search(indexed, SearchQuery())
        assert result.facets_exhaustive is True  # a handful of records is never sampled
        facets = result.facets
        assert facets["skills"]["Python"] == 2
        assert facets["companies"]["Remington Rand"] == 1

    def test_paging(self, search, indexed):
        first = search.search(indexed, SearchQuery(per_page=2, page=0))
        second = search.search(indexed, SearchQuery(per_page=2, page=1))
        assert len(first.hits) == 2 and len(second.hits) == 1
        assert not self.ids(first) & self.ids(second)

    def test_update_replaces_record(self, search, indexed):
        record = samples.records(indexed.id)[1]
        record.skills = ["Rust"]
        search.index(indexed, [record])
        assert self.ids(search.search(indexed, SearchQuery(skills=["Rust"]))) == {"c-grace"}
        assert search.search(indexed, SearchQuery(skills=["COBOL"])).total == 0

    def test_delete(self, search, indexed):
        search.delete(indexed, ["c-grace", "never-indexed"])
        assert search.search(indexed, SearchQuery(q="grace")).total == 0
        assert search.search(indexed, SearchQuery()).total == 2

    def test_tenants_are_isolated(self, search, indexed, other_tenant):
        assert search.search(other_tenant, SearchQuery(q="python")).total == 0
        search.index(other_tenant, samples.records(other_tenant.id)[:1])
        assert search.search(indexed, SearchQuery()).total == 3
        assert search.search(other_tenant, SearchQuery()).total == 1

    def test_multiway_synonym(self, search, indexed):
        search.set_synonyms(indexed, [SynonymSet(id="s1", type="synonym",
                                                 synonyms=["cobol", "mainframe"])])
        assert self.ids(search.search(indexed, SearchQuery(q="mainframe"))) == {"c-grace"}

    def test_oneway_synonym(self, search, indexed):
        search.set_synonyms(indexed, [SynonymSet(id="s2", type="onewaysynonym", input="js",
                                                 synonyms=["javascript"])])
        assert self.ids(search.search(indexed, SearchQuery(q="js"))) == {"c-ada"}
        # one-way: searching the target does not bring in the input's matches
        assert self.ids(search.search(indexed, SearchQuery(q="javascript"))) == {"c-ada"}

    def test_set_synonyms_replaces(self, search, indexed):
        search.set_synonyms(indexed, [SynonymSet(id="s1", type="synonym",
                                                 synonyms=["cobol", "mainframe"])])
        search.set_synonyms(indexed, [])
        assert search.search(indexed, SearchQuery(q="mainframe")).total == 0

    def test_synonyms_are_per_tenant(self, search, indexed, other_tenant):
        search.index(other_tenant, samples.records(other_tenant.id))
        search.set_synonyms(indexed, [SynonymSet(id="s1", type="synonym",
                                                 synonyms=["cobol", "mainframe"])])
        assert search.search(other_tenant, SearchQuery(q="mainframe")).total == 0

    def test_hostile_query_text_is_just_text(self, search, indexed):
        for text in ['"', "'; DROP TABLE candidates; --", "python AND OR NOT", "*", "(", "-",
                     "NEAR(", "a:b", "\\", "%_", "\x00"]:
            result = search.search(indexed, SearchQuery(q=text))
            assert isinstance(result, SearchResult)

    def test_reindex_replaces_everything_and_reports_progress(self, search, indexed):
        seen: list[int] = []
        records = samples.records(indexed.id)[:2]
        search.reindex(indexed, iter(records), [], seen.append)
        assert search.search(indexed, SearchQuery()).total == 2
        assert seen and seen[-1] == 2

    def test_clear(self, search, indexed):
        search.clear(indexed)
        assert search.search(indexed, SearchQuery()).total == 0

    def test_health(self, search):
        assert search.health().ok


class ParserConformance:
    """The parser role (fixture `parser`): a plain CV parses, junk fails with a reason."""

    @pytest.fixture
    def tenant(self) -> TenantRef:
        return _tenant("p")

    def test_is_a_parser(self, parser):
        assert isinstance(parser, Parser)

    def test_parses_contact_fields(self, parser, tenant):
        parsed = parser.parse(samples.PLAIN_TEXT_CV, media_type="text/plain",
                              filename="ada.txt", tenant=tenant)
        assert isinstance(parsed, ParsedCandidate)
        assert parsed.name == "Ada Lovelace"
        assert parsed.email == "ada.lovelace@example.com"
        assert parsed.phone and "7946" in parsed.phone

    def test_profile_matches_the_schema(self, parser, tenant):
        parsed = parser.parse(samples.PLAIN_TEXT_CV, media_type="text/plain",
                              filename="ada.txt", tenant=tenant)
        assert profile_errors(parsed.profile) == []
        skills = {skill["name"].lower() for skill in parsed.profile["skills"]}
        assert {"python", "javascript"} <= skills
        companies = {job.get("company") or "" for job in parsed.profile["experience"]}
        assert any("Analytical Engines" in company for company in companies)

    def test_junk_fails_with_a_reason(self, parser, tenant):
        with pytest.raises(ParseError) as info:
            parser.parse(b"\x00" * 2048, media_type="application/octet-stream",
                         filename="x.bin", tenant=tenant)
        assert info.value.reason

    def test_health(self, parser):
        assert parser.health().ok


class MetricsConformance:
    """The metrics role (fixture `metrics`): every call accepted, none raises."""

    def test_is_metrics(self, metrics):
        assert isinstance(metrics, Metrics)

    def test_calls_never_raise(self, metrics):
        metrics.increment("test.counter")
        metrics.increment("test.counter", 5)
        metrics.timing("test.timer", 12.5)
        metrics.gauge("test.gauge", 3)

    def test_health(self, metrics):
        assert isinstance(metrics.health(), Health)
