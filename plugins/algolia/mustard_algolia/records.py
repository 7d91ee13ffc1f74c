"""What Algolia stores for a candidate: field selection, the index settings, and trimming.

A tenant chooses which candidate fields are sent at all (`search_fields`) and which of those
an anonymous (browser-side, secured-key) search may see (`anonymous_fields`). The rest is fixed
here so the record shape, the index settings and the secured keys always agree.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Mapping
from typing import Any

from mustard_core.roles import SearchRecord, TenantRef

log = logging.getLogger(__name__)

# SearchRecord field -> Algolia attribute. `location` is stored as a list so that it facets
# like the other lists (and a candidate may one day have several).
FIELDS: dict[str, str] = {
    "name": "name",
    "headline": "headline",
    "location": "locations",
    "email": "email",
    "skills": "skills",
    "titles": "titles",
    "companies": "companies",
    "summary": "summary",
    "text": "text",
}
LIST_ATTRIBUTES = ("skills", "titles", "companies", "locations")
# Searchable in this order of importance; long free texts match anywhere in them.
SEARCHABLE = ("name", "headline", "skills", "titles", "companies", "locations",
              "unordered(summary)", "unordered(text)")
FACETED = ("skills", "companies", "titles", "locations")
# Shown to anonymous searches when the tenant does not say: nothing that names or reaches a
# person (no name, email, free text or summary).
DEFAULT_ANONYMOUS = ("headline", "skills", "titles", "companies", "location")
RANKING_ATTRIBUTE = "updated_at_ts"

_ALIASES = {"locations": "location"}


def _field_list(value: Any, setting: str) -> list[str] | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = value.replace(",", " ").split()
    fields = []
    for name in value:
        name = _ALIASES.get(str(name), str(name))
        if name in FIELDS:
            fields.append(name)
        else:
            log.warning("tenant setting %s names an unknown field %r; ignored", setting, name)
    return fields


def selected_fields(tenant: TenantRef) -> tuple[str, ...]:
    """The candidate fields sent to Algolia for this tenant (default: all of them)."""
    fields = _field_list(tenant.settings.get("search_fields"), "search_fields")
    if fields is None:
        return tuple(FIELDS)
    return tuple(name for name in FIELDS if name in fields)


def anonymous_fields(tenant: TenantRef) -> tuple[str, ...]:
    """The sent fields an anonymous search may retrieve (never more than are sent)."""
    fields = _field_list(tenant.settings.get("anonymous_fields"), "anonymous_fields")
    wanted = DEFAULT_ANONYMOUS if fields is None else fields
    sent = selected_fields(tenant)
    return tuple(name for name in FIELDS if name in wanted and name in sent)


def _attribute_name(entry: str) -> str:
    match = re.fullmatch(r"\w+\((\w+)\)", entry)
    return match.group(1) if match else entry


def index_settings(tenant: TenantRef) -> dict[str, Any]:
    """The settings pushed to the tenant's index (and to every temporary reindex index).

    Fields not sent are left out of every list; fields sent but not anonymous are
    `unretrievableAttributes`, which Algolia enforces for every key except the admin key that
    the server-side provider uses.
    """
    sent = {FIELDS[name] for name in selected_fields(tenant)}
    visible = {FIELDS[name] for name in anonymous_fields(tenant)}
    return {
        "searchableAttributes": [entry for entry in SEARCHABLE if _attribute_name(entry) in sent],
        "attributesForFaceting": [f"searchable({name})" for name in FACETED if name in sent],
        "customRanking": [f"desc({RANKING_ATTRIBUTE})"],
        "unretrievableAttributes": sorted(sent - visible),
    }


def anonymous_searchable(tenant: TenantRef) -> list[str]:
    """The searchable attributes an anonymous key may search in (so PII cannot be probed)."""
    visible = {FIELDS[name] for name in anonymous_fields(tenant)}
    return [name for name in map(_attribute_name, SEARCHABLE) if name in visible]


def record_size(obj: Mapping[str, Any]) -> int:
    """Bytes of the record as minified UTF-8 JSON: how Algolia measures its size limit."""
    return len(json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def build_record(record: SearchRecord, fields: Iterable[str], max_bytes: int) -> dict[str, Any]:
    """The Algolia object for one candidate, trimmed to max_bytes.

    Every known attribute is present; an unselected one is null, so a partial update also
    erases a value the tenant has stopped sending.
    """
    fields = set(fields)
    values: dict[str, Any] = {
        "name": record.name,
        "headline": record.headline,
        "locations": [record.location] if record.location else [],
        "email": record.email,
        "skills": list(record.skills),
        "titles": list(record.titles),
        "companies": list(record.companies),
        "summary": record.summary,
        "text": record.text or "",
    }
    obj: dict[str, Any] = {"objectID": record.id}
    for field, attribute in FIELDS.items():
        obj[attribute] = values[attribute] if field in fields else None
    obj["updated_at"] = record.updated_at.isoformat() if record.updated_at else None
    obj[RANKING_ATTRIBUTE] = int(record.updated_at.timestamp()) if record.updated_at else 0
    trimmed = trim_record(obj, max_bytes)
    if trimmed:
        log.warning("search record %s trimmed to %d bytes (%s)", record.id, max_bytes,
                    ", ".join(trimmed))
    return obj


def trim_record(obj: dict[str, Any], max_bytes: int) -> list[str]:
    """Shrink obj in place until it fits; returns the attributes that were cut.

    The rule, in order, stopping as soon as the record fits:
    1. shorten `text` (the raw CV text), then `summary`, each cut at a word boundary;
    2. drop the last entry of the largest list (skills, titles, companies, locations), again
       and again;
    3. shorten `headline`, then `name`, then `email`.
    The record is never dropped: a candidate stays findable by what is left.
    """
    trimmed: list[str] = []
    for attribute in ("text", "summary"):
        if record_size(obj) <= max_bytes:
            return trimmed
        if obj.get(attribute):
            _shorten(obj, attribute, max_bytes)
            trimmed.append(attribute)
    while record_size(obj) > max_bytes:
        lists = [name for name in LIST_ATTRIBUTES if obj.get(name)]
        if not lists:
            break
        largest = max(lists, key=lambda name: record_size({name: obj[name]}))
        obj[largest] = obj[largest][:-1]
        if largest not in trimmed:
            trimmed.append(largest)
    for attribute in ("headline", "name", "email"):
        if record_size(obj) <= max_bytes:
            break
        if obj.get(attribute):
            _shorten(obj, attribute, max_bytes)
            trimmed.append(attribute)
    return trimmed


def _shorten(obj: dict[str, Any], attribute: str, max_bytes: int) -> None:
    """Keep the longest prefix of obj[attribute] with which obj fits (binary search)."""
    value: str = obj[attribute]
    low, high = 0, len(value)
    while low < high:
        middle = (low + high + 1) // 2
        obj[attribute] = value[:middle]
        if record_size(obj) <= max_bytes:
            low = middle
        else:
            high = middle - 1
    kept = value[:low]
    if low < len(value) and " " in kept:
        kept = kept.rsplit(" ", 1)[0]  # do not end on half a word
    obj[attribute] = kept
