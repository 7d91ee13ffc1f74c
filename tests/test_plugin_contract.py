"""The plugin contract: every hook documented and tested, shipped plugins on the public API."""

from __future__ import annotations

import ast
import inspect
import re
from importlib import metadata
from pathlib import Path

import pytest

from mustard_core import hookspecs
from mustard_core.plugins import build_plugin_manager, build_provider, plugin_infos
from mustard_core.roles import ProviderContext
from mustard_core.settings import SettingsError

ROOT = Path(__file__).resolve().parent.parent
HOOKS = sorted(name for name, fn in inspect.getmembers(hookspecs, inspect.isfunction)
               if name.startswith("mustard_"))
SHIPPED = {"storage_s3": "mustard_storage_s3", "algolia": "mustard_algolia",
           "daxtra": "mustard_daxtra", "metrics_graphite": "mustard_metrics_graphite"}
PUBLIC_MODULES = {"mustard_core", "mustard_core.roles", "mustard_core.settings",
                  "mustard_core.plugins", "mustard_core.profile", "mustard_core.jobs",
                  "mustard_core.security", "mustard_core.errors"}


def test_hooks_exist():
    assert "mustard_storage_providers" in HOOKS and len(HOOKS) >= 17


@pytest.mark.parametrize("hook", HOOKS)
def test_every_hook_is_documented(hook):
    docs = (ROOT / "docs" / "plugins.md").read_text()
    assert f"\n## {hook}\n" in docs, f"{hook} has no section in docs/plugins.md"
    assert getattr(hookspecs, hook).__doc__, f"{hook} has no docstring"


@pytest.mark.parametrize("hook", HOOKS)
def test_every_hook_is_exercised_by_a_test(hook):
    """A hook counts as tested when a test module other than this one names it."""
    sources = [p for p in [*ROOT.glob("tests/**/*.py"), *ROOT.glob("plugins/*/tests/*.py"),
                           *ROOT.glob("examples/*/tests/*.py")]
               if p.name != Path(__file__).name]
    assert any(hook in p.read_text() for p in sources), f"no test mentions {hook}"


def test_shipped_plugins_are_registered_by_entry_point():
    names = {ep.name: ep.value for ep in metadata.entry_points(group="mustard.plugins")}
    for name, module in SHIPPED.items():
        assert names.get(name) == module


@pytest.mark.parametrize("plugin", sorted(SHIPPED.values()))
def test_shipped_plugins_import_only_the_public_api(plugin):
    folder = ROOT / "plugins" / next(k for k, v in SHIPPED.items() if v == plugin) / plugin
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(
                    "mustard_core"):
                assert node.module in PUBLIC_MODULES, f"{path.name} imports {node.module}"
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.startswith("mustard_core"):
                        assert alias.name in PUBLIC_MODULES, f"{path.name} imports {alias.name}"


@pytest.mark.parametrize("plugin, suite", [("storage_s3", "StorageConformance"),
                                           ("algolia", "SearchConformance"),
                                           ("daxtra", "ParserConformance"),
                                           ("metrics_graphite", "MetricsConformance")])
def test_shipped_plugins_run_their_conformance_suite(plugin, suite):
    tests = "\n".join(p.read_text() for p in (ROOT / "plugins" / plugin / "tests").glob("*.py"))
    assert re.search(rf"class \w+\({suite}\)", tests)


def test_core_never_imports_a_plugin():
    for path in [*(ROOT / "mustard_core").rglob("*.py"), *(ROOT / "admin").rglob("*.py")]:
        text = path.read_text()
        for module in SHIPPED.values():
            assert module not in text, f"{path} mentions {module}"


def test_builtins_and_plugins_are_listed_with_roles():
    infos = {info.name: info for info in plugin_infos(build_plugin_manager({}))}
    assert infos["storage_local"].roles == {"storage": ["local"]}
    assert infos["storage_local"].builtin
    assert infos["algolia"].roles["search"] == ["algolia"]
    assert not infos["algolia"].builtin and infos["algolia"].version != "unknown"
    assert "mustard_storage_providers" in infos["storage_local"].hooks


def test_unknown_provider_names_the_setting_and_choices():
    pm = build_plugin_manager({})
    with pytest.raises(SettingsError) as info:
        build_provider(pm, "storage", "ftp", ProviderContext(settings={}))
    message = str(info.value)
    assert "mustard.storage" in message and "'ftp'" in message
    assert "local" in message and "s3" in message


def test_unknown_plugin_module_fails_start_up():
    with pytest.raises(SettingsError, match="mustard.plugins: cannot import no_such_plugin"):
        build_plugin_manager({"mustard.plugins": ["no_such_plugin"]})


def test_blocked_plugin_is_not_loaded():
    pm = build_plugin_manager({"mustard.plugins.blocked": ["algolia"]})
    assert not pm.has_plugin("algolia")
    assert pm.has_plugin("daxtra")


def test_provider_must_implement_its_role():
    class NotStorage:
        pass

    class Bad:
        from mustard_core import hookimpl

        @hookimpl
        def mustard_storage_providers(self):
            return {"bad": lambda ctx: NotStorage()}

    pm = build_plugin_manager({})
    pm.register(Bad())
    with pytest.raises(SettingsError, match="does not implement Storage"):
        build_provider(pm, "storage", "bad", ProviderContext(settings={}))


def test_two_plugins_offering_one_name_is_an_error():
    class Twin:
        from mustard_core import hookimpl

        @hookimpl
        def mustard_metrics_providers(self):
            return {"log": lambda ctx: None}

    pm = build_plugin_manager({})
    pm.register(Twin())
    with pytest.raises(SettingsError, match="two plugins provide metrics provider 'log'"):
        build_provider(pm, "metrics", "log", ProviderContext(settings={}))
