"""Full reindex: a temporary index built from a stream, then moved over the live one."""

from __future__ import annotations

import uuid

import pytest

from mustard_core.roles import SearchQuery, SearchRecord, SynonymSet, TenantRef
from mustard_core.testing import samples


@pytest.fixture
def tenant() -> TenantRef:
    slug = f"re-{uuid.uuid4().hex[:6]}"
    return TenantRef(id=f"t-{slug}", slug=slug, settings={})


class CountingStream:
    """A generator of records that remembers how many it has handed out."""

    def __init__(self, tenant_id: str, count: int, fail_at: int | None = None):
        self.tenant_id, self.count, self.fail_at = tenant_id, count, fail_at
        self.pulled = 0

    def __iter__(self):
        for n in range(self.count):
            if n == self.fail_at:
                raise RuntimeError("database went away")
            self.pulled += 1
            yield SearchRecord(id=f"r-{n}", tenant_id=self.tenant_id, name=f"Reindexed {n}",
                               skills=["Go"], text="")


def test_reindex_builds_a_temporary_index_then_moves_it(fake, make_engine, tenant):
    engine = make_engine(batch_size="10")
    engine.index(tenant, samples.records(tenant.id))
    live = engine.index_name(tenant)
    stream = CountingStream(tenant.id, 35)
    progress: list[tuple[int, int, int]] = []

    def report(done: int) -> None:
        # while building, searches still see the old live index
        progress.append((done, stream.pulled, engine.search(tenant, SearchQuery()).total))

    engine.reindex(tenant, iter(stream), [SynonymSet(id="s", type="synonym",
                                                     synonyms=["golang", "go"])], report)
    assert progress == [(10, 10, 3), (20, 20, 3), (30, 30, 3), (35, 35, 3)]
    batches = [r for r in fake.logged("POST", "batch") if r.index != live]
    temporary = {r.index for r in batches}
    assert len(temporary) == 1
    (temporary_name,) = temporary
    assert temporary_name.startswith(f"{live}_tmp_")
    assert [len(b.body["requests"]) for b in batches] == [10, 10, 10, 5]
    move = fake.logged("POST", "operation")[-1]
    assert move.index == temporary_name
    assert move.body == {"operation": "move", "destination": live}
    assert fake.index(temporary_name) is None  # moved away
    result = engine.search(tenant, SearchQuery())
    assert result.total == 35 and "c-ada" not in {h.id for h in result.hits}
    assert engine.search(tenant, SearchQuery(q="golang")).total == 35  # synonyms came along
    assert fake.index(live).settings["customRanking"] == ["desc(updated_at_ts)"]


def test_reindex_consumes_the_stream_lazily(fake, make_engine, tenant):
    engine = make_engine(batch_size="100")
    stream = CountingStream(tenant.id, 1000)
    pulled_at_batch = []
    original = fake.batch

    def spying_batch(*args, **kwargs):
        pulled_at_batch.append(stream.pulled)
        return original(*args, **kwargs)

    fake.batch = spying_batch
    engine.reindex(tenant, iter(stream), [], lambda done: None)
    # each batch request went out when only that batch had been read from the stream
    assert pulled_at_batch == list(range(100, 1001, 100))


def test_a_failed_reindex_leaves_the_live_index_alone(fake, make_engine, tenant):
    engine = make_engine(batch_size="10")
    engine.index(tenant, samples.records(tenant.id))
    live = engine.index_name(tenant)
    with pytest.raises(RuntimeError, match="database went away"):
        engine.reindex(tenant, iter(CountingStream(tenant.id, 50, fail_at=25)), [],
                       lambda done: None)
    fake.settle()
    assert sorted(fake.indexes) == [live]  # the temporary index was deleted
    assert engine.search(tenant, SearchQuery()).total == 3


def test_reindex_of_nothing_empties_the_index(fake, engine, tenant):
    engine.index(tenant, samples.records(tenant.id))
    seen = []
    engine.reindex(tenant, iter([]), [], seen.append)
    assert seen == [0]
    assert engine.search(tenant, SearchQuery()).total == 0
