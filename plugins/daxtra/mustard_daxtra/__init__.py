"""mustard-daxtra: CV parsing with Daxtra CVX, as a Mustard plugin built on the public hooks only.

Select it with `mustard.parser = daxtra`; settings are `mustard_daxtra.*` (see README.md and
`mustard_daxtra.config.SETTINGS`). This module holds only the hook implementations; the protocol
lives in `client`, the answer mapping in `mapping`, the provider in `provider`.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from mustard_core import hookimpl
from mustard_core.plugins import CandidateEvent, HealthCheck
from mustard_core.roles import Health
from mustard_core.settings import Setting, SettingsError
from mustard_daxtra.client import DaxtraClient
from mustard_daxtra.config import SETTINGS, DaxtraConfig
from mustard_daxtra.provider import DaxtraParser, build_parser

__all__ = ["DaxtraClient", "DaxtraConfig", "DaxtraParser", "build_parser"]

log = logging.getLogger(__name__)


@hookimpl
def mustard_parser_providers() -> dict[str, Any]:
    return {"daxtra": build_parser}


@hookimpl
def mustard_settings() -> list[Setting]:
    return list(SETTINGS)


@hookimpl
def mustard_health_checks(settings: Mapping[str, Any]) -> list[HealthCheck]:
    """A reachability check, offered only when Daxtra is the selected parser."""
    if settings.get("mustard.parser") != "daxtra":
        return []
    return [HealthCheck(name="daxtra", check=lambda: _health(settings))]


def _health(settings: Mapping[str, Any]) -> Health:
    try:
        config = DaxtraConfig.from_settings(settings)
    except SettingsError as exc:
        return Health(False, str(exc))
    return DaxtraClient(config).health()


@hookimpl
def mustard_candidate_deleted(event: CandidateEvent) -> None:
    """Erasure: nothing to remove, and saying so is the point (ids only in the log, no PII).

    The plugin keeps no copy of a file or a profile, and Daxtra's one-step parse call is
    stateless. The two-step flow leaves the full profile behind its token only until the second
    call, which the plugin makes at once (see README.md, "Candidate deletion").
    """
    log.info("daxtra: candidate erased in tenant %s; the Daxtra plugin holds no copy and "
             "deletes nothing remotely", event.tenant.id)
