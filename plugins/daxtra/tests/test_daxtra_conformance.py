"""The parser role's shared conformance suite, run by the Daxtra provider against the fake."""

from __future__ import annotations

import pytest

from mustard_core.testing.conformance import ParserConformance


class TestDaxtraParser(ParserConformance):
    @pytest.fixture
    def parser(self, make_parser):
        return make_parser()


class TestDaxtraParserTwoStep(ParserConformance):
    """The two-step flow (personal profile, then data?token=) must satisfy the same contract."""

    @pytest.fixture
    def parser(self, make_parser):
        return make_parser(two_step=True)
