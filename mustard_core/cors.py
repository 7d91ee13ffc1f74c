"""CORS for the Angular frontend, which is served from its own CDN domain.

Only origins listed in `mustard.cors.origins` get CORS headers; credentials are never allowed
for a wildcard (the setting refuses '*'), and preflight requests are answered here without
reaching a view or needing a token.
"""

from __future__ import annotations

from pyramid.config import Configurator
from pyramid.response import Response

from mustard_core.settings import SettingsError

ALLOWED_METHODS = "GET, POST, PUT, PATCH, DELETE, OPTIONS"
ALLOWED_HEADERS = "Authorization, Content-Type, If-Match, If-None-Match, X-Request-Id"
EXPOSED_HEADERS = "ETag, Location, Retry-After, X-Request-Id"


def cors_tween_factory(handler, registry):
    origins = set(registry.settings.get("mustard.cors.origins") or ())
    if "*" in origins:
        raise SettingsError("malformed setting mustard.cors.origins: '*' is not allowed; "
                            "list the frontend's origins")

    def cors_tween(request):
        origin = request.headers.get("Origin")
        if not request.path.startswith("/api/") or not origin:
            return handler(request)
        allowed = origin in origins
        if request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers:
            response = Response(status=204 if allowed else 403)
        else:
            response = handler(request)
        response.vary = sorted({*(response.vary or ()), "Origin"})
        if allowed:
            response.headers["Access-Control-Allow-Origin"] = origin
            response.headers["Access-Control-Allow-Credentials"] = "true"
            response.headers["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
            if request.method == "OPTIONS":
                response.headers["Access-Control-Allow-Methods"] = ALLOWED_METHODS
                response.headers["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
                response.headers["Access-Control-Max-Age"] = "600"
        return response

    return cors_tween


def includeme(config: Configurator) -> None:
    config.add_tween("mustard_core.cors.cors_tween_factory",
                     under="mustard_core.observability.observability_tween_factory")
