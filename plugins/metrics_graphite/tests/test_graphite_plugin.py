"""The plugin as the core sees it: entry point, hooks, settings and the built provider."""

from __future__ import annotations

from importlib import metadata

import pluggy
import pytest

from mustard_core import hookspecs
from mustard_core.plugins import build_provider, declared_settings
from mustard_core.roles import Metrics, ProviderContext
from mustard_core.settings import SettingsError, resolve_settings
from mustard_metrics_graphite.config import SETTINGS, GraphiteConfig

SECRET = "x" * 32


@pytest.fixture
def pm():
    """A manager holding only this plugin, registered the way the core registers plugins."""
    manager = pluggy.PluginManager("mustard")
    manager.add_hookspecs(hookspecs)
    (entry_point,) = [ep for ep in metadata.entry_points(group="mustard.plugins")
                      if ep.name == "metrics_graphite"]
    manager.register(entry_point.load(), name=entry_point.name)
    manager.check_pending()
    return manager


def test_entry_point_names_the_package():
    (entry_point,) = [ep for ep in metadata.entry_points(group="mustard.plugins")
                      if ep.name == "metrics_graphite"]
    assert entry_point.value == "mustard_metrics_graphite"
    assert entry_point.dist.metadata["Name"] == "mustard-metrics-graphite"


def test_settings_are_declared_and_prefixed(pm):
    keys = {setting.key for setting in declared_settings(pm)}
    assert keys == {f"mustard_metrics_graphite.{name}"
                    for name in ("host", "port", "prefix", "sample_rate")}


def test_defaults_and_prefix_from_the_environment_setting():
    resolved = resolve_settings({"mustard.secret_key": SECRET, "mustard.env": "staging"},
                                declared=SETTINGS, environ={})
    assert GraphiteConfig.from_settings(resolved) == GraphiteConfig(
        host="127.0.0.1", port=8125, prefix="mustard.staging", sample_rate=1.0)


def test_statsd_environment_variables():
    resolved = resolve_settings(
        {"mustard.secret_key": SECRET, "mustard.env": "production"}, declared=SETTINGS,
        environ={"STATSD_HOST": "statsd.internal", "STATSD_PORT": "9125",
                 "STATSD_PREFIX": "acme.{env}.api", "STATSD_SAMPLE_RATE": "0.25"})
    assert GraphiteConfig.from_settings(resolved) == GraphiteConfig(
        host="statsd.internal", port=9125, prefix="acme.production.api", sample_rate=0.25)


@pytest.mark.parametrize("key, value", [
    ("mustard_metrics_graphite.port", "0"),
    ("mustard_metrics_graphite.port", "http"),
    ("mustard_metrics_graphite.sample_rate", "0"),
    ("mustard_metrics_graphite.sample_rate", "1.5"),
    ("mustard_metrics_graphite.host", "two words"),
])
def test_malformed_settings_are_refused_at_start_up(key, value):
    with pytest.raises(SettingsError, match=key.replace(".", r"\.")):
        resolve_settings({"mustard.secret_key": SECRET, key: value}, declared=SETTINGS,
                         environ={})


def test_build_provider_sends_with_the_env_prefix(pm, udp):
    metrics = build_provider(pm, "metrics", "graphite", ProviderContext(settings={
        "mustard.env": "test",
        "mustard_metrics_graphite.host": "127.0.0.1",
        "mustard_metrics_graphite.port": udp.port,
    }))
    try:
        assert isinstance(metrics, Metrics)
        metrics.increment("requests.api x.2xx")
        assert udp.lines(1) == ["mustard.test.requests.api_x.2xx:1|c"]
    finally:
        metrics.close()
