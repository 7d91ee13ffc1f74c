"""Fixtures: a fake Daxtra per test, and the plugin built the way the platform builds it."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pluggy
import pytest

# The helpers beside this file (fake_daxtra, daxtra_cvs) are imported by name; make that work
# under any pytest import mode (this folder is not a package, to avoid clashing `tests`).
_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)

import daxtra_cvs  # noqa: E402
from daxtra_support import ACCOUNT, TENANT_ACCOUNT, PluginContext  # noqa: E402
from fake_daxtra import FakeDaxtra  # noqa: E402

import mustard_daxtra  # noqa: E402
from mustard_core import hookspecs  # noqa: E402
from mustard_core.plugins import build_provider  # noqa: E402
from mustard_core.roles import TenantRef  # noqa: E402


@pytest.fixture
def fake() -> Iterator[FakeDaxtra]:
    with FakeDaxtra(accounts=(ACCOUNT, TENANT_ACCOUNT), resumes=daxtra_cvs.RESUMES) as server:
        yield server


@pytest.fixture
def tenant() -> TenantRef:
    return TenantRef(id="t-daxtra", slug="daxtra-test")


@pytest.fixture
def plugin_manager() -> pluggy.PluginManager:
    """A manager holding only this plugin (plus whatever a test registers), so the tests do not
    depend on the core's built-in providers."""
    pm = pluggy.PluginManager("mustard")
    pm.add_hookspecs(hookspecs)
    pm.register(mustard_daxtra, name="daxtra")
    return pm


@pytest.fixture
def daxtra_settings(fake: FakeDaxtra) -> dict[str, Any]:
    return {
        "mustard.parser": "daxtra",
        "mustard_daxtra.base_url": fake.base_url,
        "mustard_daxtra.account": ACCOUNT,
        "mustard_daxtra.timeout": 5,
        "mustard_daxtra.retries": 0,
        "mustard_daxtra.retry_backoff": 0,
    }


@pytest.fixture
def make_parser(plugin_manager, daxtra_settings) -> Callable[..., Any]:
    """Build the Daxtra parser through the core's build_provider, with setting overrides."""

    def make(credentials=None, **overrides: Any) -> Any:
        settings = dict(daxtra_settings)
        settings.update({f"mustard_daxtra.{key}": value for key, value in overrides.items()})
        ctx = PluginContext(settings=settings, credentials=credentials,
                            plugin_manager=plugin_manager)
        return build_provider(plugin_manager, "parser", "daxtra", ctx)

    return make
