"""Benchmark 2: the built-in SQL search provider on PostgreSQL, and growing the data set.

`grow` loads generated candidates into the main tenant (COPY) and rebuilds the SQL provider's
index with its own `reindex`, the path a full reindex job takes; its throughput is reported
beside the reference of only streaming the same records out of the database.

`measure_search` runs a fixed query mix: each query `search_repeats` times, each search followed
by the reference, a primary-key lookup of one candidate on the same engine (one round trip to
PostgreSQL doing the least work a query can do). The mix is what recruiters type: a single
skill, a skill and a synonym, a title and company filter, free text with a typo.
"""

from __future__ import annotations

import time

from sqlalchemy import select, text

from benchmarks.context import Bench
from benchmarks.measure import Summary
from benchmarks.report import Row
from mustard_core.models import Synonym
from mustard_core.roles import SearchQuery
from mustard_core.services import candidates as candidate_service
from mustard_core.services.handlers import synonym_sets

FRESH_SAMPLES = 20
SYNONYMS = (["js", "javascript"], ["k8s", "kubernetes"], ["postgres", "postgresql"],
            ["excel", "microsoft excel"], ["ml", "machine learning"])


def add_synonyms(bench: Bench) -> None:
    with bench.platform.session(bench.agency.tenant.id) as session:
        for words in SYNONYMS:
            session.add(Synonym(tenant_id=bench.agency.tenant.id, type="synonym",
                                synonyms=list(words)))


QUERY_KINDS = ("single skill", "skill + synonym", "title + company filter",
               "free text with a typo")


def query_mix(bench: Bench) -> dict[str, list[SearchQuery]]:
    """Five queries per kind, chosen from the generator's own popularity ranking so they match
    what the data holds (a popular skill, a long-tail one, the biggest employers)."""
    popular = bench.generator.popular_skills(8)
    rare = bench.generator.rare_skills(2)
    companies = bench.generator.popular_companies(5)
    mix = {
        "single skill": [SearchQuery(q=popular[0]), SearchQuery(q=popular[4]),
                         SearchQuery(q=popular[7]), SearchQuery(q=rare[0]),
                         SearchQuery(q=rare[1])],
        "skill + synonym": [SearchQuery(q="js react"), SearchQuery(q="k8s docker"),
                            SearchQuery(q="postgres python"), SearchQuery(q="excel"),
                            SearchQuery(q="ml python")],
        "title + company filter": [
            SearchQuery(title="engineer", company=companies[0]),
            SearchQuery(title="manager", company=companies[1]),
            SearchQuery(title="analyst", company=companies[2]),
            SearchQuery(title="developer", company=companies[3]),
            SearchQuery(title="nurse", company=companies[4])],
        "free text with a typo": [
            SearchQuery(q="experienced pyhton developer london"),
            SearchQuery(q="kubernetse platform engineer"),
            SearchQuery(q="acountant month-end reports"),
            SearchQuery(q="registred nurse manchester"),
            SearchQuery(q="javascirpt react berlin")],
    }
    assert tuple(mix) == QUERY_KINDS
    return mix


def grow(bench: Bench, target: int) -> None:
    """Load candidates up to `target`, then reindex the SQL provider and report its rate."""
    from benchmarks.data import load_candidates

    if target > bench.loaded:
        report = load_candidates(bench.platform.engine, bench.agency.tenant.id, bench.generator,
                                 bench.loaded, target)
        bench.results.note(
            f"Data: loaded candidates {bench.loaded:,} to {target - 1:,} with COPY in "
            f"{report.seconds:.1f} s ({report.count / report.seconds:,.0f} candidates/s, "
            f"{report.processes or 'no'} generator processes).")
        bench.loaded = target
    stream_seconds = _stream_only(bench)
    began = time.perf_counter()
    indexed = _reindex_sql(bench)
    seconds = time.perf_counter() - began
    settle(bench, vacuum=False)
    fresh = _index_and_search(bench)
    settle(bench)
    settled = _index_and_search(bench)
    if indexed != target:
        raise RuntimeError(f"the SQL reindex saw {indexed} candidates, expected {target}")
    bench.results.add(Row(
        "2. Search", f"SQL provider: full reindex of {target:,} candidates", "cand/s",
        Summary.of([target / seconds], higher_is_better=True),
        reference="streaming the same records from PostgreSQL",
        reference_figure=Summary.of([target / stream_seconds], higher_is_better=True),
        note=f"{seconds:.1f} s, one run"))
    for number, what in enumerate(("index one candidate (SearchEngine.index)",
                                   "single-skill search")):
        bench.results.add(Row(
            "2. Search", f"{what} right after the reindex, at {target:,} candidates", "ms",
            Summary.of(fresh[number]), reference="the same once VACUUM has run",
            reference_figure=Summary.of(settled[number]),
            note="analyzed, not yet vacuumed: GIN pending lists full"))


def _index_and_search(bench: Bench) -> tuple[list[float], list[float]]:
    """Milliseconds of single-candidate index calls and of single-skill searches."""
    platform, tenant = bench.platform, bench.agency.tenant
    with platform.session(tenant.id, write=False) as reader:
        records = [candidate_service.search_record(row) for row in reader.scalars(
            select(candidate_service.Candidate).order_by(candidate_service.Candidate.id)
            .limit(FRESH_SAMPLES))]
    indexing = []
    for record in records:
        began = time.perf_counter()
        platform.search.index(tenant, [record])
        indexing.append((time.perf_counter() - began) * 1000)
    searching = []
    for query in query_mix(bench)["single skill"]:
        began = time.perf_counter()
        platform.search.search(tenant, query)
        searching.append((time.perf_counter() - began) * 1000)
    return indexing, searching


def _stream_only(bench: Bench) -> float:
    began = time.perf_counter()
    with bench.platform.session(bench.agency.tenant.id, write=False) as reader:
        count = sum(1 for _ in candidate_service.iter_search_records(reader))
    if count != bench.loaded:
        raise RuntimeError(f"streamed {count} candidates, expected {bench.loaded}")
    return time.perf_counter() - began


def _reindex_sql(bench: Bench) -> int:
    platform, tenant = bench.platform, bench.agency.tenant
    done = {"n": 0}

    def progress(count: int) -> None:
        done["n"] = count

    with platform.session(tenant.id, write=False) as reader:
        synonyms = synonym_sets(reader)
        platform.search.reindex(tenant, candidate_service.iter_search_records(reader), synonyms,
                                progress)
    return done["n"]


def settle(bench: Bench, *, vacuum: bool = True) -> None:
    """What autovacuum does after a bulk write, in its order: ANALYZE first (fresh statistics;
    its threshold is lower), then VACUUM, which also merges the GIN indexes' pending lists.
    Searches are measured once both have run; the state between the two is measured too
    ("right after the reindex"), as every bulk write passes through it."""
    with bench.platform.engine.connect() as conn:
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        for table in ("candidates", "sqlsearch_documents", "sqlsearch_terms"):
            conn.execute(text(f"{'VACUUM ANALYZE' if vacuum else 'ANALYZE'} {table}"))


def measure_search(bench: Bench) -> None:
    platform, tenant = bench.platform, bench.agency.tenant
    with platform.session(tenant.id, write=False) as reader:
        ids = list(reader.scalars(select(candidate_service.Candidate.id).limit(500)))
    lookup = text("SELECT id, name, updated_at FROM candidates WHERE id = :id")
    size = bench.loaded
    for kind, queries in query_mix(bench).items():
        samples, reference, totals = [], [], []
        for query in queries:
            platform.search.search(tenant, query)  # warm: plans, caches, the typo vocabulary
            for repeat in range(bench.sizes.search_repeats):
                began = time.perf_counter()
                result = platform.search.search(tenant, query)
                samples.append((time.perf_counter() - began) * 1000)
                totals.append(result.total)
                began = time.perf_counter()
                with platform.engine.connect() as conn:
                    conn.execute(lookup, {"id": ids[repeat % len(ids)]}).first()
                reference.append((time.perf_counter() - began) * 1000)
        if not any(totals):
            raise RuntimeError(f"the {kind!r} queries found nothing: the mix is wrong")
        bench.results.add(Row(
            "2. Search", f"{kind} at {size:,} candidates", "ms", Summary.of(samples),
            reference="primary-key lookup, same engine", reference_figure=Summary.of(reference),
            note=f"median {int(sorted(totals)[len(totals) // 2]):,} hits"))
