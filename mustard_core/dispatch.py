"""Getting a committed job to something that runs it: Celery, or a thread in this process.

Publishing is best effort by design: a failure is logged and counted, and the relay publishes
the job again later (the job row is the source of truth, the broker message only a wake-up).
"""

from __future__ import annotations

import heapq
import logging
import threading
import time
from typing import Any

log = logging.getLogger(__name__)


class InProcessDispatcher:
    """The embedded default: one background thread runs jobs in order of due time."""

    def __init__(self, platform: Any):
        self.platform = platform
        self._queue: list[tuple[float, int, str]] = []
        self._counter = 0
        self._cond = threading.Condition()
        self._busy = 0
        self._stopped = False
        self._thread = threading.Thread(target=self._run, name="mustard-jobs", daemon=True)
        self._thread.start()

    def publish(self, job_id: str, *, delay: float = 0) -> None:
        with self._cond:
            self._counter += 1
            heapq.heappush(self._queue, (time.monotonic() + delay, self._counter, job_id))
            self._cond.notify_all()

    def _run(self) -> None:
        from mustard_core.jobs import execute_job

        while True:
            with self._cond:
                while not self._stopped and (
                        not self._queue or self._queue[0][0] > time.monotonic()):
                    timeout = self._queue[0][0] - time.monotonic() if self._queue else None
                    self._cond.wait(timeout)
                if self._stopped:
                    return
                _, _, job_id = heapq.heappop(self._queue)
                self._busy += 1
            try:
                execute_job(self.platform, job_id)
            except Exception:
                log.exception("in-process job %s crashed the runner", job_id)
            finally:
                with self._cond:
                    self._busy -= 1
                    self._cond.notify_all()

    def drain(self, timeout: float = 60, include_delayed: bool = False) -> bool:
        """Wait until every due job has run (tests and the CLI use this). Delayed retries are
        run early when include_delayed is set, so tests need not sleep through backoff."""
        deadline = time.monotonic() + timeout
        with self._cond:
            if include_delayed and self._queue:
                self._queue = [(0.0, c, j) for _, c, j in self._queue]
                heapq.heapify(self._queue)
                self._cond.notify_all()
            while True:
                due = [item for item in self._queue if item[0] <= time.monotonic()]
                if not due and self._busy == 0:
                    return True
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._cond.wait(min(remaining, 0.05))

    def pending(self) -> int:
        with self._cond:
            return len(self._queue) + self._busy

    def stop(self) -> None:
        with self._cond:
            self._stopped = True
            self._cond.notify_all()


class CeleryDispatcher:
    """Production: send `mustard.run_job` to the broker."""

    def __init__(self, platform: Any):
        from mustard_core.celery_app import make_celery

        self.platform = platform
        self.celery = make_celery(platform)

    def publish(self, job_id: str, *, delay: float = 0) -> None:
        try:
            self.celery.send_task("mustard.run_job", args=[job_id],
                                  countdown=delay or None,
                                  queue=self.platform.settings["celery.queue"])
        except Exception as exc:
            # the relay will publish it again; the job row is safe
            log.warning("publishing job %s failed (%s); the relay will retry", job_id,
                        type(exc).__name__)
            self.platform.metrics.increment("jobs.publish_failed")

    def stop(self) -> None:
        pass


def dispatcher_for(platform: Any):
    runner = platform.settings["mustard.jobs.runner"]
    if runner == "inprocess":
        return InProcessDispatcher(platform)
    if runner == "celery":
        return CeleryDispatcher(platform)
    from mustard_core.settings import SettingsError

    raise SettingsError(f"malformed setting mustard.jobs.runner: {runner!r} "
                        "(choose inprocess or celery)")
