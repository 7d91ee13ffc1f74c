"""Searching with the SQL provider: typos, hostile input, highlights, synonyms, bounded ranking.

Most tests run on both SQLite and PostgreSQL (`make_search` is parametrised by dialect)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from mustard_core.builtin.search_sql import SqlSearch
from mustard_core.roles import SearchQuery, SearchRecord, SynonymSet, TenantRef
from mustard_core.testing import samples


def record(tenant: TenantRef, candidate_id: str, **fields) -> SearchRecord:
    fields.setdefault("updated_at", datetime(2026, 1, 1, tzinfo=UTC))
    return SearchRecord(id=candidate_id, tenant_id=tenant.id, **fields)


def ids(result) -> set[str]:
    return {hit.id for hit in result.hits}


@pytest.fixture
def search(make_search) -> SqlSearch:
    return make_search()


@pytest.fixture
def indexed(search, tenant_factory) -> TenantRef:
    tenant = tenant_factory(search)
    search.index(tenant, samples.records(tenant.id))
    return tenant


# ----------------------------------------------------------------------------- typos


@pytest.mark.parametrize(("q", "expected"), [
    ("pythn", {"c-ada", "c-alan"}),
    ("pyhton", {"c-ada", "c-alan"}),  # swapped neighbours: too few shared trigrams
    ("ypthon", {"c-ada", "c-alan"}),  # ... or first letters, for SQLite's prefix lookup
    ("pyhton londno", {"c-ada"}),
    ("javascirpt", {"c-ada"}),
    ("pythn londn", {"c-ada"}),
    ("grce hopper", {"c-grace"}),
])
def test_typos_still_find_candidates(search, indexed, q, expected):
    assert ids(search.search(indexed, SearchQuery(q=q))) == expected


@pytest.mark.parametrize("q", ["pyth", "jav", "pythonnnnn"])
def test_typo_allowance_is_bounded(search, indexed, q):
    # 4-7 letters allow one typo, 8+ two, under 4 none ("pyth" is two away from "python").
    assert search.search(indexed, SearchQuery(q=q)).total == 0


def test_typo_correction_uses_only_the_tenants_vocabulary(search, indexed, tenant_factory):
    other = tenant_factory(search, "other")
    search.index(other, [record(other, "c-x", name="Someone Else", text="cobol")])
    assert search.search(other, SearchQuery(q="pythn")).total == 0
    assert ids(search.search(indexed, SearchQuery(q="pythn"))) == {"c-ada", "c-alan"}


def test_postgres_corrects_typos_early_in_a_word(pg_engine, tenant_factory):
    # Trigram similarity finds "python" for "pthon"; SQLite's weaker correction only looks at
    # words sharing the first two letters, so this is a PostgreSQL-only promise.
    search = SqlSearch(pg_engine)
    tenant = tenant_factory(search)
    search.index(tenant, samples.records(tenant.id))
    assert ids(search.search(tenant, SearchQuery(q="pthon"))) == {"c-ada", "c-alan"}


# ----------------------------------------------------------------------------- hostile input


@pytest.mark.parametrize(("q", "expected_total"), [
    ("'; DROP TABLE sqlsearch_documents; --", 0),
    ('python" OR "grace', 0),  # quoting and OR are words: python AND grace
    ("python | grace", 0),  # tsquery OR is punctuation
    ("!grace", 1),  # tsquery NOT is punctuation
    ("pyth*", 0),  # no prefix operator
    ("NEAR(python javascript)", 0),  # FTS5 NEAR is a word that must be present
    ("name:grace", 0),  # no column filter: "name" is a word too
    ("grace:*", 1),
    ("python AND javascript", 1),
    ("100%", 0),
])
def test_query_syntax_in_q_is_just_words(search, indexed, q, expected_total):
    assert search.search(indexed, SearchQuery(q=q)).total == expected_total
    assert search.search(indexed, SearchQuery()).total == 3  # the tables are all still there


@pytest.mark.parametrize("query", [
    SearchQuery(company="%"),
    SearchQuery(company="_"),
    SearchQuery(title="%engineer%"),
    SearchQuery(location="' OR '1'='1"),
    SearchQuery(location="London' --"),
    SearchQuery(skills=["python' OR '1'='1"]),
    SearchQuery(skills=["%"]),
    SearchQuery(company="Remington\\"),
])
def test_filters_take_their_text_literally(search, indexed, query):
    assert search.search(indexed, query).total == 0
    assert search.search(indexed, SearchQuery()).total == 3


def test_control_characters_in_filters_and_records(search, tenant_factory):
    tenant = tenant_factory(search)
    search.index(tenant, [record(tenant, "c-nul", name="Null\x00Byte", skills=["C\x00"],
                                 text="zero\x00width \x02marker\x03")])
    assert ids(search.search(tenant, SearchQuery(q="marker"))) == {"c-nul"}
    assert search.search(tenant, SearchQuery(company="\x00", location="\x00")).total == 1


# ----------------------------------------------------------------------------- highlights

TAGS = re.compile(r"</?em>")


def test_highlights_escape_candidate_html(search, tenant_factory):
    tenant = tenant_factory(search)
    search.index(tenant, [record(
        tenant, "c-eve", name='<script>alert(1)</script> Eve & "Co"',
        headline="Engineer <b>lead</b>", skills=["<b>Go</b>", "Eve-lang"],
        text="eve writes <img src=x onerror=alert(1)> code")])
    hit = search.search(tenant, SearchQuery(q="eve")).hits[0]
    assert hit.name == '<script>alert(1)</script> Eve & "Co"'  # display fields stay raw data
    assert hit.highlights["name"] == (
        "&lt;script&gt;alert(1)&lt;/script&gt; <em>Eve</em> &amp; &quot;Co&quot;")
    assert "<em>eve</em>" in hit.highlights["text"]
    assert "<em>Eve</em>" in hit.highlights["skills"]
    assert "headline" not in hit.highlights  # nothing matched there
    for html in hit.highlights.values():
        assert "<" not in TAGS.sub("", html) and ">" not in TAGS.sub("", html)


def test_highlights_mark_corrected_and_synonym_words(search, indexed):
    search.set_synonyms(indexed, [SynonymSet(id="s", type="synonym",
                                             synonyms=["cobol", "mainframe"])])
    grace = search.search(indexed, SearchQuery(q="mainframe")).hits[0]
    assert grace.highlights["skills"] == "<em>COBOL</em>, Fortran"
    ada = search.search(indexed, SearchQuery(q="javascirpt")).hits[0]
    assert ada.highlights["skills"] == "Python, <em>JavaScript</em>, PostgreSQL"


def test_no_text_query_means_no_highlights(search, indexed):
    assert all(hit.highlights == {} for hit in search.search(indexed, SearchQuery()).hits)


# ----------------------------------------------------------------------------- synonyms


@pytest.fixture
def web(search, tenant_factory) -> TenantRef:
    tenant = tenant_factory(search)
    search.index(tenant, [
        record(tenant, "c-json", name="Jo", text="writes json schemas"),
        record(tenant, "c-js", name="Jay", text="js everywhere"),
        record(tenant, "c-javascript", name="Jen", skills=["JavaScript"]),
        record(tenant, "c-ml", name="Max", text="machine learning models"),
        record(tenant, "c-ml2", name="Mia", skills=["ML"]),
    ])
    return tenant


def test_synonyms_match_whole_words(search, web):
    search.set_synonyms(web, [SynonymSet(id="s", type="synonym", synonyms=["JS", "JavaScript"])])
    assert ids(search.search(web, SearchQuery(q="json"))) == {"c-json"}
    assert ids(search.search(web, SearchQuery(q="js"))) == {"c-js", "c-javascript"}
    assert ids(search.search(web, SearchQuery(q="javascript"))) == {"c-js", "c-javascript"}


def test_oneway_synonyms_do_not_work_backwards(search, web):
    search.set_synonyms(web, [SynonymSet(id="s", type="onewaysynonym", input="js",
                                         synonyms=["javascript"])])
    assert ids(search.search(web, SearchQuery(q="js"))) == {"c-js", "c-javascript"}
    assert ids(search.search(web, SearchQuery(q="javascript"))) == {"c-javascript"}


def test_multiword_synonyms(search, web):
    search.set_synonyms(web, [SynonymSet(id="s", type="synonym",
                                         synonyms=["ml", "machine learning"])])
    assert ids(search.search(web, SearchQuery(q="ml"))) == {"c-ml", "c-ml2"}
    assert ids(search.search(web, SearchQuery(q="Machine Learning"))) == {"c-ml", "c-ml2"}
    assert ids(search.search(web, SearchQuery(q="machine"))) == {"c-ml"}


def test_malformed_synonyms_are_refused(search, web):
    with pytest.raises(ValueError):
        search.set_synonyms(web, [SynonymSet(id="s", type="altcorrection1", synonyms=["a"])])
    with pytest.raises(ValueError):
        search.set_synonyms(web, [SynonymSet(id="s", type="onewaysynonym", synonyms=["a"])])


# ----------------------------------------------------------------------------- filters, facets


def test_facets_count_the_filtered_set(search, indexed):
    facets = search.search(indexed, SearchQuery(skills=["python"])).facets
    assert facets["skills"] == {"Python": 2, "JavaScript": 1, "PostgreSQL": 1, "Mathematics": 1}
    assert facets["companies"] == {"Analytical Engines": 1, "University of Manchester": 1}


@pytest.mark.parametrize("q", ["", "python"])
def test_facets_of_a_popular_query_are_counted_over_its_most_recent_matches(
        make_search, tenant_factory, q):
    search = make_search(facet_sample=3)
    tenant = tenant_factory(search)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    search.index(tenant, [
        record(tenant, f"c-{day}", name=f"Person {day}", text="python",
               skills=["Python", "Old" if day < 2 else "New"],
               updated_at=start + timedelta(days=day))
        for day in range(5)])
    result = search.search(tenant, SearchQuery(q=q))
    assert result.total == 5  # the count stays exact
    assert not result.facets_exhaustive
    assert result.facets["skills"] == {"Python": 3, "New": 3}  # days 4, 3 and 2
    narrow = search.search(tenant, SearchQuery(q=q, skills=["old"]))
    assert narrow.facets_exhaustive and narrow.facets["skills"] == {"Python": 2, "Old": 2}


def test_every_listed_skill_must_match(search, indexed):
    assert ids(search.search(indexed, SearchQuery(skills=["Python", "javascript"]))) == {"c-ada"}
    assert search.search(indexed, SearchQuery(skills=["Python", "COBOL"])).total == 0
    assert search.search(indexed, SearchQuery(skills=["Pyth"])).total == 0  # exact, not prefix


def test_filters_combine_with_text(search, indexed):
    assert ids(search.search(indexed, SearchQuery(q="python", location="manch"))) == {"c-alan"}
    assert ids(search.search(indexed, SearchQuery(q="python", company="ENGINES"))) == {"c-ada"}
    assert ids(search.search(indexed, SearchQuery(title="engineer"))) == {"c-ada", "c-grace"}


def test_records_of_another_tenant_are_refused(search, indexed, tenant_factory):
    other = tenant_factory(search, "other")
    with pytest.raises(ValueError):
        search.index(indexed, samples.records(other.id))
    assert search.search(other, SearchQuery()).total == 0


# ----------------------------------------------------------------------------- bounded ranking

N_ROWS = 2_000
WINDOW = 50


@pytest.fixture
def crowd(make_search, tenant_factory):
    """2,000 candidates matching "python": weak matches (the word only in their CV text) plus
    two strong ones (name, skills, title): the most relevant is the least recently updated."""
    search = make_search(rank_window=WINDOW)
    tenant = tenant_factory(search)
    start = datetime(2025, 1, 1, tzinfo=UTC)
    rows = [record(tenant, f"c-{n:05d}", name=f"Weak Match {n}", text=f"some python work {n}",
                   skills=["Excel"], updated_at=start + timedelta(minutes=n))
            for n in range(N_ROWS - 2)]
    rows.append(record(tenant, "c-old-star", name="Python Python", skills=["Python"],
                       titles=["Python Developer"], text="python python python",
                       updated_at=start - timedelta(days=365)))
    # Recent enough to be inside the window, but not the most recent.
    rows.append(record(tenant, "c-new-star", name="Pythonista", skills=["Python"],
                       titles=["Python Developer"], text="python",
                       updated_at=start + timedelta(minutes=N_ROWS - 20)))
    for chunk in range(0, len(rows), 500):
        search.index(tenant, rows[chunk:chunk + 500])
    return search, tenant


def test_ranking_is_bounded_to_a_window_of_recent_matches(crowd):
    search, tenant = crowd
    first = search.search(tenant, SearchQuery(q="python", per_page=10))
    assert first.total == N_ROWS  # the count is over every match, not the window
    assert first.hits[0].id == "c-new-star"  # relevance decides inside the window
    assert "c-old-star" not in ids(first)

    seen: list[str] = []
    page = 0
    while True:
        result = search.search(tenant, SearchQuery(q="python", page=page, per_page=40))
        if not result.hits:
            break
        seen += [hit.id for hit in result.hits]
        page += 1
    assert len(seen) == len(set(seen)) == N_ROWS  # pages across the window edge overlap nowhere
    # Outside the window the order is recency, so the oldest (if best) match comes last.
    assert seen[-1] == "c-old-star"
    assert seen.index("c-new-star") == 0


def test_a_wide_enough_window_ranks_everything(crowd):
    search, tenant = crowd
    wide = SqlSearch(search.engine, rank_window=N_ROWS)
    top = wide.search(tenant, SearchQuery(q="python", per_page=2))
    assert [hit.id for hit in top.hits] == ["c-old-star", "c-new-star"]


def test_per_page_is_capped(crowd):
    search, tenant = crowd
    assert len(search.search(tenant, SearchQuery(q="python", per_page=10_000)).hits) == 100
    assert len(search.search(tenant, SearchQuery(per_page=10_000, page=-3)).hits) == 100
