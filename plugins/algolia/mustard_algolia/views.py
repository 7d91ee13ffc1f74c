"""`GET /api/v1/search/key`: a secured Algolia search key for the caller's tenant.

Added only when Algolia is the selected search engine; the search-only key it derives from is
then required at start-up, so a missing key is a one-line start-up error, not a 500 later.
"""

from __future__ import annotations

from pyramid.config import Configurator
from pyramid.httpexceptions import HTTPForbidden
from pyramid.request import Request

from mustard_algolia.keys import secured_search_key
from mustard_algolia.options import AlgoliaOptions

ROUTE = "api.search.key"
PATH = "/api/v1/search/key"
PERMISSION = "candidates:read"


def search_key_view(request: Request) -> dict:
    """The secured key for request.tenant; never cached (it is a credential)."""
    tenant = request.tenant
    if tenant is None:  # a platform user outside any tenant
        raise HTTPForbidden()
    settings = request.registry.settings
    ttl = AlgoliaOptions.from_settings(settings, need_api_key=False,
                                       need_search_key=True).secured_key_ttl_seconds
    request.response.cache_control = "no-store, private"
    return secured_search_key(tenant.ref(), ttl, settings)


def add_routes(config: Configurator) -> None:
    settings = config.get_settings()
    if settings.get("mustard.search") != "algolia":
        return
    AlgoliaOptions.from_settings(settings, need_search_key=True)  # fail at start-up
    config.add_route(ROUTE, PATH, request_method="GET")
    config.add_view(search_key_view, route_name=ROUTE, permission=PERMISSION, renderer="json",
                    request_method="GET", openapi=True)


OPENAPI = {
    "paths": {
        PATH: {
            "get": {
                "operationId": "algoliaSearchKey",
                "summary": "A secured, expiring Algolia search key restricted to your tenant's "
                           "index, so the frontend may query Algolia directly",
                "responses": {
                    "200": {
                        "description": "The key",
                        "content": {"application/json": {"schema": {
                            "type": "object",
                            "properties": {"key": {"type": "string"},
                                           "expires_at": {"type": "string"},
                                           "index": {"type": "string"},
                                           "app_id": {"type": "string"}}}}},
                    },
                    "401": {"$ref": "#/components/responses/Error"},
                    "403": {"$ref": "#/components/responses/Error"},
                },
            },
        },
    },
}


def openapi_fragment(settings) -> dict | None:
    """The route's OpenAPI description, only when the route exists."""
    return OPENAPI if settings.get("mustard.search") == "algolia" else None
