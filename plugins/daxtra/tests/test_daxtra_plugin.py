"""The plugin as the platform sees it: hooks, settings, health, erasure and the fallback parser."""

from __future__ import annotations

import logging
from importlib import metadata

import daxtra_cvs
import pytest
from daxtra_support import PluginContext

import mustard_daxtra
from mustard_core import hookimpl
from mustard_core.plugins import CandidateEvent, declared_settings, health_checks
from mustard_core.profile import ParsedCandidate
from mustard_core.roles import Health, ParseError, ProviderContext, TenantRef
from mustard_core.settings import CORE_SETTINGS, SettingsError, resolve_settings

# --------------------------------------------------------------------------- registration


def test_installed_under_the_plugin_entry_point():
    entry_points = {ep.name: ep.value for ep in metadata.entry_points(group="mustard.plugins")}
    assert entry_points.get("daxtra") == "mustard_daxtra"


def test_offers_the_daxtra_parser(plugin_manager):
    offered = [names for names in plugin_manager.hook.mustard_parser_providers() if names]
    assert offered == [{"daxtra": mustard_daxtra.build_parser}]


def test_declares_prefixed_settings_with_the_account_secret(plugin_manager):
    settings = {setting.key: setting for setting in declared_settings(plugin_manager)}
    assert all(key.startswith("mustard_daxtra.") for key in settings)
    assert {"mustard_daxtra.base_url", "mustard_daxtra.account", "mustard_daxtra.timeout",
            "mustard_daxtra.two_step", "mustard_daxtra.max_bytes", "mustard_daxtra.fallback",
            "mustard_daxtra.retries"} <= set(settings)
    assert [key for key, setting in settings.items() if setting.secret] == [
        "mustard_daxtra.account"]
    assert not any(setting.required for setting in settings.values())


def _resolved(plugin_manager, environ, **raw):
    base = {"sqlalchemy.url": "sqlite://", "mustard.secret_key": "k" * 32, **raw}
    return resolve_settings(base, [*CORE_SETTINGS, *declared_settings(plugin_manager)],
                            environ=environ)


def test_environment_configures_the_parser(plugin_manager, fake, tenant):
    settings = _resolved(plugin_manager, {"DAXTRA_URL": fake.base_url,
                                          "DAXTRA_ACCOUNT": "MUSTARD", "DAXTRA_TIMEOUT": "7.5",
                                          "DAXTRA_TWO_STEP": "yes", "DAXTRA_RETRIES": "0"},
                         **{"mustard.parser": "daxtra"})
    assert settings["mustard_daxtra.timeout"] == 7.5
    assert settings["mustard_daxtra.max_bytes"] == 8 * 1024 * 1024
    parser = mustard_daxtra.build_parser(ProviderContext(settings=settings))
    parsed = parser.parse(daxtra_cvs.ADA_CV, media_type="text/plain", filename="a.txt",
                          tenant=tenant)
    assert parsed.name == "Ada Lovelace"
    assert [call.endpoint for call in fake.requests] == ["profile/personal/json", "data"]


def test_settings_are_checked_only_when_the_parser_is_built(plugin_manager):
    settings = _resolved(plugin_manager, {})  # start-up passes without any Daxtra setting
    with pytest.raises(SettingsError, match=r"missing setting mustard_daxtra\.base_url"):
        mustard_daxtra.build_parser(ProviderContext(settings=settings))


@pytest.mark.parametrize(("overrides", "message"), [
    ({"mustard_daxtra.base_url": "ftp://host/cvx/"}, "mustard_daxtra.base_url"),
    ({"mustard_daxtra.timeout": "soon"}, "mustard_daxtra.timeout"),
    ({"mustard_daxtra.timeout": 0}, "mustard_daxtra.timeout"),
    ({"mustard_daxtra.max_bytes": "8MB"}, "mustard_daxtra.max_bytes"),
    ({"mustard_daxtra.retries": -1}, "mustard_daxtra.retries"),
    ({"mustard_daxtra.two_step": "maybe"}, "mustard_daxtra.two_step"),
    ({"mustard_daxtra.fallback": "daxtra"}, "mustard_daxtra.fallback"),
])
def test_malformed_settings_are_named(daxtra_settings, overrides, message):
    with pytest.raises(SettingsError, match=message.replace(".", r"\.")):
        mustard_daxtra.build_parser(ProviderContext(settings={**daxtra_settings, **overrides}))


# --------------------------------------------------------------------------- health


def test_health_check_only_when_selected(plugin_manager, daxtra_settings, fake):
    checks = health_checks(plugin_manager, daxtra_settings)
    assert [check.name for check in checks] == ["daxtra"]
    assert checks[0].check().ok
    assert health_checks(plugin_manager, {**daxtra_settings, "mustard.parser": "builtin"}) == []


def test_health_check_reports_an_unreachable_or_unconfigured_daxtra(plugin_manager,
                                                                    daxtra_settings, fake):
    url = fake.base_url
    fake.stop()
    down = health_checks(plugin_manager, {**daxtra_settings, "mustard_daxtra.base_url": url})
    assert down[0].check() == Health(False, "Daxtra unreachable: ConnectionError")
    unset = health_checks(plugin_manager, {**daxtra_settings, "mustard_daxtra.base_url": ""})
    assert not unset[0].check().ok
    assert "mustard_daxtra.base_url" in unset[0].check().detail


# --------------------------------------------------------------------------- erasure


def test_candidate_deletion_only_says_nothing_is_held(plugin_manager, fake, tenant, caplog):
    event = CandidateEvent(tenant=tenant, candidate_id="c-123")
    with caplog.at_level(logging.INFO, logger="mustard_daxtra"):
        plugin_manager.hook.mustard_candidate_deleted(event=event)
    messages = [record.getMessage() for record in caplog.records]
    assert len(messages) == 1
    assert tenant.id in messages[0] and "holds no copy" in messages[0]
    assert fake.requests == []  # nothing is deleted remotely: Daxtra holds nothing


# --------------------------------------------------------------------------- fallback


class RecordingParser:
    """A second parser plugin standing in for whatever `mustard_daxtra.fallback` names."""

    def __init__(self):
        self.calls: list[tuple[bytes, str, str, TenantRef]] = []

    @hookimpl
    def mustard_parser_providers(self):
        return {"recording": lambda ctx: self}

    def parse(self, data, *, media_type, filename, tenant):
        self.calls.append((data, media_type, filename, tenant))
        return ParsedCandidate(name="From Fallback", email="fallback@example.com")

    def health(self):
        return Health(True)


@pytest.fixture
def fallback(plugin_manager) -> RecordingParser:
    recording = RecordingParser()
    plugin_manager.register(recording, name="recording")
    return recording


def test_fallback_parses_when_daxtra_is_unavailable(make_parser, fake, fallback, tenant):
    fake.fail_next("http_503")
    parsed = make_parser(fallback="recording").parse(
        daxtra_cvs.ADA_CV, media_type="text/plain", filename="a.txt", tenant=tenant)
    assert parsed.name == "From Fallback"
    assert fallback.calls == [(daxtra_cvs.ADA_CV, "text/plain", "a.txt", tenant)]
    assert [call.outcome for call in fake.requests] == ["failure:http_503"]


def test_fallback_is_not_used_for_a_permanent_failure(make_parser, fake, fallback, tenant):
    with pytest.raises(ParseError) as info:
        make_parser(fallback="recording").parse(
            daxtra_cvs.NO_CONTACT_CV, media_type="text/plain", filename="a.txt", tenant=tenant)
    assert not info.value.transient
    assert fallback.calls == []


def test_fallback_takes_files_over_daxtras_limit(make_parser, fake, fallback, tenant):
    big = b"a" * 2048
    parsed = make_parser(fallback="recording", max_bytes=1024).parse(
        big, media_type="text/plain", filename="a.txt", tenant=tenant)
    assert parsed.name == "From Fallback"
    assert fake.requests == []


def test_without_fallback_daxtras_answer_is_used(make_parser, fake, fallback, tenant):
    parsed = make_parser(fallback="recording").parse(
        daxtra_cvs.ADA_CV, media_type="text/plain", filename="a.txt", tenant=tenant)
    assert parsed.name == "Ada Lovelace"
    assert fallback.calls == []


def test_fallback_needs_a_known_parser_and_a_plugin_manager(daxtra_settings, plugin_manager,
                                                            fallback):
    settings = {**daxtra_settings, "mustard_daxtra.fallback": "recording"}
    with pytest.raises(SettingsError, match="plugin manager"):
        mustard_daxtra.build_parser(ProviderContext(settings=settings))
    unknown = {**daxtra_settings, "mustard_daxtra.fallback": "nonesuch"}
    with pytest.raises(SettingsError, match=r"mustard_daxtra\.fallback.*installed: recording"):
        mustard_daxtra.build_parser(PluginContext(settings=unknown,
                                                  plugin_manager=plugin_manager))
