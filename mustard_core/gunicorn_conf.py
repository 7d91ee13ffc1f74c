"""gunicorn settings for containers behind a load balancer.

Timeouts sit under the load balancer's idle timeout; a graceful shutdown lets in-flight
requests finish when the orchestrator stops a task; the access log goes to stdout as JSON
lines (without query strings, which may hold search terms).
"""

import os

workers = int(os.environ.get("MUSTARD_WEB_WORKERS", "2"))
threads = int(os.environ.get("MUSTARD_WEB_THREADS", "4"))
worker_class = "gthread"
timeout = 60
graceful_timeout = 30
keepalive = 75  # longer than a typical load balancer's idle timeout
max_requests = 5000
max_requests_jitter = 500
accesslog = "-"
access_log_format = (
    '{"remote":"%(h)s","method":"%(m)s","path":"%(U)s","status":%(s)s,"ms":%(M)s,"request_id":"%({x-request-id}o)s"}'
)
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
