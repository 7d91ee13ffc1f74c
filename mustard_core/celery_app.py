"""The Celery app, configured from the platform's settings.

Jobs are acknowledged late and rejected back to the queue if the worker dies, the Redis
visibility timeout outlasts the longest task, and every task body is `execute_job`, which is
idempotent and caps redeliveries: together, a job survives worker crashes and runs to an end.
"""

from __future__ import annotations

import logging
from typing import Any

from celery import Celery
from celery.signals import worker_process_init

from mustard_core.periodic import PERIODIC_TASKS, PeriodicTask

log = logging.getLogger(__name__)


def make_celery(platform: Any) -> Celery:
    settings = platform.settings
    broker = settings.get("redis.url")
    if not broker:
        from mustard_core.settings import SettingsError

        raise SettingsError("missing setting redis.url (environment variable REDIS_URL): "
                            "the celery job runner needs a broker")
    app = Celery("mustard", broker=broker, set_as_current=False)
    queue = settings["celery.queue"]
    app.conf.update(
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        task_default_queue=queue,
        worker_prefetch_multiplier=1,
        task_ignore_result=True,
        broker_connection_retry_on_startup=True,
        broker_transport_options={
            "visibility_timeout": settings["mustard.jobs.visibility_timeout"],
            "global_keyprefix": f"{queue}:",
        },
        task_publish_retry=True,
        task_publish_retry_policy={"max_retries": 2, "interval_start": 0,
                                   "interval_step": 0.2, "interval_max": 0.5},
        broker_connection_timeout=2,
        worker_hijack_root_logger=False,
        beat_schedule={task.name: {"task": task.name, "schedule": task.every_seconds,
                                   "options": {"queue": queue}}
                       for task in PERIODIC_TASKS},
    )

    # shared=False: the task belongs to this app and its platform, not to every app made later
    @app.task(name="mustard.run_job", acks_late=True, reject_on_worker_lost=True, shared=False)
    def run_job(job_id: str) -> str:
        from mustard_core.jobs import execute_job

        return execute_job(platform, job_id)

    for periodic in PERIODIC_TASKS:
        _register_periodic(app, platform, periodic)

    def fresh_connections_after_fork(**_: Any) -> None:
        # A forked pool process must not share the parent's database sockets.
        platform.engine.dispose(close=False)

    worker_process_init.connect(fresh_connections_after_fork, weak=False)
    platform.pm.hook.mustard_celery_tasks(celery_app=app)
    app.mustard_platform = platform
    return app


def _register_periodic(app: Celery, platform: Any, periodic: PeriodicTask) -> None:
    def run() -> Any:
        return periodic.run(platform)

    run.__name__ = run.__qualname__ = periodic.name.replace(".", "_")
    app.task(name=periodic.name, shared=False)(run)
