"""Filters are built from user values that must never change the filter's meaning."""

from __future__ import annotations

import uuid

import pytest

from mustard_algolia.filters import facet_filters, search_params
from mustard_core.roles import SearchQuery, SearchRecord, TenantRef
from mustard_core.testing import samples


@pytest.fixture
def tenant(engine) -> TenantRef:
    slug = f"fi-{uuid.uuid4().hex[:6]}"
    t = TenantRef(id=f"t-{slug}", slug=slug, settings={})
    engine.index(t, samples.records(t.id))
    return t


def ids(result) -> set[str]:
    return {hit.id for hit in result.hits}


HOSTILE = [
    'Remington Rand" OR companies:"Analytical Engines',
    "Remington Rand OR 1=1",
    "Remington Rand:Analytical Engines",
    "companies:Analytical Engines",
    "*",
    "(Remington Rand) OR (Analytical Engines)",
    "Remington Rand\\",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_company_values_match_only_themselves(engine, tenant, fake, value):
    assert engine.search(tenant, SearchQuery(company=value)).total == 0
    sent = fake.logged("POST", "query")[-1].body["facetFilters"]
    assert sent == [[f"companies:{value}"]]


def test_a_leading_minus_is_a_value_not_a_negation(engine, tenant, fake):
    # unescaped, "companies:-Remington Rand" would mean "every company but Remington Rand"
    assert engine.search(tenant, SearchQuery(company="-Remington Rand")).total == 0
    assert fake.logged("POST", "query")[-1].body["facetFilters"] == [
        ["companies:\\-Remington Rand"]]
    record = samples.records(tenant.id)[1]
    record.companies = ["-Remington Rand"]
    engine.index(tenant, [record])
    assert ids(engine.search(tenant, SearchQuery(company="-Remington Rand"))) == {"c-grace"}


def test_a_value_with_a_leading_backslash_is_escaped_too():
    assert facet_filters(SearchQuery(title="\\-x")) == [["titles:\\\\-x"]]


def test_values_with_quotes_and_colons_still_match_exactly(engine, tenant):
    record = SearchRecord(id="c-odd", tenant_id=tenant.id, name="Odd",
                          companies=['Smith "The Firm": AND Co'], skills=["C++"], text="")
    engine.index(tenant, [record])
    assert ids(engine.search(tenant, SearchQuery(company='Smith "The Firm": AND Co'))) == {
        "c-odd"}
    assert ids(engine.search(tenant, SearchQuery(skills=["C++"]))) == {"c-odd"}
    assert engine.search(tenant, SearchQuery(skills=["C"])).total == 0


def test_every_skill_is_required(engine, tenant):
    assert ids(engine.search(tenant, SearchQuery(skills=["Python"]))) == {"c-ada", "c-alan"}
    assert ids(engine.search(tenant, SearchQuery(skills=["Python", "Mathematics"]))) == {
        "c-alan"}
    assert facet_filters(SearchQuery(skills=["Python", "Mathematics"], location="London")) == [
        ["skills:Python"], ["skills:Mathematics"], ["locations:London"]]


def test_filters_combine_with_free_text(engine, tenant):
    assert ids(engine.search(tenant, SearchQuery(q="python", location="Manchester"))) == {
        "c-alan"}


def test_hostile_query_text_is_sent_as_plain_text(engine, tenant, fake):
    engine.search(tenant, SearchQuery(q='python" OR "1"="1\x00'))
    body = fake.logged("POST", "query")[-1].body
    assert body["query"] == 'python" OR "1"="1'
    assert "filters" not in body and "advancedSyntax" not in body


def test_paging_parameters_are_bounded():
    params = search_params(SearchQuery(page=-3, per_page=50000))
    assert params["page"] == 0 and params["hitsPerPage"] == 1000
    assert search_params(SearchQuery(per_page=-5))["hitsPerPage"] == 1
    assert search_params(SearchQuery(per_page=0))["hitsPerPage"] == 20  # unset: the default


def test_highlights_come_from_the_highlight_result(engine, tenant):
    hit = engine.search(tenant, SearchQuery(q="lovel")).hits[0]
    assert hit.highlights["name"] == "Ada <em>Lovel</em>ace"
    skills = engine.search(tenant, SearchQuery(q="cobol")).hits[0].highlights["skills"]
    assert skills == "<em>COBOL</em>"
