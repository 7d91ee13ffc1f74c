"""The plugin's settings: declared once for the core to validate and mask, read once here.

The core validates declared settings at start-up, but app id and keys are only needed when
`mustard.search = algolia`, so they are declared optional and checked by `AlgoliaOptions`
when the provider (or the secured-key route) is built, with the same one-line message the core
uses for a missing setting.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from mustard_core.settings import Setting, SettingsError, as_int, as_list

PREFIX = "mustard_algolia."
MAX_BATCH = 1000  # Algolia's advised maximum of records per batch request


def _key(name: str) -> str:
    return PREFIX + name


SETTINGS: tuple[Setting, ...] = (
    Setting(_key("app_id"), "ALGOLIA_APP_ID", default="",
            help="Algolia application id (required when mustard.search = algolia)."),
    Setting(_key("api_key"), "ALGOLIA_API_KEY", default="", secret=True,
            help="Admin (write) API key used by the server and workers."),
    Setting(_key("search_api_key"), "ALGOLIA_SEARCH_API_KEY", default="", secret=True,
            help="Search-only key; parent of the per-tenant secured keys handed to browsers."),
    Setting(_key("index_prefix"), "ALGOLIA_INDEX_PREFIX", default="",
            help="First part of index names; empty means the value of mustard.env."),
    Setting(_key("hosts"), "ALGOLIA_HOSTS", default="", parse=as_list,
            help="Override the Algolia hosts (e.g. http://127.0.0.1:8080), for tests."),
    Setting(_key("connect_timeout_ms"), "ALGOLIA_CONNECT_TIMEOUT_MS", default=2000,
            parse=as_int, help="TCP connect timeout per attempt."),
    Setting(_key("read_timeout_ms"), "ALGOLIA_READ_TIMEOUT_MS", default=5000, parse=as_int,
            help="Timeout of search and other read calls."),
    Setting(_key("write_timeout_ms"), "ALGOLIA_WRITE_TIMEOUT_MS", default=30000, parse=as_int,
            help="Timeout of indexing and settings calls."),
    Setting(_key("health_timeout_ms"), "ALGOLIA_HEALTH_TIMEOUT_MS", default=2000, parse=as_int,
            help="Timeout of the health check call (no retries)."),
    Setting(_key("batch_size"), "ALGOLIA_BATCH_SIZE", default=MAX_BATCH, parse=as_int,
            help="Records per batch request (at most 1000)."),
    Setting(_key("max_record_bytes"), "ALGOLIA_MAX_RECORD_BYTES", default=10000, parse=as_int,
            help="Record size limit of the plan; larger records are trimmed (see README)."),
    Setting(_key("secured_key_ttl_seconds"), "ALGOLIA_SECURED_KEY_TTL", default=3600,
            parse=as_int, help="Lifetime of the per-tenant secured search keys."),
    Setting(_key("retries"), "ALGOLIA_RETRIES", default=4, parse=as_int,
            help="Retries of a call after 429 or 5xx/unreachable, before SearchUnavailable."),
    Setting(_key("retry_backoff_ms"), "ALGOLIA_RETRY_BACKOFF_MS", default=250, parse=as_int,
            help="First retry delay; doubles each retry (capped at 5 s)."),
    Setting(_key("task_timeout_seconds"), "ALGOLIA_TASK_TIMEOUT", default=120, parse=as_int,
            help="How long to wait for an indexing task to be published."),
)

_DECLARED = {setting.key: setting for setting in SETTINGS}


@dataclass(frozen=True)
class HostUrl:
    scheme: str
    host: str
    port: int | None


@dataclass(frozen=True)
class AlgoliaOptions:
    """The plugin settings, parsed and checked; built from the app's settings mapping."""

    app_id: str
    api_key: str
    search_api_key: str
    index_prefix: str
    hosts: tuple[HostUrl, ...]
    connect_timeout_ms: int
    read_timeout_ms: int
    write_timeout_ms: int
    health_timeout_ms: int
    batch_size: int
    max_record_bytes: int
    secured_key_ttl_seconds: int
    retries: int
    retry_backoff_ms: int
    task_timeout_seconds: int

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any], *, need_api_key: bool = True,
                      need_search_key: bool = False) -> AlgoliaOptions:
        """Read (and re-parse, so raw ini values work too) every plugin setting.

        Raises SettingsError naming the first missing or malformed one.
        """
        values = {name[len(PREFIX):]: _value(settings, setting)
                  for name, setting in _DECLARED.items()}
        if not values["app_id"]:
            raise SettingsError("missing setting mustard_algolia.app_id "
                                "(environment variable ALGOLIA_APP_ID)")
        if need_api_key and not values["api_key"]:
            raise SettingsError("missing setting mustard_algolia.api_key "
                                "(environment variable ALGOLIA_API_KEY)")
        if need_search_key and not values["search_api_key"]:
            raise SettingsError("missing setting mustard_algolia.search_api_key "
                                "(environment variable ALGOLIA_SEARCH_API_KEY)")
        if not 1 <= values["batch_size"] <= MAX_BATCH:
            raise SettingsError(f"malformed setting mustard_algolia.batch_size: "
                                f"must be between 1 and {MAX_BATCH}")
        if values["max_record_bytes"] < 1000:
            raise SettingsError("malformed setting mustard_algolia.max_record_bytes: "
                                "must be at least 1000")
        for name in ("connect_timeout_ms", "read_timeout_ms", "write_timeout_ms",
                     "health_timeout_ms", "secured_key_ttl_seconds", "task_timeout_seconds"):
            if values[name] <= 0:
                raise SettingsError(f"malformed setting mustard_algolia.{name}: must be > 0")
        if values["retries"] < 0 or values["retry_backoff_ms"] < 0:
            raise SettingsError("malformed setting mustard_algolia.retries: must be >= 0")
        values["hosts"] = tuple(_host(url) for url in values["hosts"])
        prefix = values["index_prefix"] or str(settings.get("mustard.env") or "development")
        values["index_prefix"] = prefix
        return cls(**values)


def _value(settings: Mapping[str, Any], setting: Setting) -> Any:
    value = settings.get(setting.key)
    if value is None or (isinstance(value, str) and not value.strip()):
        value = setting.default
    try:
        return setting.parse(value)
    except (TypeError, ValueError) as exc:
        raise SettingsError(f"malformed setting {setting.key}: {exc}") from exc


def _host(url: str) -> HostUrl:
    parts = urlsplit(url if "://" in url else f"https://{url}")
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise SettingsError(f"malformed setting mustard_algolia.hosts: {url!r} is not a URL")
    return HostUrl(scheme=parts.scheme, host=parts.hostname, port=parts.port)
