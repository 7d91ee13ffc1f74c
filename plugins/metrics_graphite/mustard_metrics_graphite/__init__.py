"""Mustard plugin: metrics to Graphite through statsd.

Registered through the `mustard.plugins` entry point
(`metrics_graphite = mustard_metrics_graphite`); select it with `mustard.metrics = graphite`
(alone or with others: `graphite log`). The plugin
emits nothing itself: the core calls the Metrics role with the names documented in names.py
and the README.
"""

from __future__ import annotations

from mustard_core import hookimpl
from mustard_core.roles import ProviderContext
from mustard_metrics_graphite.config import SETTINGS, GraphiteConfig
from mustard_metrics_graphite.metrics import GraphiteMetrics

PROVIDER_NAME = "graphite"


def build_metrics(ctx: ProviderContext) -> GraphiteMetrics:
    """The provider factory, called once per process (at start-up, never in a request)."""
    config = GraphiteConfig.from_settings(ctx.settings)
    return GraphiteMetrics(config.host, config.port, config.prefix, config.sample_rate)


@hookimpl
def mustard_metrics_providers():
    return {PROVIDER_NAME: build_metrics}


@hookimpl
def mustard_settings():
    return list(SETTINGS)
