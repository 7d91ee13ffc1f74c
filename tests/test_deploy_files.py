"""The deployment files, checked without Docker: the Dockerfile's instructions and stages, the
compose file's services and environment, and the README's Production table, against each
other and against the settings the platform really requires at start-up.

hadolint and `docker compose config` run too when they are installed (they are not on the CI
machine); the parsing checks always run, and check what those tools cannot: our own rules for
the image, and the settings the platform requires."""

from __future__ import annotations

import base64
import json
import re
import shutil
import subprocess
from configparser import ConfigParser
from pathlib import Path

import pytest
import yaml

from mustard_core.app import make_app
from mustard_core.platform import build_platform
from mustard_core.settings import SettingsError

ROOT = Path(__file__).resolve().parent.parent
DOCKERFILE = ROOT / "Dockerfile"
COMPOSE = ROOT / "docker-compose.yml"
README = ROOT / "README.md"
INSTRUCTIONS = {"FROM", "RUN", "CMD", "LABEL", "MAINTAINER", "EXPOSE", "ENV", "ADD", "COPY",
                "ENTRYPOINT", "VOLUME", "USER", "WORKDIR", "ARG", "ONBUILD", "STOPSIGNAL",
                "HEALTHCHECK", "SHELL"}
COMPILERS = ("build-essential", "gcc", "g++", "make ", "-dev ", "-dev\n")
APP_SERVICES = ("migrate", "api", "worker", "beat")


# --------------------------------------------------------------------------- Dockerfile


def dockerfile_instructions(text: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with continuation lines joined and comments dropped."""
    instructions, pending = [], ""
    for raw in text.splitlines():
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if pending and line.startswith("#"):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        line, pending = pending + line, ""
        keyword, _, arguments = line.partition(" ")
        instructions.append((keyword, arguments.strip()))
    assert not pending, "the Dockerfile ends inside a continued line"
    return instructions


def stages(instructions: list[tuple[str, str]]) -> list[list[tuple[str, str]]]:
    found: list[list[tuple[str, str]]] = []
    for keyword, arguments in instructions:
        if keyword == "FROM":
            found.append([])
        if found:
            found[-1].append((keyword, arguments))
    return found


@pytest.fixture(scope="module")
def dockerfile() -> list[tuple[str, str]]:
    return dockerfile_instructions(DOCKERFILE.read_text())


def test_every_instruction_is_a_dockerfile_instruction(dockerfile):
    hadolint = shutil.which("hadolint")
    if hadolint is not None:  # not installed here; the checks below run regardless
        linted = subprocess.run([hadolint, str(DOCKERFILE)], capture_output=True, text=True,
                                timeout=60)
        assert linted.returncode == 0, linted.stdout + linted.stderr
    assert dockerfile, "no instructions"
    unknown = [keyword for keyword, _ in dockerfile if keyword.upper() not in INSTRUCTIONS]
    assert unknown == []
    assert all(keyword == keyword.upper() for keyword, _ in dockerfile)
    first = next(keyword for keyword, _ in dockerfile if keyword != "ARG")
    assert first == "FROM"


def test_wheels_are_built_in_a_builder_stage_and_the_final_stage_has_no_compilers(dockerfile):
    builder, final = stages(dockerfile)[0], stages(dockerfile)[-1]
    assert len(stages(dockerfile)) >= 2
    assert builder[0][1].lower().endswith("as builder")
    assert any(k == "RUN" and "pip wheel" in a for k, a in builder)
    assert any(k == "RUN" and "build-essential" in a for k, a in builder)
    final_runs = " ".join(a + " " for k, a in final if k == "RUN")
    assert not any(word in final_runs for word in COMPILERS), final_runs
    copies = [a for k, a in final if k == "COPY" and a.startswith("--from=")]
    assert copies and all(a.startswith("--from=builder ") for a in copies)
    installs = [a for k, a in final if k == "RUN" and "pip install" in a]
    assert installs and all("--no-index" in a for a in installs)  # wheels only, no compiling


def test_the_final_stage_has_weasyprints_libraries(dockerfile):
    final_runs = " ".join(a for k, a in stages(dockerfile)[-1] if k == "RUN")
    for package in ("libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0"):
        assert package in final_runs, package


def test_it_runs_as_a_non_root_user_and_serves_by_default(dockerfile):
    final = stages(dockerfile)[-1]
    users = [a for k, a in final if k == "USER"]
    assert users and users[-1] not in {"root", "0", "0:0"}
    keywords = [k for k, _ in final]
    assert keywords.index("USER") < keywords.index("CMD")
    (cmd,) = [a for k, a in final if k == "CMD"]
    command = json.loads(cmd)  # exec form: signals reach the server, not a shell
    assert command[:2] == ["mustard", "serve"] and "0.0.0.0" in command
    env = " ".join(a for k, a in final if k == "ENV")
    assert "MUSTARD_CONFIG=/etc/mustard/production.ini" in env
    assert any(k == "COPY" and a.split()[0] == "production.ini" for k, a in final)


def test_the_build_context_leaves_out_what_the_image_does_not_need():
    ignored = {line.strip() for line in (ROOT / ".dockerignore").read_text().splitlines()
               if line.strip() and not line.startswith("#")}
    assert {".git", ".venv", "/tests", "/var"} <= ignored
    for needed in ("setup.py", "mustard_core", "admin", "plugins", "production.ini"):
        assert not any(pattern.strip("/") == needed for pattern in ignored), needed
    copied = [a.split()[0] for k, a in dockerfile_instructions(DOCKERFILE.read_text())
              if k == "COPY" and not a.startswith("--from")]
    assert all((ROOT / source).exists() for source in copied), copied


# --------------------------------------------------------------------------- compose


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text())


def docker_compose_available() -> bool:
    if shutil.which("docker") is None:
        return False
    probe = subprocess.run(["docker", "compose", "version"], capture_output=True, timeout=30)
    return probe.returncode == 0


def test_compose_has_the_production_services(compose):
    if docker_compose_available():  # not installed here; the checks below run regardless
        checked = subprocess.run(["docker", "compose", "-f", str(COMPOSE), "config", "--quiet"],
                                 capture_output=True, text=True, timeout=60, cwd=ROOT)
        assert checked.returncode == 0, checked.stderr
    services = compose["services"]
    assert {"postgres", "redis", "graphite", *APP_SERVICES} <= set(services)
    images = {services[name]["image"] for name in APP_SERVICES}
    assert len(images) == 1  # one image, the command differs
    commands = {name: services[name]["command"] for name in APP_SERVICES}
    assert commands["api"][:2] == ["mustard", "serve"]
    assert commands["worker"][:2] == ["mustard", "worker"]
    assert commands["beat"] == ["mustard", "beat"]
    assert commands["migrate"] == ["mustard", "migrate"]
    for name in ("api", "worker", "beat"):
        assert services[name]["depends_on"]["migrate"]["condition"] == (
            "service_completed_successfully")
    assert "statsd" in services["graphite"]["image"]
    environment = services["api"]["environment"]
    assert environment["STATSD_HOST"] == "graphite"
    assert environment["REDIS_URL"].startswith("redis://redis:")
    assert "@postgres:" in environment["DATABASE_URL"]


def compose_environment(compose: dict) -> dict[str, str | None]:
    """Every variable the app services set; None where it is passed through from the shell.
    `${NAME:-default}` is read as its default."""
    merged: dict[str, str | None] = {}
    for name in APP_SERVICES:
        for key, value in compose["services"][name]["environment"].items():
            if isinstance(value, str):
                value = re.sub(r"\$\{[A-Z0-9_]+:-([^}]*)\}", r"\1", value)
            merged[key] = value
    return merged


# --------------------------------------------------------------------------- the settings


def production_settings() -> dict[str, str]:
    parser = ConfigParser(defaults={"here": str(ROOT)})
    parser.read(ROOT / "production.ini")
    return {k: v for k, v in parser.items("app:main") if k not in {"here", "use"}}


EXAMPLE_VALUES = {
    "DAXTRA_URL": "https://cvx.example.com/cvx/rest/api/v1/",
    "MUSTARD_CREDENTIALS_KEYS": "k1:" + base64.b64encode(bytes(range(32))).decode(),
    "AWS_REGION": "eu-west-1",
}
OUTSIDE = ("MUSTARD_", "DATABASE_URL", "REDIS_URL", "ALGOLIA_", "DAXTRA_", "STATSD_", "AWS_")


def start_up(monkeypatch, environment: dict[str, str]) -> None:
    """What `mustard serve` does before it listens: validate settings, build the platform
    with production.ini's providers, build the app. Nothing connects to a service."""
    import os

    for key in list(os.environ):
        if key.startswith(OUTSIDE):
            monkeypatch.delenv(key)
    for key, value in environment.items():
        monkeypatch.setenv(key, value)
    platform = build_platform(production_settings())
    try:
        make_app(None, platform=platform)
    finally:
        platform.dispatcher.stop()
        platform.engine.dispose()


def task_definition(compose: dict) -> dict[str, str]:
    """The compose environment as the production task definition has it: production.ini's
    providers (no built-in stand-ins) and a value for every variable."""
    environment = {}
    for key, value in compose_environment(compose).items():
        if key in {"MUSTARD_STORAGE", "MUSTARD_SEARCH", "MUSTARD_PARSER"}:
            continue
        environment[key] = value or EXAMPLE_VALUES.get(key, f"example-{key.lower()}")
    return environment


def readme_production_table() -> list[tuple[list[str], bool]]:
    """(variables, required) rows of the README's Production table."""
    text = README.read_text()
    section = text.split("\n## Production\n", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) >= 4 and cells[1] in {"yes", "no"}:
            names = re.findall(r"`([A-Z][A-Z0-9_]+)`", cells[0])
            assert names, line
            rows.append((names, cells[1] == "yes"))
    assert rows, "no variable table in the README's Production section"
    return rows


def test_compose_sets_every_variable_production_requires(compose, monkeypatch):
    start_up(monkeypatch, task_definition(compose))  # raises SettingsError naming a gap


def test_the_readme_table_and_compose_name_the_same_variables(compose):
    documented = {name for names, _ in readme_production_table() for name in names}
    assert documented == set(compose_environment(compose))


def test_each_required_variable_stops_start_up_naming_it(compose, monkeypatch):
    environment = task_definition(compose)
    required = [name for names, needed in readme_production_table() if needed for name in names]
    assert {"DATABASE_URL", "REDIS_URL", "MUSTARD_SECRET_KEY"} <= set(required)
    for name in required:
        with monkeypatch.context() as patch, pytest.raises(SettingsError) as refused:
            start_up(patch, {k: v for k, v in environment.items() if k != name})
        assert f"(environment variable {name})" in str(refused.value)


def test_optional_variables_can_be_left_out(compose, monkeypatch):
    environment = task_definition(compose)
    optional = {name for names, needed in readme_production_table() if not needed
                for name in names}
    start_up(monkeypatch, {k: v for k, v in environment.items() if k not in optional})
