"""The plugin's settings: declared for start-up validation, read into one typed value."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from mustard_core.settings import Setting, as_int, read_settings
from mustard_metrics_graphite.names import sanitise

PREFIX = "mustard_metrics_graphite."
DEFAULT_PREFIX = "mustard.{env}"


def parse_host(value: Any) -> str:
    host = str(value).strip()
    if not host or any(ch.isspace() for ch in host):
        raise ValueError(f"expected a host name or address, got {value!r}")
    return host


def parse_port(value: Any) -> int:
    port = as_int(value)
    if not 1 <= port <= 65535:
        raise ValueError(f"expected a port from 1 to 65535, got {port}")
    return port


def parse_sample_rate(value: Any) -> float:
    rate = float(str(value).strip())
    if not 0 < rate <= 1:
        raise ValueError(f"expected a rate above 0 and at most 1, got {rate}")
    return rate


SETTINGS: tuple[Setting, ...] = (
    Setting(PREFIX + "host", "STATSD_HOST", default="127.0.0.1", parse=parse_host,
            help="statsd host (UDP); resolved at start-up, never in a request."),
    Setting(PREFIX + "port", "STATSD_PORT", default=8125, parse=parse_port,
            help="statsd UDP port."),
    Setting(PREFIX + "prefix", "STATSD_PREFIX", default=DEFAULT_PREFIX, parse=str,
            help="Prepended to every metric name; {env} is replaced by mustard.env."),
    Setting(PREFIX + "sample_rate", "STATSD_SAMPLE_RATE", default=1.0, parse=parse_sample_rate,
            help="Fraction of counters and timings sent (statsd scales them back up)."),
)


@dataclass(frozen=True)
class GraphiteConfig:
    host: str = "127.0.0.1"
    port: int = 8125
    prefix: str = "mustard.development"
    sample_rate: float = 1.0

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> GraphiteConfig:
        """Read (and re-check) the settings; `{env}` in the prefix becomes `mustard.env`."""
        values = read_settings(settings, SETTINGS, PREFIX)
        env = str(settings.get("mustard.env") or "development")
        values["prefix"] = sanitise(values["prefix"].replace("{env}", env))
        return cls(**values)
