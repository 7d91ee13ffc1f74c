"""Turning a SearchQuery into Algolia search parameters without letting user text escape.

Filters are sent as `facetFilters` (an array: AND of OR-groups), never as a `filters` string,
so there is no expression syntax for a value to break out of: `AND`, `OR`, quotes, parentheses
and colons in a value are just characters (the attribute ends at the first colon, and the
attribute is always ours). The one thing the array syntax interprets in a value is a leading
`-` (negation), so a leading `-` or `\\` is escaped with a backslash.
"""

from __future__ import annotations

import re
from typing import Any

from mustard_core.roles import SearchQuery

FACETS = ("skills", "companies")  # counted for every search (the API's `facets`)
MAX_QUERY_CHARS = 512  # Algolia ignores queries longer than 512 bytes
MAX_HITS_PER_PAGE = 1000
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def clean(text: str) -> str:
    """User text without control characters (they have no meaning in a search)."""
    return _CONTROL.sub(" ", text or "").strip()


def facet_value(value: str) -> str:
    """Escape a facet value so that it is matched literally by a facet filter."""
    value = clean(value)
    if value.startswith(("-", "\\")):
        value = "\\" + value
    return value


def facet_filter(attribute: str, value: str) -> str:
    return f"{attribute}:{facet_value(value)}"


def facet_filters(query: SearchQuery) -> list[list[str]]:
    """Every condition is its own group, so all of them must hold (skills included)."""
    groups = [[facet_filter("skills", skill)] for skill in query.skills if clean(skill)]
    for attribute, value in (("companies", query.company), ("titles", query.title),
                             ("locations", query.location)):
        if value and clean(value):
            groups.append([facet_filter(attribute, value)])
    return groups


def search_params(query: SearchQuery) -> dict[str, Any]:
    """The body of `POST /1/indexes/{index}/query` for this query."""
    params: dict[str, Any] = {
        "query": clean(query.q)[:MAX_QUERY_CHARS],
        "page": max(int(query.page or 0), 0),
        "hitsPerPage": min(max(int(query.per_page or 20), 1), MAX_HITS_PER_PAGE),
        "facets": list(FACETS),
    }
    groups = facet_filters(query)
    if groups:
        params["facetFilters"] = groups
    return params
