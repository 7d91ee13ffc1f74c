"""The plugin as the core sees it: an entry point, hooks, declared settings, a factory."""

from __future__ import annotations

from importlib import metadata

import pluggy
import pytest

import mustard_algolia
from mustard_algolia import AlgoliaSearch
from mustard_algolia.options import AlgoliaOptions
from mustard_core import hookspecs
from mustard_core.plugins import build_provider, declared_settings, health_checks
from mustard_core.roles import ProviderContext, SearchEngine
from mustard_core.settings import CORE_SETTINGS, SettingsError, masked, resolve_settings


@pytest.fixture
def pm() -> pluggy.PluginManager:
    """A manager holding the plugin exactly as the core loads it: from its entry point."""
    (entry_point,) = [ep for ep in metadata.entry_points(group="mustard.plugins")
                      if ep.name == "algolia"]
    assert entry_point.dist.metadata["Name"] == "mustard-algolia"
    manager = pluggy.PluginManager("mustard")
    manager.add_hookspecs(hookspecs)
    manager.register(entry_point.load(), name=entry_point.name)
    manager.check_pending()
    return manager


def test_the_entry_point_is_the_plugin_module(pm):
    assert pm.get_plugin("algolia") is mustard_algolia


def test_build_provider_makes_a_search_engine(pm, settings_for):
    engine = build_provider(pm, "search", "algolia", ProviderContext(settings=settings_for()))
    assert isinstance(engine, AlgoliaSearch) and isinstance(engine, SearchEngine)
    assert engine.health().ok


def test_declared_settings_are_prefixed_and_secrets_masked(pm):
    declared = declared_settings(pm)
    assert declared and all(s.key.startswith("mustard_algolia.") for s in declared)
    secrets = {s.key for s in declared if s.secret}
    assert secrets == {"mustard_algolia.api_key", "mustard_algolia.search_api_key"}
    shown = masked({"mustard_algolia.api_key": "admin-secret", "mustard_algolia.app_id": "APP"},
                   declared)
    assert shown == {"mustard_algolia.api_key": "********", "mustard_algolia.app_id": "APP"}


def test_settings_come_from_the_environment_like_the_cores(pm):
    settings = resolve_settings(
        {"sqlalchemy.url": "sqlite://", "mustard.secret_key": "k" * 40},
        CORE_SETTINGS + tuple(declared_settings(pm)),
        environ={"ALGOLIA_APP_ID": "ENVAPP", "ALGOLIA_API_KEY": "envkey",
                 "ALGOLIA_BATCH_SIZE": "250", "MUSTARD_ENV": "staging"})
    options = AlgoliaOptions.from_settings(settings)
    assert (options.app_id, options.api_key, options.batch_size) == ("ENVAPP", "envkey", 250)
    assert options.index_prefix == "staging"  # the default prefix is the environment name
    assert options.max_record_bytes == 10000 and options.hosts == ()


def test_app_id_is_required_only_when_algolia_is_built(pm, settings_for):
    settings = settings_for(app_id="")  # start-up validation accepts it (not selected)
    with pytest.raises(SettingsError, match=r"^missing setting mustard_algolia\.app_id"):
        build_provider(pm, "search", "algolia", ProviderContext(settings=settings))
    with pytest.raises(SettingsError, match=r"mustard_algolia\.api_key"):
        build_provider(pm, "search", "algolia",
                       ProviderContext(settings=settings_for(api_key="")))


@pytest.mark.parametrize("key, value, message", [
    ("batch_size", "5000", "batch_size"),
    ("batch_size", "many", "batch_size"),
    ("hosts", "ftp://x", "hosts"),
    ("read_timeout_ms", "0", "read_timeout_ms"),
])
def test_malformed_settings_name_themselves(settings_for, key, value, message):
    raw = settings_for()
    raw[f"mustard_algolia.{key}"] = value
    with pytest.raises(SettingsError, match=message):
        AlgoliaOptions.from_settings(raw)


def test_health_check_only_when_selected(pm, settings_for):
    assert health_checks(pm, settings_for(**{"mustard.search": "sql"})) == []
    (check,) = health_checks(pm, settings_for())
    assert check.name == "algolia" and check.check().ok


def test_health_check_reports_a_misconfiguration(pm, settings_for):
    (check,) = health_checks(pm, settings_for(app_id=""))
    health = check.check()
    assert not health.ok and "mustard_algolia.app_id" in health.detail
