"""Names the Daxtra tests share (conftest.py is not importable by name: every plugin has one)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mustard_core.roles import ProviderContext

ACCOUNT = "MUSTARD"
"""The platform default account the fake knows."""

TENANT_ACCOUNT = "ACME-RECRUIT"
"""A tenant's own account the fake also knows."""


@dataclass
class PluginContext(ProviderContext):
    """ProviderContext plus the plugin manager a fallback parser is built with (see README)."""

    plugin_manager: Any = None
