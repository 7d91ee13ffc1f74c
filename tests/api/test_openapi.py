"""The OpenAPI document: valid, served, and in step with the routes."""

from openapi_spec_validator import validate
from pyramid.interfaces import IRoutesMapper

from mustard_core.openapi import METHODS
from tests.api.test_route_security import api_views


def test_served_document_is_valid_openapi(anonymous):
    spec = anonymous.get("/api/v1/openapi.json").json
    validate(spec)
    assert spec["info"]["title"] == "Mustard API"


def test_every_api_view_is_documented_and_every_operation_has_a_view(app):
    views = {(pattern, method.lower()) for _, pattern, method, _, _ in api_views(app)
             if pattern.startswith("/api/v1/") and not pattern.endswith(("openapi.json", "docs"))}
    spec = app.get("/api/v1/openapi.json").json
    documented = {(path, method) for path, item in spec["paths"].items()
                  for method in METHODS if method in item}
    assert views - documented == set(), "views missing from the document"
    assert documented - views == set(), "documented operations without a view"


def test_every_api_view_validates_with_the_document(app):
    registry = app.app.registry
    routes = {r.name for r in registry.queryUtility(IRoutesMapper).get_routes()}
    for intr in registry.introspector.get_category("views"):
        view = intr["introspectable"]
        if view["route_name"] in routes and view["route_name"].startswith("api.") and \
                view["route_name"] not in {"api.openapi", "api.docs"}:
            assert view["openapi"] is True, view["route_name"]


def test_docs_page_lists_operations(anonymous):
    page = anonymous.get("/api/v1/docs")
    assert "/api/v1/candidates/{id}" in page.text
    assert page.content_type == "text/html"


def test_unknown_route_is_json_404(anonymous):
    res = anonymous.get("/api/v1/nothing", status=404)
    assert res.json["error"]["code"] == "not_found"


def test_wrong_method_is_json_405_or_404(recruiter):
    res = recruiter.app.put("/api/v1/me", headers=recruiter.headers, expect_errors=True)
    assert res.status_int in {404, 405}
    assert res.json["error"]["code"] in {"not_found", "method_not_allowed"}
