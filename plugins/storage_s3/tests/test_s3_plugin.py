"""The plugin as the core sees it: entry point, hooks, settings, health check."""

from __future__ import annotations

from importlib import metadata

import click
import pluggy
import pytest

from mustard_core import hookspecs
from mustard_core.plugins import build_provider, declared_settings, health_checks
from mustard_core.roles import ProviderContext, Storage
from mustard_core.settings import SettingsError, resolve_settings
from mustard_storage_s3.config import SETTINGS, S3Config

SECRET = "x" * 32


@pytest.fixture
def pm():
    """A manager holding only this plugin, registered the way the core registers plugins."""
    manager = pluggy.PluginManager("mustard")
    manager.add_hookspecs(hookspecs)
    entry_point = next(ep for ep in metadata.entry_points(group="mustard.plugins")
                       if ep.name == "storage_s3")
    manager.register(entry_point.load(), name=entry_point.name)
    manager.check_pending()
    return manager


def test_entry_point_names_the_package():
    (entry_point,) = [ep for ep in metadata.entry_points(group="mustard.plugins")
                      if ep.name == "storage_s3"]
    assert entry_point.value == "mustard_storage_s3"
    assert entry_point.dist.metadata["Name"] == "mustard-storage-s3"


def test_every_setting_is_prefixed_and_declared(pm):
    settings = declared_settings(pm)
    assert {s.key for s in settings} == {s.key for s in SETTINGS}
    assert all(s.key.startswith("mustard_storage_s3.") for s in settings)
    assert not any("secret" in s.key or "access_key" in s.key for s in settings)


def test_settings_come_from_the_environment():
    resolved = resolve_settings(
        {"mustard.secret_key": SECRET},
        declared=SETTINGS,
        environ={"MUSTARD_S3_BUCKET": "cvs", "AWS_REGION": "eu-west-2",
                 "MUSTARD_S3_PRESIGN_SECONDS": "60"},
    )
    config = S3Config.from_settings(resolved)
    assert (config.bucket, config.region, config.presign_seconds) == ("cvs", "eu-west-2", 60)
    assert (config.sse, config.prefix, config.multipart_threshold) == ("AES256", "", 8 * 2**20)


@pytest.mark.parametrize("key, value", [
    ("mustard_storage_s3.sse", "none"),
    ("mustard_storage_s3.presign_seconds", "0"),
    ("mustard_storage_s3.presign_seconds", "999999999"),
    ("mustard_storage_s3.multipart_threshold", "-1"),
    ("mustard_storage_s3.prefix", "../escape/"),
])
def test_malformed_settings_are_refused_at_start_up(key, value):
    with pytest.raises(SettingsError, match=key.replace(".", r"\.")):
        resolve_settings({"mustard.secret_key": SECRET, key: value}, declared=SETTINGS,
                         environ={})


def test_a_missing_bucket_is_refused_when_the_provider_is_built(pm):
    with pytest.raises(SettingsError, match=r"mustard_storage_s3\.bucket"):
        build_provider(pm, "storage", "s3", ProviderContext(settings={}))


def test_a_kms_key_needs_kms_encryption():
    with pytest.raises(SettingsError, match="kms_key_id"):
        S3Config.from_settings({"mustard_storage_s3.bucket": "b",
                                "mustard_storage_s3.kms_key_id": "alias/k"})


def test_build_provider_returns_a_storage(pm, moto_url, bucket):
    storage = build_provider(pm, "storage", "s3", ProviderContext(settings={
        "mustard_storage_s3.bucket": bucket,
        "mustard_storage_s3.endpoint_url": moto_url,
        "mustard_storage_s3.region": "eu-west-1",
    }))
    assert isinstance(storage, Storage)
    storage.put("t1/uploads/a", b"1", content_type="text/plain")
    assert storage.exists("t1/uploads/a")


def test_health_check_only_when_s3_is_the_storage(pm, moto_url, bucket):
    settings = {"mustard_storage_s3.bucket": bucket, "mustard_storage_s3.endpoint_url": moto_url,
                "mustard_storage_s3.region": "eu-west-1"}
    assert health_checks(pm, {**settings, "mustard.storage": "local"}) == []
    (check,) = health_checks(pm, {**settings, "mustard.storage": "s3"})
    assert check.name == "storage_s3"
    assert check.check().ok


def test_health_check_reports_a_missing_bucket_setting(pm):
    (check,) = health_checks(pm, {"mustard.storage": "s3"})
    health = check.check()
    assert not health.ok
    assert "mustard_storage_s3.bucket" in health.detail


def test_cli_hook_adds_deploy_frontend(pm):
    group = click.Group("mustard")
    pm.hook.mustard_cli(cli=group)
    assert "deploy-frontend" in group.commands
