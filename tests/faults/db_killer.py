"""TEST-ONLY plugin: kill a request's database connection in the middle of the request.

Load it with `mustard.plugins = tests.faults.db_killer`. A request carrying the header
`X-Faults-Kill-Db: after-first-flush` has its PostgreSQL backend terminated
(`pg_terminate_backend`, from another connection) right after its session first flushes, i.e.
after the first rows were written but before anything committed, which is where a half-written
record would come from if the platform allowed one. Never registered outside the fault tests.
"""

from __future__ import annotations

import contextvars
import logging
import time

from sqlalchemy import event, text

from mustard_core import hookimpl

log = logging.getLogger(__name__)

HEADER = "X-Faults-Kill-Db"
_armed: contextvars.ContextVar[bool] = contextvars.ContextVar("faults_kill_db", default=False)


def tween_factory(handler, registry):
    def tween(request):
        token = _armed.set(request.headers.get(HEADER) == "after-first-flush")
        try:
            return handler(request)
        finally:
            _armed.reset(token)

    return tween


@hookimpl
def mustard_pyramid_config(config):
    platform = config.registry["platform"]
    config.add_tween("tests.faults.db_killer.tween_factory")

    def after_flush(session, flush_context):
        if not _armed.get():
            return
        _armed.set(False)  # once per request
        pid = session.connection().exec_driver_sql("SELECT pg_backend_pid()").scalar()
        with platform.engine.connect() as admin:
            admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
            admin.commit()
            # wait until the server has really ended it: the fault is then certain
            for _ in range(200):
                gone = admin.execute(text("SELECT count(*) = 0 FROM pg_stat_activity "
                                          "WHERE pid = :pid"), {"pid": pid}).scalar()
                admin.commit()
                if gone:
                    break
                time.sleep(0.01)
        log.warning("faults: terminated the request's database backend")

    event.listen(platform.sessionmaker, "after_flush", after_flush)
