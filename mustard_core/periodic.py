"""Periodic work, in one table for both ways the platform runs.

In production `mustard beat` schedules each entry as a Celery task on the platform's queue
(celery_app.py builds the beat schedule and the tasks from `PERIODIC_TASKS`). The embedded
default has no beat: `mustard serve` on SQLite with the in-process runner starts an
`EmbeddedScheduler` thread that runs the same entries, so a job left queued by a stopped
server is relayed and retention rules run there too.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mustard_core.platform import Platform

log = logging.getLogger(__name__)


def _relay(platform: Platform) -> Any:
    from mustard_core.jobs import relay_pending

    return relay_pending(platform)


def _lifecycle(platform: Platform) -> Any:
    from mustard_core.services.retention import run_periodic

    return run_periodic(platform)


def _housekeeping(platform: Platform) -> Any:
    from mustard_core.services.housekeeping import purge_lapsed_access

    return purge_lapsed_access(platform)


@dataclass(frozen=True)
class PeriodicTask:
    name: str
    """The Celery task name (and the beat schedule's key)."""
    every_seconds: float
    run: Callable[[Platform], Any]


PERIODIC_TASKS: tuple[PeriodicTask, ...] = (
    # Jobs whose message was lost, and running jobs of a dead worker (jobs.py).
    PeriodicTask("mustard.relay", 30.0, _relay),
    # Retention rules, stalled erasures, expired exports (services/retention.py).
    PeriodicTask("mustard.lifecycle", 3600.0, _lifecycle),
    # Long-expired or revoked tokens and share links (services/housekeeping.py).
    PeriodicTask("mustard.housekeeping", 3600.0, _housekeeping),
)


class EmbeddedScheduler:
    """A daemon thread running every periodic task at start and then on its interval: a start
    first catches up on what the stopped server left (queued jobs, due retention work)."""

    def __init__(self, platform: Platform, tasks: tuple[PeriodicTask, ...] = PERIODIC_TASKS,
                 clock: Callable[[], float] = time.monotonic):
        self.platform = platform
        self.tasks = tasks
        self.clock = clock
        self.runs: dict[str, int] = {task.name: 0 for task in tasks}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="mustard-periodic", daemon=True)

    def start(self) -> EmbeddedScheduler:
        self._thread.start()
        return self

    def stop(self, timeout: float = 10) -> None:
        self._stop.set()
        self._thread.join(timeout)

    def _loop(self) -> None:
        due = {task.name: self.clock() for task in self.tasks}
        while not self._stop.is_set():
            now = self.clock()
            for task in self.tasks:
                if due[task.name] <= now:
                    self.run_once(task)
                    due[task.name] = self.clock() + task.every_seconds
            wait = max(0.05, min(due.values()) - self.clock())
            self._stop.wait(min(wait, 1.0))

    def run_once(self, task: PeriodicTask) -> None:
        """One run; a failure is logged and the next run comes on time (as with beat)."""
        try:
            task.run(self.platform)
        except Exception:
            log.exception("periodic task %s failed", task.name)
        finally:
            self.runs[task.name] += 1
