"""Per-tenant secured search keys: what a browser gets to query Algolia directly.

A secured key is computed locally (HMAC-SHA256 of its restrictions, keyed by the search-only
key) and costs no call. It is restricted to the tenant's one index, expires, and may search only
the tenant's anonymous fields; the index's `unretrievableAttributes` hide every other field from
any key but the admin key, so a browser-side search is always an anonymous search.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from algoliasearch.search.client import SearchClientSync
from algoliasearch.search.models.search_params_object import SearchParamsObject
from algoliasearch.search.models.secured_api_key_restrictions import SecuredApiKeyRestrictions

from mustard_algolia.engine import index_name
from mustard_algolia.gateway import build_config
from mustard_algolia.options import AlgoliaOptions
from mustard_algolia.records import anonymous_searchable
from mustard_core.roles import TenantRef


def secured_search_key(tenant: TenantRef, ttl_seconds: int,
                       settings: Mapping[str, Any]) -> dict[str, Any]:
    """{"key", "expires_at" (ISO 8601, UTC), "index", "app_id"} for this tenant."""
    options = AlgoliaOptions.from_settings(settings, need_api_key=False, need_search_key=True)
    if ttl_seconds <= 0:
        raise ValueError("ttl_seconds must be positive")
    index = index_name(options.index_prefix, tenant.slug)
    valid_until = int(time.time()) + int(ttl_seconds)
    restrictions = SecuredApiKeyRestrictions(restrict_indices=[index], valid_until=valid_until)
    searchable = anonymous_searchable(tenant)
    if searchable:
        restrictions.search_params = SearchParamsObject(restrict_searchable_attributes=searchable)
    client = SearchClientSync.create_with_config(
        config=build_config(options, api_key=options.search_api_key))
    key = client.generate_secured_api_key(options.search_api_key, restrictions)
    return {
        "key": key,
        "expires_at": datetime.fromtimestamp(valid_until, UTC).isoformat(),
        "index": index,
        "app_id": options.app_id,
    }
