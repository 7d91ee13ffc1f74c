"""Fixtures: a fake Algolia per test, and providers built the way the core builds them."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

# The fake beside this file is imported by name; make that work under any pytest import mode
# (this folder is deliberately not a package, so it cannot clash with another `tests`).
_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)

from fake_algolia import FakeAlgolia  # noqa: E402

from mustard_algolia import make_search  # noqa: E402
from mustard_algolia.options import SETTINGS  # noqa: E402
from mustard_core.roles import ProviderContext  # noqa: E402
from mustard_core.settings import CORE_SETTINGS, resolve_settings  # noqa: E402


@pytest.fixture
def fake():
    server = FakeAlgolia().start()
    yield server
    server.stop()
    assert server.errors == [], f"the fake itself failed: {server.errors!r}"


def algolia_settings(fake: FakeAlgolia, **overrides: Any) -> dict[str, Any]:
    """Settings validated by the core's resolver with the plugin's declarations, as at
    start-up (environment ignored); keyword names are plugin keys without the prefix."""
    raw = {
        "sqlalchemy.url": "sqlite://",
        "mustard.secret_key": "s" * 40,
        "mustard.env": "test",
        "mustard.search": "algolia",
        "mustard_algolia.app_id": fake.app_id,
        "mustard_algolia.api_key": fake.admin_key,
        "mustard_algolia.search_api_key": fake.search_key,
        "mustard_algolia.hosts": fake.url,
        "mustard_algolia.retry_backoff_ms": "1",
        "mustard_algolia.connect_timeout_ms": "1000",
    }
    for key, value in overrides.items():
        raw[key if "." in key else f"mustard_algolia.{key}"] = value
    return resolve_settings(raw, CORE_SETTINGS + SETTINGS, environ={})


@pytest.fixture
def settings_for(fake):
    """settings_for(**setting overrides) -> the app settings pointing at the fake."""
    return lambda **overrides: algolia_settings(fake, **overrides)


@pytest.fixture
def make_engine(settings_for):
    """make_engine(**setting overrides) -> an AlgoliaSearch pointed at the fake."""
    return lambda **overrides: make_search(ProviderContext(settings=settings_for(**overrides)))


@pytest.fixture
def engine(make_engine):
    return make_engine()
