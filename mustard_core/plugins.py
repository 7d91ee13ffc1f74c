"""Building the plugin manager and choosing a provider for each role.

Built-in providers are plugins too, registered exactly like an installed one, so that nothing
in the core knows a provider by anything but its name.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib import metadata
from typing import Any

import pluggy

from mustard_core import hookspecs  # hookimpl re-exported for plugins
from mustard_core.roles import ROLE_PROTOCOLS, Health, ProviderContext, TenantRef
from mustard_core.settings import SettingsError

log = logging.getLogger(__name__)


ENTRY_POINT_GROUP = "mustard.plugins"

# The built-in defaults, registered like entry points so they are listed and replaceable.
BUILTIN_PLUGINS = (
    "mustard_core.builtin.storage_local",
    "mustard_core.builtin.search_sql",
    "mustard_core.builtin.parser",
    "mustard_core.builtin.metrics_log",
)


@dataclass(frozen=True)
class AdminPanel:
    """A page a plugin adds to the console: a title in the navigation and its route."""

    title: str
    route_name: str
    permission: str = "admin:plugins:read"


@dataclass(frozen=True)
class HealthCheck:
    """A named check; `check()` returns Health and must answer within a couple of seconds."""

    name: str
    check: Callable[[], Health]


@dataclass(frozen=True)
class CandidateEvent:
    tenant: TenantRef
    candidate_id: str
    source: str = "api"
    changed: tuple[str, ...] = ()


@dataclass(frozen=True)
class DocumentEvent:
    tenant: TenantRef
    document_id: str
    kind: str = "cv"
    candidate_id: str | None = None
    parser: str | None = None


@dataclass(frozen=True)
class ResumeEvent:
    tenant: TenantRef
    resume_id: str
    candidate_id: str


@dataclass
class PluginInfo:
    name: str
    version: str
    module: str
    hooks: list[str] = field(default_factory=list)
    roles: dict[str, list[str]] = field(default_factory=dict)
    builtin: bool = False


def build_plugin_manager(settings: Mapping[str, Any]) -> pluggy.PluginManager:
    """A fresh manager for one app: built-ins, installed entry points, then dotted names."""
    pm = pluggy.PluginManager("mustard")
    pm.add_hookspecs(hookspecs)
    for dotted in BUILTIN_PLUGINS:
        pm.register(importlib.import_module(dotted), name=dotted.rsplit(".", 1)[-1])
    blocked = set(settings.get("mustard.plugins.blocked") or ())
    for ep in metadata.entry_points(group=ENTRY_POINT_GROUP):
        if ep.name in blocked or pm.has_plugin(ep.name):
            continue
        try:
            module = ep.load()
        except Exception as exc:
            raise SettingsError(f"plugin {ep.name} failed to load: {exc}") from exc
        pm.register(module, name=ep.name)
    for dotted in settings.get("mustard.plugins") or ():
        if pm.has_plugin(dotted):
            continue
        try:
            module = importlib.import_module(dotted)
        except ImportError as exc:
            raise SettingsError(
                f"malformed setting mustard.plugins: cannot import {dotted}") from exc
        pm.register(module, name=dotted)
    pm.check_pending()
    return pm


def provider_factories(pm: pluggy.PluginManager, role: str) -> dict[str, Callable]:
    """Every provider offered for a role, by name; two plugins offering one name is an error."""
    hook = getattr(pm.hook, f"mustard_{role}_providers")
    factories: dict[str, Callable] = {}
    for offered in hook():
        for name, factory in (offered or {}).items():
            if name in factories:
                raise SettingsError(f"two plugins provide {role} provider {name!r}")
            factories[name] = factory
    return factories


def build_provider(pm: pluggy.PluginManager, role: str, name: str, ctx: ProviderContext) -> Any:
    """Build the named provider and check it has the role's interface."""
    factories = provider_factories(pm, role)
    if name not in factories:
        choices = ", ".join(sorted(factories)) or "none"
        raise SettingsError(
            f"malformed setting mustard.{role}: no {role} provider {name!r} (installed: {choices})"
        )
    provider = factories[name](ctx)
    protocol = ROLE_PROTOCOLS[role]
    if not isinstance(provider, protocol):
        raise SettingsError(f"{role} provider {name!r} does not implement {protocol.__name__}")
    return provider


def plugin_infos(pm: pluggy.PluginManager) -> list[PluginInfo]:
    """What `mustard plugins` and the console list: name, version, hooks, roles."""
    dists = {}
    for ep in metadata.entry_points(group=ENTRY_POINT_GROUP):
        if ep.dist is not None:
            dists[ep.name] = (ep.dist.metadata["Name"], ep.dist.version)
    core_version = _version("mustard")
    infos = []
    for name, plugin in sorted(pm.list_name_plugin(), key=lambda item: item[0]):
        hooks = sorted(impl.name for impl in _impls(pm, plugin))
        roles: dict[str, list[str]] = {}
        for role in ROLE_PROTOCOLS:
            fn = getattr(plugin, f"mustard_{role}_providers", None)
            if fn is not None:
                roles[role] = sorted(fn() or {})
        builtin = plugin.__name__.startswith("mustard_core.")
        version = core_version if builtin else dists.get(name, (name, "unknown"))[1]
        infos.append(PluginInfo(name=name, version=version, module=plugin.__name__,
                                hooks=hooks, roles=roles, builtin=builtin))
    return infos


def _impls(pm: pluggy.PluginManager, plugin: Any):
    yield from pm.get_hookcallers(plugin) or []


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "unknown"


def declared_settings(pm: pluggy.PluginManager) -> list:
    """Settings plugins declare through `mustard_settings`, flattened."""
    return [setting for group in pm.hook.mustard_settings() for setting in (group or [])]


def health_checks(pm: pluggy.PluginManager, settings: Mapping[str, Any]) -> list[HealthCheck]:
    return [check for group in pm.hook.mustard_health_checks(settings=settings)
            for check in (group or [])]
