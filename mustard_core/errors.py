"""One error shape for the whole API: {"error": {"code", "message", "details"}}.

Views raise ApiError (or a Pyramid HTTP exception); the exception views below turn every failure
into that shape with the right status, so no client ever parses an HTML error page or a 500 for
something it sent. pyramid_tm aborts the transaction whenever an exception view answers,
so a failed request never leaves half a record.
"""

from __future__ import annotations

import logging
from typing import Any

from pyramid.config import Configurator
from pyramid.httpexceptions import HTTPException, HTTPUnauthorized
from pyramid.request import Request
from pyramid.response import Response
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError

log = logging.getLogger(__name__)

STATUS_CODES = {
    400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
    405: "method_not_allowed", 406: "not_acceptable", 409: "conflict", 412: "precondition_failed",
    413: "too_large", 415: "unsupported_media_type", 422: "validation_failed",
    428: "precondition_required", 429: "rate_limited", 503: "unavailable",
}


class ApiError(Exception):
    def __init__(self, status: int, message: str, *, code: str | None = None,
                 details: list[dict[str, Any]] | None = None,
                 headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.code = code or STATUS_CODES.get(status, "error")
        self.message = message
        self.details = details or []
        self.headers = headers or {}


def validation_error(field: str, message: str) -> ApiError:
    return ApiError(422, "The request is not valid.", code="validation_failed",
                    details=[{"field": field, "message": message}])


def not_found(what: str = "resource") -> ApiError:
    return ApiError(404, f"No such {what}.")


def error_response(request: Request, status: int, code: str, message: str,
                   details: list | None = None, headers: dict | None = None) -> Response:
    response = Response(status=status, charset="utf-8", content_type="application/json")
    response.json_body = {"error": {"code": code, "message": message, "details": details or []}}
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


def _wants_json(request: Request) -> bool:
    return request.path.startswith("/api/") or not request.path.startswith("/admin")


def api_error_view(exc: ApiError, request: Request) -> Response:
    return error_response(request, exc.status, exc.code, exc.message, exc.details, exc.headers)


def http_exception_view(exc: HTTPException, request: Request) -> Response:
    if exc.status_code < 400 or not _wants_json(request):
        return exc
    if exc.status_code == 403 and request.identity is None:
        exc = HTTPUnauthorized()  # no credentials at all: ask for them, don't refuse
    message = {
        401: "Authentication required: send a valid bearer token.",
        403: "You are not allowed to do this.",
        404: "No such resource.",
        405: f"Method {request.method} is not allowed here.",
    }.get(exc.status_code, exc.explanation or exc.title)
    headers = {}
    if exc.status_code == 401:
        headers["WWW-Authenticate"] = 'Bearer realm="mustard"'
    if "Allow" in exc.headers:
        headers["Allow"] = exc.headers["Allow"]
    return error_response(request, exc.status_code, STATUS_CODES.get(exc.status_code, "error"),
                          message, headers=headers)


def integrity_error_view(exc: IntegrityError, request: Request) -> Response:
    # A double submit or a race on a unique column: the client's state is stale, not our bug.
    log.info("integrity conflict on %s", request.matched_route.name if request.matched_route
             else request.path)
    return error_response(request, 409, "conflict",
                          "This conflicts with an existing record (it may already exist).")


def stale_data_view(exc: StaleDataError, request: Request) -> Response:
    return error_response(request, 409, "conflict",
                          "The record changed while you were editing it; reload and retry.")


def database_unavailable_view(exc: OperationalError, request: Request) -> Response:
    log.warning("database unavailable: %s: %s", type(exc.orig).__name__, str(exc.orig)[:200])
    return error_response(request, 503, "unavailable",
                          "The database is unavailable; retry shortly.",
                          headers={"Retry-After": "2"})


def unexpected_error_view(exc: Exception, request: Request) -> Response:
    log.exception("unexpected error on %s %s", request.method,
                  request.matched_route.name if request.matched_route else "?")
    return error_response(request, 500, "internal_error",
                          "Something went wrong on our side; it has been logged.")


def includeme(config: Configurator) -> None:
    config.add_exception_view(api_error_view, context=ApiError)
    config.add_exception_view(http_exception_view, context=HTTPException)
    config.add_exception_view(integrity_error_view, context=IntegrityError)
    config.add_exception_view(stale_data_view, context=StaleDataError)
    config.add_exception_view(database_unavailable_view, context=OperationalError)
    config.add_exception_view(unexpected_error_view, context=Exception)
