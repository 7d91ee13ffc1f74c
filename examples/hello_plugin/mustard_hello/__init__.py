"""Example plugin: greets new candidates (in the log), adds a Celery task and a console panel."""

from __future__ import annotations

import logging

from pyramid.response import Response

from mustard_core import hookimpl
from mustard_core.plugins import AdminPanel, CandidateEvent
from mustard_core.security import Permission
from mustard_core.settings import Setting

log = logging.getLogger(__name__)


@hookimpl
def mustard_settings():
    return [Setting("mustard_hello.greeting", env="MUSTARD_HELLO_GREETING", default="Hello",
                    help="What the panel says.")]


@hookimpl
def mustard_candidate_created(event: CandidateEvent):
    # ids only: an event never carries candidate PII, and neither do logs
    log.info("hello, candidate %s of tenant %s", event.candidate_id, event.tenant.id)


@hookimpl
def mustard_celery_tasks(celery_app):
    @celery_app.task(name="mustard_hello.ping", shared=False)
    def ping() -> str:
        return "pong"


def panel(request) -> Response:
    greeting = request.registry.settings["mustard_hello.greeting"]
    return Response(f"{greeting} from the example plugin", content_type="text/plain")


@hookimpl
def mustard_pyramid_config(config):
    config.add_route("hello.panel", "/admin/hello")
    config.add_view(panel, route_name="hello.panel", request_method="GET",
                    permission=Permission.plugins_read)


@hookimpl
def mustard_admin_panels():
    return [AdminPanel(title="Hello", route_name="hello.panel",
                       permission=Permission.plugins_read)]
