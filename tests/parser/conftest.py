"""Fixtures for the built-in parser's tests: the real provider (sandboxed child) and a tenant."""

from __future__ import annotations

import uuid

import pytest

from mustard_core.builtin.parser.provider import BuiltinParser
from mustard_core.builtin.parser.sandbox import Limits
from mustard_core.roles import TenantRef


@pytest.fixture
def builtin_parser() -> BuiltinParser:
    """The provider exactly as `mustard.parser = builtin` builds it: every parse runs in a
    child process with the default limits."""
    return BuiltinParser(Limits())


@pytest.fixture
def parse_tenant() -> TenantRef:
    suffix = uuid.uuid4().hex[:8]
    return TenantRef(id=f"t-parser-{suffix}", slug=f"parser-{suffix}")
