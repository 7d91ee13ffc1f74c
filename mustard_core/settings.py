"""Settings: the ini file, then environment overrides, then validation.

Containers get their configuration from environment variables, developers from an ini file, tests
from a dict. Every setting the platform reads is declared once, here or by a plugin through the
`mustard_settings` hook, so start-up can reject a missing or malformed value with one line that
names it, and the console can show the effective configuration with secrets masked.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any


class SettingsError(Exception):
    """A setting is missing or malformed; the message is one line naming it."""


def as_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in {"1", "true", "yes", "on"}:
        return True
    if text in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError(f"expected true or false, got {value!r}")


def as_int(value: Any) -> int:
    return int(str(value).strip())


def as_list(value: Any) -> list[str]:
    """Whitespace- or comma-separated words, as ini files write lists."""
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return [word for word in str(value).replace(",", " ").split() if word]


@dataclass(frozen=True)
class Setting:
    """One declared setting: where it comes from, how it is read, whether it is secret."""

    key: str
    env: str | None = None
    default: Any = None
    required: bool = False
    secret: bool = False
    parse: Callable[[Any], Any] = str
    help: str = ""


CORE_SETTINGS: tuple[Setting, ...] = (
    Setting("sqlalchemy.url", "DATABASE_URL", required=True, secret=True,
            help="Database URL: sqlite:///var/mustard.sqlite or postgresql+psycopg2://..."),
    Setting("redis.url", "REDIS_URL", default="", secret=True,
            help="Redis URL for the API cache, rate limits and (when celery) the broker."),
    Setting("mustard.cache.ttl_seconds", "MUSTARD_CACHE_TTL", default=300, parse=as_int,
            help="Seconds a cached API response lives; bounds staleness after a lost "
                 "invalidation."),
    Setting("mustard.secret_key", "MUSTARD_SECRET_KEY", required=True, secret=True,
            help="Signs sessions and share links; at least 32 characters."),
    Setting("mustard.credentials_keys", "MUSTARD_CREDENTIALS_KEYS", default="", secret=True,
            help="Integration-credential keys: 'kid:base64key' words, the first encrypts."),
    Setting("mustard.env", "MUSTARD_ENV", default="development",
            help="Environment name used in index names and metric prefixes."),
    Setting("mustard.jobs.runner", "MUSTARD_JOBS_RUNNER", default="inprocess",
            help="'inprocess' (a background thread in the web process) or 'celery'."),
    Setting("mustard.jobs.max_attempts", "MUSTARD_JOBS_MAX_ATTEMPTS", default=5, parse=as_int,
            help="Deliveries of one job before it ends failed."),
    Setting("mustard.jobs.retry_base_seconds", "MUSTARD_JOBS_RETRY_BASE", default=2, parse=as_int,
            help="First retry delay; doubles on each attempt."),
    Setting("mustard.jobs.relay_after_seconds", "MUSTARD_JOBS_RELAY_AFTER", default=60,
            parse=as_int, help="A queued job untouched this long is published again."),
    Setting("mustard.jobs.visibility_timeout", "MUSTARD_JOBS_VISIBILITY_TIMEOUT", default=3600,
            parse=as_int, help="Redis visibility timeout; longer than the longest task."),
    Setting("celery.queue", "MUSTARD_CELERY_QUEUE", default="mustard",
            help="Queue name; tests use their own."),
    Setting("mustard.storage", "MUSTARD_STORAGE", default="local", help="Storage provider name."),
    Setting("mustard.storage.local.root", "MUSTARD_STORAGE_ROOT", default="var/files",
            help="Folder of the local storage provider."),
    Setting("mustard.search", "MUSTARD_SEARCH", default="sql", help="Search provider name."),
    Setting("mustard.parser", "MUSTARD_PARSER", default="builtin", help="Parser provider name."),
    Setting("mustard.metrics", "MUSTARD_METRICS", default="log", parse=as_list,
            help="Metrics provider names (several fan out)."),
    Setting("mustard.plugins", "MUSTARD_PLUGINS", default="", parse=as_list,
            help="Extra plugin modules by dotted name."),
    Setting("mustard.plugins.blocked", "MUSTARD_PLUGINS_BLOCKED", default="", parse=as_list,
            help="Installed plugins (entry point names) not to load."),
    Setting("mustard.cors.origins", "MUSTARD_CORS_ORIGINS", default="", parse=as_list,
            help="Origins allowed to call the API from a browser (never '*')."),
    Setting("mustard.uploads.max_bytes", "MUSTARD_UPLOAD_MAX_BYTES", default=10 * 1024 * 1024,
            parse=as_int, help="Largest accepted upload."),
    Setting("mustard.tokens.ttl_hours", "MUSTARD_TOKEN_TTL_HOURS", default=12, parse=as_int,
            help="Lifetime of a bearer token from /auth/token."),
    Setting("mustard.login.max_attempts", "MUSTARD_LOGIN_MAX_ATTEMPTS", default=10, parse=as_int,
            help="Failed logins per account (and per address, x5) per window."),
    Setting("mustard.login.window_seconds", "MUSTARD_LOGIN_WINDOW", default=900, parse=as_int,
            help="Rate-limit window for logins."),
    Setting("mustard.argon2.memory_kib", "MUSTARD_ARGON2_MEMORY_KIB", default=19456, parse=as_int,
            help="argon2id memory cost (OWASP minimum 19 MiB)."),
    Setting("mustard.argon2.time_cost", "MUSTARD_ARGON2_TIME_COST", default=2, parse=as_int,
            help="argon2id iterations."),
    Setting("mustard.demo", "MUSTARD_DEMO", default=False, parse=as_bool,
            help="Create a demo tenant and admin on first serve (embedded default only)."),
    Setting("mustard.auto_migrate", "MUSTARD_AUTO_MIGRATE", default=False, parse=as_bool,
            help="Migrate at start-up; only for the embedded default, never production."),
)


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value.strip() == "")


def resolve_settings(
    raw: Mapping[str, Any],
    declared: Iterable[Setting] = CORE_SETTINGS,
    environ: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Apply environment overrides and validate every declared setting.

    An environment variable wins over the ini file (containers configure through it); a value
    given explicitly to the app factory as a keyword wins over both, which is how tests set
    anything. Raises SettingsError naming the first bad setting.
    """
    environ = os.environ if environ is None else environ
    settings = dict(raw)
    explicit = set(settings.pop("_explicit", ()))
    for setting in declared:
        value = settings.get(setting.key)
        if setting.env and setting.key not in explicit and environ.get(setting.env):
            value = environ[setting.env]
        if _missing(value):
            if setting.required:
                source = f" (environment variable {setting.env})" if setting.env else ""
                raise SettingsError(f"missing setting {setting.key}{source}")
            value = setting.default
        try:
            settings[setting.key] = setting.parse(value) if value is not None else None
        except (TypeError, ValueError) as exc:
            raise SettingsError(f"malformed setting {setting.key}: {exc}") from exc
    key = settings.get("mustard.secret_key") or ""
    if len(key) < 32:
        raise SettingsError("malformed setting mustard.secret_key: needs at least 32 characters")
    return settings


def masked(settings: Mapping[str, Any], declared: Iterable[Setting]) -> dict[str, Any]:
    """The settings with every secret replaced, for the console and `mustard plugins`."""
    secrets = {s.key for s in declared if s.secret}
    return {
        key: ("********" if key in secrets and value else value)
        for key, value in sorted(settings.items())
        if not key.startswith("_")
    }


def read_settings(settings: Mapping[str, Any], declared: Iterable[Setting],
                  prefix: str = "") -> dict[str, Any]:
    """The values of `declared` from `settings`, parsed, keyed without `prefix`.

    For plugins: values usually arrive already parsed by start-up validation; parsing again is
    harmless and lets a test or a script pass a plain dict. Raises SettingsError naming a bad one.
    """
    values: dict[str, Any] = {}
    for setting in declared:
        raw = settings.get(setting.key)
        if _missing(raw):
            raw = setting.default
        try:
            values[setting.key.removeprefix(prefix)] = setting.parse(raw)
        except (TypeError, ValueError) as exc:
            raise SettingsError(f"malformed setting {setting.key}: {exc}") from exc
    return values
