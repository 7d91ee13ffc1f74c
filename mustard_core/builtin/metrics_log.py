"""Log metrics: the embedded default's metrics sink, and a handy second sink in production."""

from __future__ import annotations

import logging

from mustard_core import hookimpl
from mustard_core.roles import Health

log = logging.getLogger("mustard.metrics")


class LogMetrics:
    """Writes each measurement at DEBUG, so it costs nothing unless someone asks to see it."""

    def increment(self, name: str, value: int = 1) -> None:
        log.debug("count %s %d", name, value)

    def timing(self, name: str, milliseconds: float) -> None:
        log.debug("timing %s %.1fms", name, milliseconds)

    def gauge(self, name: str, value: float) -> None:
        log.debug("gauge %s %s", name, value)

    def health(self) -> Health:
        return Health(True)


@hookimpl
def mustard_metrics_providers():
    return {"log": lambda ctx: LogMetrics()}
