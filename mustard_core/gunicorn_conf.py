"""gunicorn settings for containers behind a load balancer.

Timeouts sit under the load balancer's idle timeout; a graceful shutdown lets in-flight
requests finish when the orchestrator stops a task (ECS sends SIGTERM, waits its stop timeout,
then SIGKILL: keep `graceful_timeout` below it); the access log goes to stdout as JSON lines
(without query strings, which may hold search terms), and so do gunicorn's own messages.
"""

import os

from gunicorn.glogging import Logger

from mustard_core.observability import JsonFormatter

workers = int(os.environ.get("MUSTARD_WEB_WORKERS", "2"))
threads = int(os.environ.get("MUSTARD_WEB_THREADS", "4"))
worker_class = "gthread"
timeout = int(os.environ.get("MUSTARD_WEB_TIMEOUT", "60"))
graceful_timeout = int(os.environ.get("MUSTARD_WEB_GRACEFUL_TIMEOUT", "25"))
keepalive = 75  # longer than a typical load balancer's idle timeout
max_requests = 5000
max_requests_jitter = 500
accesslog = "-"
errorlog = "-"
access_log_format = (
    '{"remote":"%(h)s","method":"%(m)s","path":"%(U)s","status":%(s)s,"ms":%(M)s,"request_id":"%({x-request-id}o)s"}'
)
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# Workers' heartbeat files on tmpfs: a container's overlay /tmp can stall them into timeouts.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108
# No runtime control socket: nothing in a container uses it, and processes sharing a home
# directory (tests, several servers on one host) would fight over its path.
control_socket_disable = True


class JsonLogger(Logger):
    """gunicorn's own messages (start, worker boot, shutdown) as JSON lines like the app's."""

    def setup(self, cfg) -> None:
        super().setup(cfg)
        for handler in self.error_log.handlers:
            handler.setFormatter(JsonFormatter())


logger_class = JsonLogger
