"""Each fault scenario as a test: nothing lost, nothing duplicated, every operation completed.

The scenarios start real processes (see stack.py) and take from a few seconds to about a
minute each; `python -m tests.faults` runs the same ones and prints the table.
"""

from __future__ import annotations

import pytest

from tests.faults import scenarios

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("name", list(scenarios.SCENARIOS))
def test_fault_scenario(name, tmp_path):
    outcome = scenarios.SCENARIOS[name](tmp_path)
    assert outcome.lost == 0, outcome
    assert outcome.duplicated == 0, outcome
    assert outcome.completed == outcome.attempted > 0, outcome
