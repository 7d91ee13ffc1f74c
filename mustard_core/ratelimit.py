"""Fixed-window rate limits (logins), in Redis when configured, else in this process.

Redis makes the limit hold across every API container; the in-process fallback serves the
embedded default. A Redis outage never locks people out: the limiter then counts in process.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time

import redis

log = logging.getLogger(__name__)


class RateLimiter:
    def __init__(self, redis_client: redis.Redis | None, prefix: str = "mustard:rl:"):
        self.redis = redis_client
        self.prefix = prefix
        self._local: dict[str, tuple[int, float]] = {}
        self._lock = threading.Lock()

    def hit(self, key: str, limit: int, window: int) -> int | None:
        """Count one attempt; returns seconds to wait if over the limit, else None."""
        if self.redis is not None:
            try:
                return self._hit_redis(key, limit, window)
            except redis.RedisError:
                log.warning("rate limiter: redis unavailable, counting in process")
        return self._hit_local(key, limit, window)

    def blocked(self, key: str, limit: int, window: int) -> int | None:
        """Seconds to wait if the key is already over the limit (without counting)."""
        if self.redis is not None:
            try:
                full = self.prefix + key
                value = self.redis.get(full)
                if value is not None and int(value) >= limit:
                    return max(1, int(self.redis.ttl(full)))
                return None
            except redis.RedisError:
                pass
        with self._lock:
            count, reset = self._local.get(key, (0, 0.0))
            if count >= limit and reset > time.monotonic():
                return max(1, int(reset - time.monotonic()))
        return None

    def reset(self, key: str) -> None:
        if self.redis is not None:
            with contextlib.suppress(redis.RedisError):
                self.redis.delete(self.prefix + key)
        with self._lock:
            self._local.pop(key, None)

    def _hit_redis(self, key: str, limit: int, window: int) -> int | None:
        full = self.prefix + key
        pipe = self.redis.pipeline()
        pipe.incr(full)
        pipe.expire(full, window, nx=True)
        count, _ = pipe.execute()
        if count > limit:
            return max(1, int(self.redis.ttl(full)))
        return None

    def _hit_local(self, key: str, limit: int, window: int) -> int | None:
        now = time.monotonic()
        with self._lock:
            count, reset = self._local.get(key, (0, now + window))
            if reset <= now:
                count, reset = 0, now + window
            count += 1
            self._local[key] = (count, reset)
            if count > limit:
                return max(1, int(reset - now))
        return None
