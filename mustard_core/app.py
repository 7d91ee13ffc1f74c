"""The Pyramid app factory: a table of contents of the subsystems, each with its own includeme."""

from __future__ import annotations

import logging
from typing import Any

from pyramid.config import Configurator

from mustard_core.platform import Platform, build_platform

log = logging.getLogger(__name__)


def make_app(global_config: dict[str, Any] | None, *, platform: Platform | None = None,
             **settings: Any):
    """Build the WSGI app. Tests pass a ready `platform`; everything else passes settings."""
    if platform is None:
        platform = build_platform(settings)
    settings = dict(platform.settings)
    settings.setdefault("tm.manager_hook", "pyramid_tm.explicit_manager")
    with Configurator(settings=settings) as config:
        config.registry["platform"] = platform
        config.add_request_method(lambda r: r.registry["platform"], "platform", reify=True)
        # Request ids, structured request logs and request metrics, outermost.
        config.include("mustard_core.observability")
        # One session per request joined to the request's transaction (pyramid_tm).
        config.include("mustard_core.db")
        # Who is calling, their tenant, and the ACL every view checks.
        config.include("mustard_core.security")
        # Sessions for the admin console (signed cookies).
        config.include("mustard_core.sessions")
        # Every error as {"error": {...}} JSON, never an HTML page or a bare 500.
        config.include("mustard_core.errors")
        # The OpenAPI document: served, and validating every API request.
        config.include("mustard_core.openapi")
        # Browsers on the frontend's CDN origin may call the API.
        config.include("mustard_core.cors")
        # /healthz and /readyz for the load balancer.
        config.include("mustard_core.health")
        # The REST API under /api/v1.
        config.include("mustard_core.api")
        # The server-rendered admin console under /admin.
        config.include("mustard_admin")
        # Whatever installed plugins add: routes, views, admin panels.
        platform.pm.hook.mustard_pyramid_config(config=config)
        return config.make_wsgi_app()
