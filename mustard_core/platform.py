"""The platform environment: what a web request and a background task both work with.

Built once per process from the validated settings: the database, the plugin manager, the
selected provider for each role, the job dispatcher. The Pyramid app keeps it on the registry
(`request.platform`), the Celery worker builds its own from the same settings, so a task sees
exactly the world a view sees.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pluggy
import redis
from sqlalchemy import Engine, event, select
from sqlalchemy.orm import Session, sessionmaker

from mustard_core import plugins as plugin_registry
from mustard_core.db import make_engine, make_session_factory
from mustard_core.passwords import Passwords
from mustard_core.ratelimit import RateLimiter
from mustard_core.roles import Metrics, Parser, ProviderContext, SearchEngine, Storage, TenantRef
from mustard_core.secrets import CredentialCipher, CredentialError
from mustard_core.settings import CORE_SETTINGS, Setting, resolve_settings
from mustard_core.tenancy import scope_session

log = logging.getLogger(__name__)

PENDING_JOBS = "mustard.pending_jobs"
PENDING_EVENTS = "mustard.pending_events"


class FanoutMetrics:
    """Several metrics sinks behind one Metrics; a failing sink never disturbs the caller."""

    def __init__(self, sinks: list[Metrics]):
        self.sinks = sinks

    def _each(self, method: str, *args: Any) -> None:
        for sink in self.sinks:
            try:
                getattr(sink, method)(*args)
            except Exception:
                log.debug("metrics sink %s failed", type(sink).__name__, exc_info=True)

    def increment(self, name: str, value: int = 1) -> None:
        self._each("increment", name, value)

    def timing(self, name: str, milliseconds: float) -> None:
        self._each("timing", name, milliseconds)

    def gauge(self, name: str, value: float) -> None:
        self._each("gauge", name, value)

    def health(self):
        from mustard_core.roles import Health

        bad = [type(s).__name__ for s in self.sinks if not s.health().ok]
        return Health(not bad, ", ".join(bad))


@dataclass
class Platform:
    settings: dict[str, Any]
    declared: list[Setting]
    pm: pluggy.PluginManager
    engine: Engine
    sessionmaker: sessionmaker[Session]
    storage: Storage
    search: SearchEngine
    parser: Parser
    metrics: FanoutMetrics
    passwords: Passwords
    cipher: CredentialCipher
    dispatcher: Any = None
    redis: Any = None
    rate_limiter: Any = None
    extras: dict[str, Any] = field(default_factory=dict)

    # ------------------------------------------------------------------ sessions
    @contextmanager
    def session(self, tenant_id: str | Any, *, write: bool = True) -> Iterator[Session]:
        """A scoped session in its own transaction: committed on success, then its queued jobs
        are published and its events emitted. `write=False` for a read that should never
        wait for writers (see db.begin_for_writing)."""
        session = self.sessionmaker() if write else self.sessionmaker(bind=self.engine)
        scope_session(session, tenant_id)
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    # ------------------------------------------------------------------ events
    def emit_after_commit(self, session: Session, hook: str, event_obj: Any) -> None:
        """Queue a plugin event for when this session's transaction commits."""
        session.info.setdefault(PENDING_EVENTS, []).append((hook, event_obj))

    def emit(self, hook: str, event_obj: Any) -> None:
        """Call every plugin's handler; one plugin failing is logged, never raised."""
        caller = getattr(self.pm.hook, hook)
        for impl in reversed(caller.get_hookimpls()):
            try:
                impl.function(**{arg: event_obj for arg in impl.argnames})
            except Exception:
                log.exception("plugin %s failed handling %s", impl.plugin_name, hook)
                self.metrics.increment(f"events.{hook}.failed")

    def credential(self, tenant: TenantRef, name: str) -> str | None:
        """A tenant's decrypted integration credential (for providers), or None."""
        from mustard_core.models import IntegrationCredential

        with self.session(tenant.id, write=False) as session:
            row = session.scalar(select(IntegrationCredential).where(
                IntegrationCredential.name == name))
            if row is None:
                return None
            try:
                return self.cipher.decrypt(row.key_id, row.ciphertext, tenant_id=row.tenant_id,
                                           record_id=row.id, name=row.name)
            except CredentialError:
                log.error("credential %s of a tenant does not decrypt", name)
                return None


def _after_commit(session: Session) -> None:
    platform: Platform | None = session.info.get("mustard.platform")
    jobs = session.info.pop(PENDING_JOBS, [])
    events = session.info.pop(PENDING_EVENTS, [])
    if platform is None:
        return
    for job_id, delay in jobs:
        platform.dispatcher.publish(job_id, delay=delay)
    for hook, event_obj in events:
        platform.emit(hook, event_obj)


def _after_rollback(session: Session) -> None:
    session.info.pop(PENDING_JOBS, None)
    session.info.pop(PENDING_EVENTS, None)


def build_platform(raw_settings: Mapping[str, Any],
                   dispatcher_factory: Callable[[Platform], Any] | None = None) -> Platform:
    """Validate settings, load plugins, build the selected providers."""
    settings = resolve_settings(raw_settings, CORE_SETTINGS)
    pm = plugin_registry.build_plugin_manager(settings)
    declared = list(CORE_SETTINGS) + plugin_registry.declared_settings(pm)
    settings = resolve_settings(dict(raw_settings), declared)
    engine = make_engine(settings)
    factory = make_session_factory(engine)
    cipher = CredentialCipher.from_settings(settings)
    metrics_ctx = ProviderContext(settings=settings, engine=engine, plugin_manager=pm)
    sinks = [plugin_registry.build_provider(pm, "metrics", name, metrics_ctx)
             for name in settings["mustard.metrics"]]
    metrics = FanoutMetrics(sinks)
    holder: dict[str, Platform] = {}

    def credentials(tenant: TenantRef, name: str) -> str | None:
        return holder["platform"].credential(tenant, name)

    ctx = ProviderContext(settings=settings, engine=engine, credentials=credentials,
                          metrics=metrics, plugin_manager=pm)
    platform = Platform(
        settings=settings, declared=declared, pm=pm, engine=engine, sessionmaker=factory,
        storage=plugin_registry.build_provider(pm, "storage", settings["mustard.storage"], ctx),
        search=plugin_registry.build_provider(pm, "search", settings["mustard.search"], ctx),
        parser=plugin_registry.build_provider(pm, "parser", settings["mustard.parser"], ctx),
        metrics=metrics,
        passwords=Passwords.from_settings(settings),
        cipher=cipher,
    )
    holder["platform"] = platform
    if settings.get("redis.url"):
        platform.redis = redis.Redis.from_url(settings["redis.url"], socket_timeout=2,
                                              socket_connect_timeout=2)
    platform.rate_limiter = RateLimiter(platform.redis,
                                        prefix=f"{settings['celery.queue']}:rl:")
    event.listen(factory, "after_commit", _after_commit)
    event.listen(factory, "after_soft_rollback", lambda s, prev: _after_rollback(s))
    factory.configure(info={"mustard.platform": platform})
    if dispatcher_factory is None:
        from mustard_core.dispatch import dispatcher_for

        dispatcher_factory = dispatcher_for
    platform.dispatcher = dispatcher_factory(platform)
    return platform
