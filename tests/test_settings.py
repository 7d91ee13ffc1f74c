"""Settings: environment overrides, validation with one clear line, masking."""

import pytest

from mustard_core.platform import build_platform
from mustard_core.settings import CORE_SETTINGS, SettingsError, masked, resolve_settings

BASE = {"sqlalchemy.url": "sqlite://", "mustard.secret_key": "k" * 40}


def test_environment_overrides_the_ini():
    settings = resolve_settings(BASE, environ={"DATABASE_URL": "postgresql://db/x"})
    assert settings["sqlalchemy.url"] == "postgresql://db/x"


def test_explicit_keyword_wins_over_environment():
    settings = resolve_settings({**BASE, "_explicit": ["sqlalchemy.url"]},
                                environ={"DATABASE_URL": "postgresql://db/x"})
    assert settings["sqlalchemy.url"] == "sqlite://"


def test_missing_required_setting_names_it_and_its_variable():
    with pytest.raises(SettingsError) as info:
        resolve_settings({"mustard.secret_key": "k" * 40}, environ={})
    assert str(info.value) == "missing setting sqlalchemy.url (environment variable DATABASE_URL)"


@pytest.mark.parametrize("key, value, needle", [
    ("mustard.uploads.max_bytes", "ten", "mustard.uploads.max_bytes"),
    ("mustard.demo", "maybe", "mustard.demo"),
    ("mustard.secret_key", "short", "at least 32"),
])
def test_malformed_setting_is_one_line_naming_it(key, value, needle):
    with pytest.raises(SettingsError) as info:
        resolve_settings({**BASE, key: value}, environ={})
    assert needle in str(info.value) and "\n" not in str(info.value)


def test_types_are_parsed():
    settings = resolve_settings({**BASE, "mustard.metrics": "log graphite",
                                 "mustard.demo": "yes", "mustard.uploads.max_bytes": "100"},
                                environ={})
    assert settings["mustard.metrics"] == ["log", "graphite"]
    assert settings["mustard.demo"] is True
    assert settings["mustard.uploads.max_bytes"] == 100


def test_secrets_are_masked():
    settings = resolve_settings({**BASE, "redis.url": "redis://:pw@host/0"}, environ={})
    shown = masked(settings, CORE_SETTINGS)
    assert shown["mustard.secret_key"] == "********"
    assert shown["redis.url"] == "********"
    assert shown["mustard.storage"] == "local"


def test_unknown_runner_stops_the_platform(tmp_path):
    with pytest.raises(SettingsError, match="mustard.jobs.runner"):
        build_platform({**BASE, "sqlalchemy.url": f"sqlite:///{tmp_path}/x.db",
                        "mustard.storage.local.root": str(tmp_path),
                        "mustard.jobs.runner": "threads", "_explicit": ["mustard.jobs.runner"]})


def test_plugin_settings_are_validated_at_start_up(tmp_path):
    with pytest.raises(SettingsError, match="mustard_algolia"):
        build_platform({**BASE, "sqlalchemy.url": f"sqlite:///{tmp_path}/x.db",
                        "mustard.storage.local.root": str(tmp_path), "mustard.search": "algolia",
                        "_explicit": ["mustard.search"]})


def test_read_settings_parses_declared_values_for_plugins():
    from mustard_core.settings import Setting, as_int, read_settings

    declared = [Setting("p.port", default=8125, parse=as_int), Setting("p.host", default="h")]
    assert read_settings({"p.port": "9000"}, declared, "p.") == {"port": 9000, "host": "h"}
    with pytest.raises(SettingsError, match="malformed setting p.port"):
        read_settings({"p.port": "many"}, declared, "p.")
