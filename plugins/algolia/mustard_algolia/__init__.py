"""mustard-algolia: Algolia as Mustard's search engine, through the public plugin hooks only.

Select it with `mustard.search = algolia`; settings are `mustard_algolia.*` (see README.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mustard_algolia.engine import AlgoliaSearch
from mustard_algolia.keys import secured_search_key
from mustard_algolia.options import SETTINGS, AlgoliaOptions
from mustard_core import hookimpl
from mustard_core.plugins import HealthCheck
from mustard_core.roles import Health, ProviderContext

__all__ = ["AlgoliaSearch", "make_search", "secured_search_key"]


def make_search(ctx: ProviderContext) -> AlgoliaSearch:
    """The provider factory; raises SettingsError when app id or admin key is missing."""
    return AlgoliaSearch(AlgoliaOptions.from_settings(ctx.settings), metrics=ctx.metrics)


@hookimpl
def mustard_search_providers():
    return {"algolia": make_search}


@hookimpl
def mustard_settings():
    return list(SETTINGS)


@hookimpl
def mustard_health_checks(settings):
    if settings.get("mustard.search") != "algolia":
        return []
    return [HealthCheck(name="algolia", check=_HealthCheck(settings))]


@hookimpl
def mustard_pyramid_config(config):
    from mustard_algolia.views import add_routes  # Pyramid is only needed by the web app

    add_routes(config)


@hookimpl
def mustard_openapi(settings):
    from mustard_algolia.views import openapi_fragment

    return openapi_fragment(settings)


class _HealthCheck:
    """Builds its own client on first use, so listing the checks costs nothing."""

    def __init__(self, settings: Mapping[str, Any]):
        self.settings = settings
        self.engine: AlgoliaSearch | None = None

    def __call__(self) -> Health:
        if self.engine is None:
            try:
                self.engine = AlgoliaSearch(AlgoliaOptions.from_settings(self.settings))
            except Exception as exc:
                return Health(False, str(exc))
        return self.engine.health()
