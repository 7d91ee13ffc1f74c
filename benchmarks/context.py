"""What every benchmark gets: the sizes of this mode, the workspace, the platform, the data."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from benchmarks.data import CandidateGenerator
from benchmarks.environment import Agency, Workspace
from benchmarks.report import Results
from mustard_core.platform import Platform


@dataclass(frozen=True)
class Sizes:
    small: int
    """Candidates at the first measuring point (search, reindex)."""
    large: int
    """Candidates at the second one, and behind the API benchmark."""
    search_repeats: int
    """Times each query of the mix runs at each size."""
    api_rounds: int
    api_seconds: float
    """Each round measures every endpoint and the bare route for this long."""
    pipeline_per_format: int
    parser_repeats: int
    pdf_renders: int
    worker_tasks: tuple[int, int]


QUICK = Sizes(small=1_000, large=3_000, search_repeats=2, api_rounds=1, api_seconds=1.0,
              pipeline_per_format=1, parser_repeats=2, pdf_renders=3, worker_tasks=(50, 200))
FULL = Sizes(small=10_000, large=100_000, search_repeats=10, api_rounds=5, api_seconds=3.0,
             pipeline_per_format=10, parser_repeats=10, pdf_renders=30,
             worker_tasks=(1_000, 10_000))


@dataclass
class Bench:
    sizes: Sizes
    quick: bool
    results: Results
    space: Workspace
    platform: Platform
    generator: CandidateGenerator
    agency: Agency
    loaded: int = 0
    """How many generated candidates the main tenant holds so far."""
    extras: dict[str, Any] = field(default_factory=dict)
    """What one stage leaves for a later one (e.g. the reindex runs at both sizes)."""
