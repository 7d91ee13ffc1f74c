"""The console's own error pages (the API's JSON error views answer everywhere else).

An anonymous visitor refused a page is sent to the login form and brought back afterwards; a
signed-in user sees a page that says what happened, with the navigation they may use.
"""

from __future__ import annotations

import logging
from urllib.parse import urlencode

from pyramid.exceptions import BadCSRFOrigin, BadCSRFToken
from pyramid.httpexceptions import HTTPException, HTTPForbidden, HTTPSeeOther
from pyramid.renderers import render_to_response
from pyramid.request import Request
from pyramid.response import Response
from pyramid.view import exception_view_config

log = logging.getLogger(__name__)
ADMIN_PATHS = r"^/admin(/|$)"

MESSAGES = {
    400: ("Bad request", "The form was not accepted. If it was open for a long time, "
          "reload the page and try again."),
    403: ("Not allowed", "Your account does not have access to this page."),
    404: ("Not found", "There is no such page or record here."),
    405: ("Not allowed", "This page does not accept that kind of request."),
    413: ("Too large", "The upload is larger than the limit."),
}


def _wants_json(request: Request) -> bool:
    return request.path.endswith(".json")


def error_page(request: Request, status: int, title: str, message: str, *,
               with_nav: bool = True) -> Response:
    if _wants_json(request):
        return Response(json={"error": {"code": status, "message": message}}, status=status)
    response = render_to_response(
        "admin/errors/error.html",
        {"status": status, "title": title, "message": message, "with_nav": with_nav},
        request=request)
    response.status = status
    return response


@exception_view_config(HTTPException, path_info=ADMIN_PATHS)
def http_error(exc: HTTPException, request: Request) -> Response:
    if exc.status_code < 400:
        return exc  # redirects raised by views
    if isinstance(exc, HTTPForbidden) and request.user is None and not _wants_json(request):
        query = urlencode({"next": request.path_qs}) if request.method == "GET" else ""
        login = request.route_path("admin.auth.login")
        return HTTPSeeOther(location=login + ("?" + query if query else ""))
    title, message = MESSAGES.get(exc.status_code, (exc.title, exc.explanation or exc.title))
    if isinstance(exc, BadCSRFToken | BadCSRFOrigin):
        message = ("The form's security token was missing or out of date. Reload the page and "
                   "submit it again.")
    return error_page(request, exc.status_code, title, message)


@exception_view_config(Exception, path_info=ADMIN_PATHS)
def unexpected_error(exc: Exception, request: Request) -> Response:
    log.exception("console error on %s %s", request.method,
                  request.matched_route.name if request.matched_route else "?")
    return error_page(request, 500, "Something went wrong",
                      "The error has been logged. Try again, or go back to the previous page.",
                      with_nav=False)
