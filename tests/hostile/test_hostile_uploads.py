"""Every file of the hostile corpus, uploaded through the served API to a real worker: each is
refused with a readable 4xx or fails its parse with a readable reason (or, for an ordinary CV
with a hostile name or an inert script, is handled safely), bombs are ended by the sandbox's
limits, nothing is fetched or leaked, and the worker is still there and parsing afterwards."""

from __future__ import annotations

import pytest

from tests.hostile.corpus import corpus
from tests.hostile.harness import run_corpus, table

pytestmark = pytest.mark.slow


def test_hostile_corpus_through_the_api(tmp_path):
    results, facts = run_corpus(tmp_path)
    report = table(results, facts)
    print("\n" + report)
    assert len(results) >= 30
    assert [r.item.label for r in results] == [item.label for item in corpus()]
    assert not [r for r in results if r.problems], report
    assert facts["worker_alive"], report
    assert facts["normal_cv_after"] == "succeeded", report
    assert facts["canary_hits"] == [], report
