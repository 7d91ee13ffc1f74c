"""The shared search-role suite, unchanged, against Algolia (the fake) through the client."""

from __future__ import annotations

import pytest

from mustard_core.testing.conformance import SearchConformance


class TestAlgoliaConformance(SearchConformance):
    @pytest.fixture
    def search(self, engine):
        return engine
